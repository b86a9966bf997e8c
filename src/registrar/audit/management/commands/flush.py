"""Django's `flush`, able to empty the ledger and the published versions on a test database.

The test runner empties the database with `flush` after each transactional test
(SQLite: DELETE, PostgreSQL: TRUNCATE), which the guards refuse. On a test database
(Django names it `test_…`, or keeps it in memory) this command drops the guards,
flushes and installs them again in one transaction, so the suite keeps working and no
connection ever sees the tables unguarded. On any other database it is Django's
flush unchanged, and the guards refuse it: the ledger is never emptied. Dropping a
trigger is DDL, which a deployment's application role should not be granted.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from registrar.audit.guards import GUARDS, install, remove


def is_test_database(connection: Any) -> bool:
    settings = connection.settings_dict
    name = str(settings["NAME"])
    named_for_tests = (settings.get("TEST") or {}).get("NAME")
    return (
        name.startswith(TEST_DATABASE_PREFIX)
        or "mode=memory" in name
        or name == ":memory:"
        or (named_for_tests is not None and name == str(named_for_tests))
    )


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if not is_test_database(connection):
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            for guard in GUARDS:
                remove(connection, guard)
            super().handle(**options)
            for guard in GUARDS:
                install(connection, guard)

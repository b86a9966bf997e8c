"""The test runner's flush empties the guarded tables on a test database and puts the guards
back; on any other database the guards refuse it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from registrar.audit.domain import record
from registrar.audit.management.commands import flush
from registrar.audit.models import AuditEntry
from registrar.programmes.domain.versions import publish_specification
from registrar.programmes.models import SpecificationVersion
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


def _raw_update_refused() -> str:
    entry = record(actor=None, action="test.done", subject="after")
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE audit_auditentry SET subject = 'y' WHERE id = %s", [entry.pk])
    return str(error.value).splitlines()[0]


def test_flush_on_the_test_database_empties_the_tables_and_keeps_the_guards():
    record(actor=None, action="test.done", subject="x")
    publish_specification(actor=None, path=MRES)

    call_command("flush", interactive=False, verbosity=0)

    assert (AuditEntry.objects.count(), SpecificationVersion.objects.count()) == (0, 0)
    assert _raw_update_refused() == (
        "the ledger is append-only: UPDATE on audit_auditentry is refused"
    )


def test_flush_elsewhere_is_refused_by_the_guards_and_removes_nothing(monkeypatch):
    record(actor=None, action="test.done", subject="x")
    monkeypatch.setattr(flush, "is_test_database", lambda connection: False)

    with pytest.raises(CommandError) as refused:
        call_command("flush", interactive=False, verbosity=0)

    # SQLite deletes table by table; PostgreSQL truncates all tables in one statement, in
    # the order introspection lists them, so either guard may refuse first.
    assert (
        str(refused.value.__cause__).splitlines()[0]
        in {
            "sqlite": {"the ledger is append-only: DELETE on audit_auditentry is refused"},
            "postgresql": {
                "the ledger is append-only: TRUNCATE on audit_auditentry is refused",
                "a published specification version is final: TRUNCATE on "
                "programmes_specificationversion is refused",
            },
        }[connection.vendor]
    )
    assert list(AuditEntry.objects.values_list("subject", flat=True)) == ["x"]


@pytest.mark.parametrize(
    ("name", "test"),
    [
        ("test_registrar", None),
        ("file:memorydb_default?mode=memory&cache=shared", None),
        ("/srv/registrar/ci.sqlite3", "/srv/registrar/ci.sqlite3"),
    ],
)
def test_what_counts_as_a_test_database(name, test):
    connection = SimpleNamespace(settings_dict={"NAME": name, "TEST": {"NAME": test}})

    assert flush.is_test_database(connection) is True


def test_a_deployed_database_is_not_a_test_database():
    connection = SimpleNamespace(settings_dict={"NAME": "registrar", "TEST": {"NAME": None}})

    assert flush.is_test_database(connection) is False

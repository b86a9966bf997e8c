"""Migration 0005 gives the entries written before the chain their hashes, in id order."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from registrar.audit import chain
from registrar.audit.models import AuditEntry
from registrar.audit.verify import verify_ledger

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_CHAIN = ("audit", "0004_auditentry_hash")
LATEST = ("audit", "0006_guards")


def migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def test_entries_from_before_the_chain_are_hashed_and_guarded_again():
    migrate(BEFORE_CHAIN)
    with connection.cursor() as cursor:
        for subject in ("first", "second"):
            cursor.execute(
                "INSERT INTO audit_auditentry (at, action, subject, reason, data, before, after,"
                " student_id, module_code, hash) VALUES (%s, 'test.done', %s, '', '{}', '{}',"
                " '{}', '', '', '')",
                ["2026-11-30 09:00:00+00:00", subject],
            )

    migrate(LATEST)

    rows = list(AuditEntry.objects.order_by("id").values("hash", *chain.HASHED))
    first = chain.entry_hash(rows[0], chain.GENESIS)
    assert [r["hash"] for r in rows] == [first, chain.entry_hash(rows[1], first)]
    assert verify_ledger().line() == f"ledger intact: 2 entries, last hash {rows[1]['hash']}"
    with pytest.raises(DatabaseError, match="the ledger is append-only: UPDATE"):
        AuditEntry._base_manager.update(subject="x")

"""The audit ledger is append-only."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from registrar.audit.domain import record
from registrar.audit.models import AppendOnlyError, AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_entry_cannot_be_changed():
    entry = record(actor=None, action="test.done", subject="x")
    entry.subject = "y"

    with pytest.raises(AppendOnlyError):
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).subject == "x"


def test_audit_entries_cannot_be_deleted_one_by_one_or_in_bulk():
    entry = record(actor=None, action="test.done", subject="x")

    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(subject="y")

    assert list(AuditEntry.objects.values_list("subject", flat=True)) == ["x"]


def test_the_database_or_the_orm_refuses_to_rewrite_the_ledger():
    """On PostgreSQL the trigger refuses even raw SQL; on SQLite (no trigger) the ORM refuses."""
    entry = record(actor=None, action="test.done", subject="x")

    if connection.vendor == "postgresql":
        refused = []
        for sql in (
            "UPDATE audit_auditentry SET subject = 'y' WHERE id = %s",
            "DELETE FROM audit_auditentry WHERE id = %s",
        ):
            with (
                pytest.raises(DatabaseError) as error,
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(sql, [entry.pk])
            refused.append(str(error.value).splitlines()[0])
        assert refused == [
            "the ledger is append-only: UPDATE on audit_auditentry is refused",
            "the ledger is append-only: DELETE on audit_auditentry is refused",
        ]
    else:
        assert connection.vendor == "sqlite"
        with pytest.raises(AppendOnlyError, match="audit entries cannot be changed"):
            AuditEntry.objects.filter(pk=entry.pk).update(subject="y")
        with pytest.raises(AppendOnlyError, match="audit entries cannot be deleted"):
            AuditEntry.objects.filter(pk=entry.pk).delete()

    assert list(AuditEntry.objects.values_list("subject", flat=True)) == ["x"]

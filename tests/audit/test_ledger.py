"""The audit ledger is append-only in the ORM (below it: test_guards.py)."""

from __future__ import annotations

import pytest

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

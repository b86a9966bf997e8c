"""Below the application: the database refuses to rewrite the ledger or a published version.

`_base_manager` (which skips the models' own refusals) and raw SQL are refused by the
triggers of registrar/audit/guards.py on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from registrar.audit.domain import record
from registrar.audit.models import AuditEntry
from registrar.programmes.domain.versions import publish_specification
from registrar.programmes.models import SpecificationVersion
from tests.conftest import MRES

pytestmark = pytest.mark.django_db

LEDGER = "the ledger is append-only: {op} on audit_auditentry is refused"
VERSIONS = (
    "a published specification version is final: {op} on programmes_specificationversion is refused"
)


def refusal(action) -> str:
    """The first line of the database's refusal of `action` (run in a savepoint)."""
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        action()
    return str(error.value).splitlines()[0]


def raw(sql: str, *params: object):
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))

    return run


def test_the_ledger_refuses_base_manager_update_and_delete():
    entry = record(actor=None, action="test.done", subject="x")
    rows = AuditEntry._base_manager.filter(pk=entry.pk)

    assert refusal(lambda: rows.update(subject="y")) == LEDGER.format(op="UPDATE")
    assert refusal(rows.delete) == LEDGER.format(op="DELETE")
    assert list(AuditEntry.objects.values_list("subject", flat=True)) == ["x"]


def test_the_ledger_refuses_raw_sql_update_and_delete():
    entry = record(actor=None, action="test.done", subject="x")

    assert refusal(
        raw("UPDATE audit_auditentry SET subject = 'y' WHERE id = %s", entry.pk)
    ) == LEDGER.format(op="UPDATE")
    assert refusal(raw("DELETE FROM audit_auditentry WHERE id = %s", entry.pk)) == LEDGER.format(
        op="DELETE"
    )
    assert list(AuditEntry.objects.values_list("subject", flat=True)) == ["x"]


def test_published_versions_refuse_base_manager_update_and_delete():
    version = publish_specification(actor=None, path=MRES)
    rows = SpecificationVersion._base_manager.filter(pk=version.pk)

    assert refusal(lambda: rows.update(yaml_text="edited")) == VERSIONS.format(op="UPDATE")
    assert refusal(lambda: rows.update(note="edited")) == VERSIONS.format(op="UPDATE")
    assert refusal(rows.delete) == VERSIONS.format(op="DELETE")
    stored = SpecificationVersion.objects.get()
    assert (stored.yaml_text, stored.note) == (MRES.read_text(encoding="utf-8"), "")


def test_published_versions_refuse_raw_sql_update_and_delete():
    version = publish_specification(actor=None, path=MRES)

    assert refusal(
        raw("UPDATE programmes_specificationversion SET data = '{}' WHERE id = %s", version.pk)
    ) == VERSIONS.format(op="UPDATE")
    assert refusal(
        raw("DELETE FROM programmes_specificationversion WHERE id = %s", version.pk)
    ) == VERSIONS.format(op="DELETE")
    assert SpecificationVersion.objects.get().data == version.data


def test_truncate_is_refused_on_both_tables_on_postgresql_and_does_not_exist_on_sqlite():
    record(actor=None, action="test.done", subject="x")
    publish_specification(actor=None, path=MRES)

    if connection.vendor == "postgresql":
        # the inserts' deferred foreign-key checks would refuse a TRUNCATE before the trigger
        raw("SET CONSTRAINTS ALL IMMEDIATE")()
        assert refusal(raw("TRUNCATE audit_auditentry")) == LEDGER.format(op="TRUNCATE")
        assert refusal(raw("TRUNCATE programmes_specificationversion CASCADE")) == (
            VERSIONS.format(op="TRUNCATE")
        )
    else:
        assert connection.vendor == "sqlite"
        # SQLite has no TRUNCATE: "DELETE FROM t" without WHERE is its form, and is refused.
        assert refusal(raw("DELETE FROM audit_auditentry")) == LEDGER.format(op="DELETE")
    assert (AuditEntry.objects.count(), SpecificationVersion.objects.count()) == (2, 1)

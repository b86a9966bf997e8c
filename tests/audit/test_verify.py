"""`verify_ledger` re-computes the chain and names the first entry where it breaks."""

from __future__ import annotations

import pytest
from django.db import connection

from registrar.audit.domain import record
from registrar.audit.guards import LEDGER, remove
from registrar.audit.verify import Anchor, verify_ledger

pytestmark = pytest.mark.django_db

CHANGED = (
    "hash does not match: this entry was changed, or an entry before it was removed or inserted"
)


@pytest.fixture
def three():
    return [record(actor=None, action="test.done", subject=s, data={"n": 1}) for s in "abc"]


def tamper(sql: str, *params: object) -> None:
    """Around the guard, as someone with the rights to drop a trigger could (the test's
    transaction is rolled back afterwards, trigger and all)."""
    remove(connection, LEDGER)
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


def test_an_intact_ledger_gives_its_count_and_last_hash(three):
    verdict = verify_ledger()

    assert verdict.line() == f"ledger intact: 3 entries, last hash {three[-1].hash}"


def test_an_empty_ledger_is_intact():
    assert verify_ledger().line() == "ledger intact: 0 entries, last hash none"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET subject = 'z' WHERE id = %s",
        "UPDATE audit_auditentry SET reason = 'why not' WHERE id = %s",
        "UPDATE audit_auditentry SET actor_id = NULL, action = 'other' WHERE id = %s",
    ],
)
def test_an_entry_changed_with_raw_sql_is_the_break(three, sql):
    tamper(sql, three[1].pk)

    verdict = verify_ledger()

    assert (verdict.broken_at, verdict.entries, verdict.last_hash) == (
        three[1].pk,
        2,
        three[0].hash,
    )
    assert verdict.line() == f"entry {three[1].pk}: {CHANGED}"


def test_a_json_value_changed_with_raw_sql_is_the_break(three):
    value = '{"n": 2}'
    tamper("UPDATE audit_auditentry SET data = %s WHERE id = %s", value, three[2].pk)

    assert verify_ledger().line() == f"entry {three[2].pk}: {CHANGED}"


def test_a_removed_entry_breaks_the_chain_at_the_next(three):
    tamper("DELETE FROM audit_auditentry WHERE id = %s", three[0].pk)

    assert verify_ledger().line() == f"entry {three[1].pk}: {CHANGED}"


def test_an_entry_rehashed_to_hide_a_change_breaks_the_chain_at_the_next(three):
    tamper(
        "UPDATE audit_auditentry SET subject = 'z', hash = %s WHERE id = %s",
        "0" * 64,
        three[1].pk,
    )

    assert verify_ledger().broken_at == three[1].pk


def test_a_hash_emptied_is_reported_as_missing(three):
    lift, restore = {
        "postgresql": (
            "SET CONSTRAINTS ALL IMMEDIATE; "
            "ALTER TABLE audit_auditentry DROP CONSTRAINT entry_hashed",
            "SELECT 1",
        ),
        "sqlite": ("PRAGMA ignore_check_constraints = ON", "PRAGMA ignore_check_constraints = OFF"),
    }[connection.vendor]
    try:
        tamper(lift)
        tamper("UPDATE audit_auditentry SET hash = '' WHERE id = %s", three[0].pk)
    finally:
        tamper(restore)  # the pragma outlives the test's transaction on SQLite

    assert verify_ledger().line() == f"entry {three[0].pk}: no hash stored"


def test_the_bulk_writers_entries_chain_with_the_rest(programme, make_student, account):
    """Marks uploads write their entries in bulk (COPY on PostgreSQL): the chain still holds."""
    from registrar.assessment.domain.imports import import_upload
    from registrar.audit.models import AuditEntry
    from tests.assessment.world import csv_bytes, make_cohort

    world = make_cohort(programme, make_student, account)
    import_upload(
        programme=programme,
        data=csv_bytes("02500001,COMP70010,,1,64.5,,", "02500002,COMP70016,,1,71,,"),
        file="marks.csv",
        actor=world.admin,
    )
    record(actor=world.admin, action="test.done", subject="after the upload")

    verdict = verify_ledger()

    assert AuditEntry.objects.filter(action="mark.added").count() == 2
    assert (verdict.intact, verdict.entries) == (True, AuditEntry.objects.count())


def test_entries_removed_from_the_end_are_found_against_an_anchor(three):
    anchor = Anchor(entries=3, last_hash=three[-1].hash)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", three[-1].pk)

    assert verify_ledger().intact  # the chain alone cannot tell
    verdict = verify_ledger(anchor)

    assert (verdict.intact, verdict.line()) == (
        False,
        f"entry {three[1].pk}: the ledger holds 2 entries, fewer than the 3 noted: entries "
        "after this one were removed",
    )


def test_a_tail_removed_and_rewritten_is_found_at_the_noted_count(three):
    anchor = Anchor(entries=3, last_hash=three[-1].hash)
    tamper("DELETE FROM audit_auditentry WHERE id = %s", three[-1].pk)
    forged = record(actor=None, action="test.done", subject="forged", data={"n": 1})

    verdict = verify_ledger(anchor)

    assert verdict.line() == (
        f"entry {forged.pk}: the chain's hash after 3 entries is not the one noted "
        f"({three[-1].hash}): the ledger was rewritten since"
    )


def test_a_ledger_grown_since_its_anchor_is_intact(three):
    anchor = Anchor(entries=2, last_hash=three[1].hash)
    assert verify_ledger(anchor).line() == f"ledger intact: 3 entries, last hash {three[-1].hash}"

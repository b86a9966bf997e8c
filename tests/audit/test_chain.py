"""The ledger's hash chain: each entry's SHA-256 covers its content and the entry before it."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest
from django.db import IntegrityError, connection, transaction

from registrar.audit import chain
from registrar.audit.domain import chained, record
from registrar.audit.models import AuditEntry
from registrar.audit.verify import verify_ledger

pytestmark = pytest.mark.django_db

FIELDS = {
    "at": dt.datetime(2026, 12, 2, 6, 0, 0, 123456, tzinfo=dt.UTC),
    "actor_id": 7,
    "action": "mark.changed",
    "subject": "00000002 COMP70016",
    "reason": "é",
    "data": {"line": 2, "file": "marks.csv"},
    "before": {"mark": "61.0"},
    "after": {"mark": "64.0"},
    "student_id": "00000002",
    "module_code": "COMP70016",
}
CANONICAL = (
    '{"action":"mark.changed","actor_id":7,"after":{"mark":"64.0"},'
    '"at":"2026-12-02T06:00:00.123456+00:00","before":{"mark":"61.0"},'
    '"data":{"file":"marks.csv","line":2},"module_code":"COMP70016","reason":"é",'
    '"student_id":"00000002","subject":"00000002 COMP70016"}'
)


def test_the_canonical_form_sorts_keys_drops_spaces_and_writes_utc():
    local = {**FIELDS, "at": FIELDS["at"].astimezone(dt.timezone(dt.timedelta(hours=1)))}

    assert chain.canonical(FIELDS) == CANONICAL.encode()
    assert chain.canonical(local) == CANONICAL.encode()


def test_the_hash_is_sha256_of_the_canonical_form_and_the_previous_hash():
    previous = "ab" * 32

    assert chain.entry_hash(FIELDS, previous) == (
        hashlib.sha256(CANONICAL.encode() + b"\n" + previous.encode()).hexdigest()
    )
    assert chain.entry_hash(FIELDS, chain.GENESIS) == (
        hashlib.sha256(CANONICAL.encode() + b"\n").hexdigest()
    )


def test_a_whole_float_is_hashed_as_the_integer_postgresql_gives_back():
    as_float = {**FIELDS, "data": {"n": [1e16, 2.0, 2.5]}}
    as_int = {**FIELDS, "data": {"n": [10**16, 2, 2.5]}}

    assert chain.canonical(as_float) == chain.canonical(as_int)


def test_each_entry_is_chained_to_the_one_before():
    first = record(actor=None, action="test.done", subject="a")
    second = record(actor=None, action="test.done", subject="b", data={"n": 1})

    fields = {name: getattr(second, name) for name in chain.HASHED}
    assert first.hash == chain.entry_hash(
        {name: getattr(first, name) for name in chain.HASHED}, chain.GENESIS
    )
    assert second.hash == chain.entry_hash(fields, first.hash)
    assert AuditEntry.objects.get(pk=second.pk).hash == second.hash


def test_what_the_database_gives_back_hashes_as_what_was_written(account):
    """JSON round trips (jsonb on PostgreSQL) and times keep the chain intact."""
    user = account("registry", "administrator")
    record(
        actor=user,
        action="test.done",
        subject="ü",
        reason="line\nbreak",
        data={"big": 1e16, "small": 1e-7, "mark": 64.5, "names": ["Ő", None, True]},
        before={"x": {"z": 1, "a": [2, 3]}},
        after={"x": 0.1},
        student_id="00000002",
        module_code="COMP70016",
    )

    verdict = verify_ledger()

    assert (verdict.intact, verdict.entries) == (True, 2)  # set_up_account's, and this one


def test_bulk_writers_get_their_rows_chained_after_the_last_entry():
    first = record(actor=None, action="test.done", subject="a")
    at = dt.datetime(2026, 12, 2, 6, 0, tzinfo=dt.UTC)
    names = chain.HASHED
    rows = [
        (at, None, "mark.added", f"s{i}", "", {"line": i}, {}, {"mark": "50"}, "", "")
        for i in (2, 3)
    ]

    with transaction.atomic():
        columns, hashed = chained(names, rows)
        AuditEntry.objects.bulk_create(
            [AuditEntry(**dict(zip(columns, row, strict=True))) for row in hashed]
        )

    second = chain.entry_hash(dict(zip(names, rows[0], strict=True)), first.hash)
    third = chain.entry_hash(dict(zip(names, rows[1], strict=True)), second)
    assert columns == (*names, "hash")
    assert list(AuditEntry.objects.order_by("id").values_list("hash", flat=True)) == [
        first.hash,
        second,
        third,
    ]
    assert verify_ledger().intact


def test_an_entry_written_around_the_chain_without_a_hash_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.bulk_create([AuditEntry(action="test.done", subject="x")])

    assert AuditEntry.objects.count() == 0


def _other_writer_is_locked_out() -> bool:
    """Whether a second connection to the test database cannot take the ledger's lock now."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        other = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            host=settings["HOST"],
            port=settings["PORT"] or 5432,
            autocommit=True,
        )
        try:
            row = other.execute("SELECT pg_try_advisory_xact_lock(%s)", [chain.LOCK_KEY]).fetchone()
            assert row is not None
            return not row[0]
        finally:
            other.close()
    other_sqlite = sqlite3.connect(settings["NAME"], uri=True, timeout=0.1)
    try:
        other_sqlite.execute("UPDATE audit_auditentry SET id = id WHERE 0")  # chain.lock's
    except sqlite3.OperationalError as error:
        return "locked" in str(error)
    finally:
        other_sqlite.close()
    return False


def test_a_writer_holds_the_ledger_until_its_transaction_ends():
    """Two writers cannot both read the same last hash: the second waits for the first.

    PostgreSQL: the advisory lock. SQLite: the database's one write lock, which `lock()`
    takes before the last hash is read.
    """
    with transaction.atomic():
        record(actor=None, action="test.done", subject="a")

        assert _other_writer_is_locked_out() is True


def _write(subjects: list[str], errors: list[BaseException]) -> None:
    from django.db import OperationalError, connections

    try:
        for subject in subjects:
            while True:
                try:
                    with transaction.atomic():
                        record(actor=None, action="test.done", subject=subject)
                    break
                except OperationalError as error:  # SQLite's in-memory test database: retry
                    if "locked" not in str(error):
                        raise
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    import threading

    errors: list[BaseException] = []
    writers = [
        threading.Thread(target=_write, args=([f"{w}-{i}" for i in range(15)], errors))
        for w in "abcd"
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)

    assert errors == []
    hashes = list(AuditEntry.objects.order_by("id").values_list("hash", flat=True))
    assert len(hashes) == len(set(hashes)) == 60
    verdict = verify_ledger()
    assert (verdict.intact, verdict.entries, verdict.last_hash) == (True, 60, hashes[-1])

"""The ledger's hash chain: each entry's SHA-256 covers its content and the entry before it.

An entry's hash is taken over a canonical serialisation of what it stores (the
fields in `HASHED`, values as the database gives them back) followed by the hash of
the entry before it in id order, so a changed, removed or inserted entry breaks the
chain from there on. The writer holds `lock()` from reading the last hash until its
transaction ends, so two writers cannot both chain to the same entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

# What an entry's hash covers, in this order (the id is given by the database on insert,
# after the hash is taken; the chain's order is the ids' order).
HASHED = (
    "at",
    "actor_id",
    "action",
    "subject",
    "reason",
    "data",
    "before",
    "after",
    "student_id",
    "module_code",
)
GENESIS = ""  # the "previous hash" of the first entry
# pg_advisory_xact_lock key: b"Registra" as a big-endian integer; any constant will do.
LOCK_KEY = 0x5265676973747261


_ENCODER = DjangoJSONEncoder()
_NATIVE = (str, int, bool, type(None))


def _plain(value: Any) -> Any:
    """A JSON value as any database gives it back: what the writer's encoder makes of it
    (the ORM writes plain JSON, the bulk writer falls back to Django's encoder for dates and
    decimals), with a float that is a whole number as that integer (PostgreSQL's jsonb gives
    1e16 back as 10000000000000000)."""
    if isinstance(value, _NATIVE):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return _plain(_ENCODER.default(value))


def _instant(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The entry's `HASHED` fields as UTF-8 JSON: keys sorted, no spaces, one way only."""
    document = {
        "at": _instant(fields["at"]),
        "actor_id": fields["actor_id"],
        **{name: fields[name] for name in ("action", "subject", "reason")},
        **{name: _plain(fields[name] or {}) for name in ("data", "before", "after")},
        "student_id": fields["student_id"],
        "module_code": fields["module_code"],
    }
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()


def entry_hash(fields: Mapping[str, Any], previous: str) -> str:
    """SHA-256 (hex) of the entry's canonical form followed by the previous entry's hash."""
    digest = hashlib.sha256(canonical(fields))
    digest.update(b"\n" + previous.encode("ascii"))
    return digest.hexdigest()


def lock() -> None:
    """Hold the ledger's write lock until the current transaction ends.

    PostgreSQL: a transaction-level advisory lock, taken by every ledger writer.
    SQLite: the database's write lock, taken by a write that touches no row (so no
    trigger fires); SQLite has one writer at a time, so that is the lock.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        else:
            cursor.execute("UPDATE audit_auditentry SET id = id WHERE 0")


def last_hash() -> str:
    """The hash of the newest entry (call with the lock held)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return str(row[0]) if row else GENESIS


def hashes(rows: Iterable[Mapping[str, Any]], previous: str) -> list[str]:
    """The chain continued over `rows` (in order) from `previous`."""
    chained = []
    for row in rows:
        previous = entry_hash(row, previous)
        chained.append(previous)
    return chained

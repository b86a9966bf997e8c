"""Writing to the ledger. Called by every domain function, inside its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from registrar.audit import chain
from registrar.audit.models import AuditEntry


def user_of(actor: Any) -> AbstractBaseUser | None:
    """The user to store as having acted: none for the system or an anonymous request."""
    return actor if actor is not None and actor.is_authenticated else None


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    subject: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    student_id: str = "",
    module_code: str = "",
) -> AuditEntry:
    """Append one entry, chained to the one before. Side effects: one AuditEntry row; the
    ledger's write lock held until the caller's transaction ends.

    `before` and `after` are the changed record's values (JSON-ready) as it was and
    as it became; `student_id` and `module_code` file the entry under the student's
    and the module's history.
    """
    return AuditEntry.objects.create(
        actor=user_of(actor),
        action=action,
        subject=subject,
        reason=reason,
        data=data or {},
        before=before or {},
        after=after or {},
        student_id=student_id,
        module_code=module_code,
    )


def chained(
    names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Entries for a bulk writer (values in the order `names`, which hold `chain.HASHED`),
    each with its hash, chained after the last entry: `names` + ("hash",) and the rows.

    Call inside the transaction that inserts them, in this order: it takes the ledger's
    write lock, which is held until that transaction ends.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("chained() must be called inside the transaction that inserts")
    chain.lock()
    hashes = chain.hashes((dict(zip(names, row, strict=True)) for row in rows), chain.last_hash())
    return (*names, "hash"), [(*row, h) for row, h in zip(rows, hashes, strict=True)]

"""Writing to the ledger. Called by every domain function, inside its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

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
    """Append one entry. Side effects: one AuditEntry row.

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

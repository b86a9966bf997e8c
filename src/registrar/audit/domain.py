"""Writing to the ledger. Called by every domain function, inside its transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from registrar.audit.models import AuditEntry


def record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    subject: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Side effects: one AuditEntry row."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject=subject,
        reason=reason,
        data=data or {},
    )

"""Accounts with a role, and API tokens for scripts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registrar.audit.domain import record, user_of
from registrar.people.models import Account, ApiToken, Role
from registrar.people.rules import can


@transaction.atomic
def set_up_account(
    *, username: str, role: Role, actor: Any, password: str | None = None, email: str = ""
) -> Any:
    """Create the account `username` with `role`, or bring an existing one to that role.

    Administrators may use the Django admin (staff and superuser). A password of
    None leaves the account without a usable password (it keeps an existing one).
    Side effects: a User and an Account row created or updated; one audit entry
    `account.set_up`.
    """
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    is_admin = role == Role.ADMINISTRATOR
    user.is_staff = is_admin
    user.is_superuser = is_admin
    if password is not None:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    Account.objects.update_or_create(user=user, defaults={"role": role})
    record(
        actor=actor,
        action="account.set_up",
        subject=username,
        data={"role": role.value, "created": created},
    )
    return user


class TokenRefusedError(Exception):
    """A token was not issued or revoked; the message says why and what to do."""


DEFAULT_TOKEN_DAYS = 90
TOKEN_LIFETIMES = (7, 30, 90, 180, 365)  # days: what the Account page offers


def may_hold_tokens(user: Any) -> bool:
    """Whether `user`'s role is one that runs scripts against the API (see people/rules.py)."""
    return can(user, "manage_own_tokens")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user: Any, name: str, actor: Any, days: int = DEFAULT_TOKEN_DAYS) -> str:
    """A new API token for `user`, valid for `days`, returned once in clear; only its SHA-256
    digest is kept. Refused (TokenRefusedError) for a role that runs no scripts, or a
    lifetime the Account page does not offer.

    Side effects: one ApiToken row; one audit entry `token.issued`.
    """
    if not may_hold_tokens(user):
        raise TokenRefusedError(
            f"{user.get_username()}'s role does not use API tokens; they are for the registry, "
            "programme leads, module leaders and project supervisors"
        )
    if days not in TOKEN_LIFETIMES:
        *shorter, longest = map(str, TOKEN_LIFETIMES)
        raise TokenRefusedError(
            f"choose how many days the token lasts: {', '.join(shorter)} or {longest}"
        )
    token = "rg_" + secrets.token_urlsafe(32)
    issued = ApiToken.objects.create(
        user=user,
        name=name or "script",
        digest=_digest(token),
        prefix=token[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        actor=actor,
        action="token.issued",
        subject=user.get_username(),
        data={"name": issued.name, "prefix": issued.prefix, "days": days},
        after={"name": issued.name, "expires_at": issued.expires_at.isoformat()},
    )
    return token


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> ApiToken:
    """Stop `token` working from now on; the row stays, marked revoked.

    Side effects: the token's revoked_at and revoked_by set; one audit entry `token.revoked`.
    """
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if locked.revoked_at is not None:
        raise TokenRefusedError(f"the token {locked.name} ({locked.prefix}…) is already revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_by = user_of(actor)
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor=actor,
        action="token.revoked",
        subject=locked.user.get_username(),
        data={"name": locked.name, "prefix": locked.prefix},
        before={"revoked_at": None},
        after={"revoked_at": locked.revoked_at.isoformat()},
    )
    return locked


def user_for_token(token: str) -> Any | None:
    """The user a bearer token acts for, or None: unknown, revoked or expired tokens, inactive
    accounts and roles that hold no tokens are refused. Notes when it was last used."""
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user", "user__account")
        .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if found is None or not found.user.is_active or not may_hold_tokens(found.user):
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used=now)
    return found.user

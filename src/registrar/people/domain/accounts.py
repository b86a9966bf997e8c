"""Accounts with a role, and API tokens for scripts."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registrar.audit.domain import record
from registrar.people.models import Account, ApiToken, Role


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


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user: Any, name: str, actor: Any) -> str:
    """A new API token for `user`, returned once in clear; only its digest is kept.

    Side effects: one ApiToken row; one audit entry `token.issued`.
    """
    token = "rg_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user, name=name or "script", digest=_digest(token), prefix=token[:8]
    )
    record(actor=actor, action="token.issued", subject=user.get_username(), data={"name": name})
    return token


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any) -> None:
    """Side effects: deletes the token; one audit entry `token.revoked`."""
    subject = token.user.get_username()
    token.delete()
    record(actor=actor, action="token.revoked", subject=subject, data={"prefix": token.prefix})


def user_for_token(token: str) -> Any | None:
    """The active user a bearer token belongs to, or None. Notes when it was last used."""
    found = ApiToken.objects.select_related("user").filter(digest=_digest(token)).first()
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
    return found.user

"""The one check every endpoint makes, and the error responses every endpoint may give."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from registrar.api.schemas import Message
from registrar.people.rules import can, role_of

ERRORS: dict[int, type[Message]] = {401: Message, 403: Message, 404: Message}


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    """403 (as JSON) unless the signed-in account's role holds `permission` (on `obj`)."""
    if role_of(request.user) is None:
        raise PermissionDenied("this account has no role in Registrar")
    if not can(request.user, permission, obj):
        raise PermissionDenied(f"your role may not do this ({permission})")

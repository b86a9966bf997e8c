"""The one decorator pages use to ask the rules table."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from registrar.people.rules import can, role_of

View = Callable[..., HttpResponse]

# What the 403 page says: plain words, never the permission's internal name.
NO_ROLE = "This account has no role in Registrar yet; ask the registry to give it one."
NOT_ALLOWED = "Your role in Registrar does not allow this."


def requires(permission: str | None) -> Callable[[View], View]:
    """Sign-in first (redirect), then the permission (403); object checks stay in the view.

    `None` asks only for a signed-in account with a role; the view then checks the
    permission on the object it loads.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if role_of(request.user) is None:
                if request.user.is_authenticated:
                    raise PermissionDenied(NO_ROLE)
                return redirect_to_login(request.get_full_path())
            if permission is not None and not can(request.user, permission):
                raise PermissionDenied(NOT_ALLOWED)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def check(request: HttpRequest, permission: str, obj: Any) -> None:
    if not can(request.user, permission, obj):
        raise PermissionDenied(NOT_ALLOWED)

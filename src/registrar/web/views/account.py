"""Signing in and out, the start page, and the user's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from registrar.people.domain.accounts import (
    DEFAULT_TOKEN_DAYS,
    TOKEN_LIFETIMES,
    TokenRefusedError,
    issue_token,
    revoke_token,
)
from registrar.people.models import ApiToken
from registrar.people.rules import can, role_of
from registrar.web.views.access import check, requires


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if role_of(request.user) is not None and can(request.user, "view_own_record"):
        return redirect("my-record")
    if can(request.user, "apply") or can(request.user, "review_applications"):
        return redirect("application-list")
    return redirect("programme-list")


@require_http_methods(["GET", "POST"])
@requires(None)
def account(request: HttpRequest) -> HttpResponse:
    """Who is signed in; for the roles that script the API, their tokens (create, revoke)."""
    new_token = None
    if request.method == "POST":
        check(request, "manage_own_tokens", None)
        days = request.POST.get("days", str(DEFAULT_TOKEN_DAYS))
        try:
            new_token = issue_token(
                user=request.user,
                name=request.POST.get("name", "").strip()[:100],
                days=int(days) if days.isdigit() else 0,
                actor=request.user,
            )
        except TokenRefusedError as refusal:
            messages.error(request, f"No token created: {refusal}.")
    may_hold = can(request.user, "manage_own_tokens")
    return render(
        request,
        "registrar/account.html",
        {
            "may_hold_tokens": may_hold,
            "tokens": ApiToken.objects.filter(user=request.user) if may_hold else [],
            "new_token": new_token,
            "lifetimes": TOKEN_LIFETIMES,
            "default_days": DEFAULT_TOKEN_DAYS,
            "now": timezone.now(),
        },
    )


@require_POST
@requires("manage_own_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        revoke_token(token=token, actor=request.user)
        messages.success(request, f"Token {token.name} revoked: it no longer works.")
    except TokenRefusedError as refusal:
        messages.error(request, f"Not revoked: {refusal}.")
    return redirect("account")

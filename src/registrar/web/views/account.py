"""Signing in and out, the start page, and the user's own API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.people.domain.accounts import issue_token, revoke_token
from registrar.people.models import ApiToken
from registrar.people.rules import can, role_of
from registrar.web.views.access import requires


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if role_of(request.user) is not None and can(request.user, "view_own_record"):
        return redirect("my-record")
    return redirect("programme-list")


@requires("manage_own_tokens")
def account(request: HttpRequest) -> HttpResponse:
    new_token = None
    if request.method == "POST":
        new_token = issue_token(
            user=request.user, name=request.POST.get("name", "").strip(), actor=request.user
        )
    return render(
        request,
        "registrar/account.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "new_token": new_token},
    )


@require_POST
@requires("manage_own_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token=token, actor=request.user)
    messages.success(request, f"Token {token.name} revoked.")
    return redirect("account")

"""Session auth (with CSRF) for the browser, bearer tokens for scripts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from registrar.people.domain.accounts import user_for_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer rg_...`; tokens are issued on the Account page. An expired or
    revoked token, or one whose account's role holds no tokens, authenticates nobody (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


session_auth = SessionAuth(csrf=True)
token_auth = TokenAuth()

"""Accounts and API tokens."""

from __future__ import annotations

import pytest

from registrar.people.domain.accounts import (
    issue_token,
    revoke_token,
    set_up_account,
    user_for_token,
)
from registrar.people.models import ApiToken, Role

pytestmark = pytest.mark.django_db


def test_administrators_may_use_the_django_admin_and_other_roles_may_not():
    admin = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None, password="pw-long-1")
    board = set_up_account(username="b", role=Role.EXAM_BOARD, actor=None, password="pw-long-2")

    assert (admin.is_staff, board.is_staff, board.is_superuser) == (True, False, False)


def test_a_token_is_stored_as_a_digest_and_finds_its_user_until_revoked():
    user = set_up_account(username="a", role=Role.MODULE_LEADER, actor=None)
    token = issue_token(user=user, name="script", actor=user)

    stored = ApiToken.objects.get()
    assert (stored.prefix, token in stored.digest, len(stored.digest)) == (token[:8], False, 64)
    assert user_for_token(token) == user
    assert user_for_token(token + "x") is None

    revoke_token(token=stored, actor=user)
    assert user_for_token(token) is None

"""Accounts and API tokens."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from registrar.audit.models import AuditEntry
from registrar.people.domain.accounts import (
    TokenRefusedError,
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
    stored.refresh_from_db()
    assert (stored.revoked_by, stored.revoked_at is not None) == (user, True)


def test_a_token_lasts_the_days_chosen_and_is_refused_once_expired():
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)
    before = timezone.now()
    token = issue_token(user=user, name="marks", actor=user, days=30)
    stored = ApiToken.objects.get()

    assert before + timedelta(days=30) <= stored.expires_at <= timezone.now() + timedelta(days=30)
    assert user_for_token(token) == user
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert user_for_token(token) is None


def test_a_token_lasts_ninety_days_unless_told_otherwise():
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)
    before = timezone.now()
    issue_token(user=user, name="marks", actor=user)

    expires = ApiToken.objects.get().expires_at
    assert before + timedelta(days=90) <= expires <= timezone.now() + timedelta(days=90)


def test_using_a_token_notes_when_it_was_last_used():
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)
    token = issue_token(user=user, name="marks", actor=user)
    assert ApiToken.objects.get().last_used is None

    before = timezone.now()
    user_for_token(token)

    assert before <= ApiToken.objects.get().last_used <= timezone.now()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.PROGRAMME_LEAD, True),
        (Role.MODULE_LEADER, True),
        (Role.PROJECT_SUPERVISOR, True),
        (Role.STUDENT, False),
        (Role.EXAM_BOARD, False),
        (Role.EXTERNAL_EXAMINER, False),
    ],
)
def test_tokens_are_issued_only_to_the_roles_that_script_the_api(role, allowed):
    user = set_up_account(username="u", role=role, actor=None)

    if allowed:
        issue_token(user=user, name="script", actor=user)
    else:
        with pytest.raises(TokenRefusedError) as refused:
            issue_token(user=user, name="script", actor=user)
        assert str(refused.value) == (
            "u's role does not use API tokens; they are for the registry, programme leads, "
            "module leaders and project supervisors"
        )

    assert ApiToken.objects.count() == (1 if allowed else 0)


def test_a_token_stops_working_when_its_account_moves_to_a_role_without_tokens():
    user = set_up_account(username="u", role=Role.MODULE_LEADER, actor=None)
    token = issue_token(user=user, name="script", actor=user)

    set_up_account(username="u", role=Role.STUDENT, actor=None)
    user.refresh_from_db()

    assert user_for_token(token) is None


def test_a_lifetime_the_page_does_not_offer_is_refused():
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)

    with pytest.raises(TokenRefusedError) as refused:
        issue_token(user=user, name="forever", actor=user, days=100000)

    assert str(refused.value) == "choose how many days the token lasts: 7, 30, 90, 180 or 365"
    assert ApiToken.objects.count() == 0


def test_issuing_and_revoking_write_ledger_entries_and_a_second_revocation_is_refused():
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)
    issue_token(user=user, name="marks", actor=user, days=7)
    stored = revoke_token(token=ApiToken.objects.get(), actor=user)

    with pytest.raises(TokenRefusedError) as refused:
        revoke_token(token=stored, actor=user)

    assert str(refused.value) == f"the token marks ({stored.prefix}…) is already revoked"
    entries = AuditEntry.objects.filter(action__startswith="token.").order_by("id")
    assert [(e.action, e.actor, e.subject, e.data) for e in entries] == [
        ("token.issued", user, "a", {"name": "marks", "prefix": stored.prefix, "days": 7}),
        ("token.revoked", user, "a", {"name": "marks", "prefix": stored.prefix}),
    ]
    assert (entries[0].after["expires_at"], entries[1].after["revoked_at"]) == (
        stored.expires_at.isoformat(),
        stored.revoked_at.isoformat(),
    )


def test_the_migration_gives_tokens_issued_before_it_ninety_days_from_their_issue():
    migration = importlib.import_module(
        "registrar.people.migrations.0003_token_expiry_and_revocation"
    )
    user = set_up_account(username="a", role=Role.ADMINISTRATOR, actor=None)
    issue_token(user=user, name="old", actor=user)
    issued = timezone.now() - timedelta(days=100)
    ApiToken.objects.update(created=issued, expires_at=issued)

    migration.expire_by_age(apps, None)

    assert ApiToken.objects.get().expires_at == issued + timedelta(days=90)

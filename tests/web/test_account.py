"""The Account page: tokens only for the roles that script the API; created with an expiry,
shown once, revoked with a button."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from registrar.people.models import ApiToken

pytestmark = pytest.mark.django_db


def signed_in(account, username: str, role: str) -> Client:
    client = Client()
    client.force_login(account(username, role))
    return client


def test_a_student_is_offered_no_tokens_and_cannot_create_one(account):
    client = signed_in(account, "alice", "student")

    page = client.get("/account/")
    posted = client.post("/account/", {"name": "script", "days": "90"})

    assert (page.status_code, "API tokens" in page.content.decode()) == (200, False)
    assert "Signed in as <strong>alice</strong> (Student)." in page.content.decode()
    assert posted.status_code == 403
    assert ApiToken.objects.count() == 0


def test_a_leader_creates_a_token_for_the_days_chosen_and_sees_it_once(account):
    client = signed_in(account, "lee", "module_leader")

    created = client.post("/account/", {"name": "marks upload", "days": "30"}).content.decode()
    again = client.get("/account/").content.decode()

    shown = re.findall(r'<code class="token">(rg_[A-Za-z0-9_-]+)</code>', created)
    stored = ApiToken.objects.get()
    assert (len(shown), shown[0][:8], stored.name) == (1, stored.prefix, "marks upload")
    assert stored.expires_at - stored.created > timedelta(days=29, hours=23)
    assert stored.expires_at - stored.created <= timedelta(days=30)
    assert (shown[0] in again, "Revoke marks upload" in again) == (False, True)


def test_a_lifetime_not_offered_creates_nothing_and_says_why(account):
    client = signed_in(account, "lee", "module_leader")

    response = client.post("/account/", {"name": "x", "days": "forever"}, follow=True)

    assert (
        "No token created: choose how many days the token lasts: 7, 30, 90, 180 or 365."
        in response.content.decode()
    )
    assert ApiToken.objects.count() == 0


def test_revoking_keeps_the_token_listed_as_revoked_and_expired_tokens_say_so(account):
    client = signed_in(account, "registry", "administrator")
    client.post("/account/", {"name": "old", "days": "7"})
    client.post("/account/", {"name": "new", "days": "90"})
    old, new = ApiToken.objects.get(name="old"), ApiToken.objects.get(name="new")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now())

    response = client.post(f"/account/tokens/{new.pk}/revoke/", follow=True)
    body = response.content.decode()

    new.refresh_from_db()
    assert new.revoked_at is not None
    assert "Token new revoked: it no longer works." in body
    assert re.findall(r"<td>(Expired|Revoked)[ <]", body) == ["Revoked", "Expired"]
    assert "Revoke new" not in body

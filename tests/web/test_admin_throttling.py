"""Sign-in throttling (django-axes) in the admin: deleting an attempt, which lets the account
sign in again, writes its ledger entry; the access logs are read-only."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from registrar.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def attempt() -> AccessAttempt:
    return AccessAttempt.objects.create(
        username="lee",
        ip_address="127.0.0.9",
        user_agent="tests",
        http_accept="*/*",
        path_info="/login/",
        get_data="",
        post_data="username=lee",
        failures_since_start=5,
    )


def test_deleting_an_access_attempt_in_the_admin_is_ledgered(admin_client):
    locked_out = attempt()

    response = admin_client.post(
        f"/admin/axes/accessattempt/{locked_out.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    entry = AuditEntry.objects.select_related("actor").order_by("-id").first()
    assert (entry.actor.get_username(), entry.action, entry.subject, entry.data) == (
        "registry",
        "admin.deleted",
        f"access attempt {locked_out}",
        {"model": "axes.accessattempt", "id": locked_out.pk},
    )
    assert {k: entry.before[k] for k in ("username", "ip_address", "failures_since_start")} == {
        "username": "lee",
        "ip_address": "127.0.0.9",
        "failures_since_start": 5,
    }
    assert AccessAttempt.objects.count() == 0


def test_an_access_attempt_is_not_changed_and_the_logs_are_read_only(admin_client):
    locked_out = attempt()
    log = AccessLog.objects.create(username="lee", ip_address="127.0.0.9", user_agent="t")
    logs = AccessLog.objects.count()  # the registry's own sign-in is logged too

    statuses = (
        admin_client.post(
            f"/admin/axes/accessattempt/{locked_out.pk}/change/", {"username": "x"}
        ).status_code,
        admin_client.post(f"/admin/axes/accesslog/{log.pk}/change/", {}).status_code,
        admin_client.post(f"/admin/axes/accesslog/{log.pk}/delete/", {"post": "yes"}).status_code,
    )

    assert (statuses, AccessLog.objects.count()) == ((403, 403, 403), logs)
    assert AccessAttempt.objects.get().username == "lee"

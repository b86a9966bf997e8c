"""The ledger in the admin: read-only, its actions in words."""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.audit.domain import record
from registrar.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def test_the_ledger_list_shows_labels(admin_client):
    record(actor=None, action="elective.chosen", subject="00000002")

    page = admin_client.get("/admin/audit/auditentry/").content.decode()

    assert ('<td class="field-what">Elective chosen</td>' in page, "elective.chosen<" in page) == (
        True,
        False,
    )


def test_an_entry_is_not_added_changed_or_deleted_in_the_admin(admin_client):
    entry = record(actor=None, action="elective.chosen", subject="00000002")

    statuses = (
        admin_client.get("/admin/audit/auditentry/add/").status_code,
        admin_client.post(
            f"/admin/audit/auditentry/{entry.pk}/change/", {"subject": "x"}
        ).status_code,
        admin_client.post(
            f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}
        ).status_code,
    )

    assert (statuses, AuditEntry.objects.get(pk=entry.pk).subject) == ((403, 403, 403), "00000002")

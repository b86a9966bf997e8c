"""Programmes in the admin: the title and institution are corrected with a ledger entry, a
programme is never added there (publishing creates it), and versions are read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.programmes.models import Programme, SpecificationVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def last_entry() -> tuple[object, ...]:
    e = AuditEntry.objects.select_related("actor").order_by("-id").first()
    assert e is not None
    return (e.actor.get_username(), e.action, e.subject, e.data, e.before, e.after)


def programme_form(programme, **changes):
    return {
        "title": programme.title,
        "institution": programme.institution,
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_correcting_a_programme_title_in_the_admin_is_ledgered(admin_client, programme):
    response = admin_client.post(
        f"/admin/programmes/programme/{programme.pk}/change/",
        programme_form(programme, title="MRes in AI and ML", code="X1", cohort="1999-00"),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.code, programme.cohort, programme.title) == (
        "G5ZB",
        "2025-26",
        "MRes in AI and ML",
    )
    assert last_entry() == (
        "registry",
        "admin.changed",
        "programme MRes in AI and ML (2025-26 entry)",
        {"model": "programmes.programme", "id": programme.pk},
        {"title": "MRes AI and Machine Learning"},
        {"title": "MRes in AI and ML"},
    )


def test_deleting_a_programme_without_versions_in_the_admin_is_ledgered(admin_client):
    empty = Programme.objects.create(code="X100", cohort="2026-27", title="Empty", institution="i")

    response = admin_client.post(f"/admin/programmes/programme/{empty.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert last_entry() == (
        "registry",
        "admin.deleted",
        "programme Empty (2026-27 entry)",
        {"model": "programmes.programme", "id": empty.pk},
        {"code": "X100", "cohort": "2026-27", "title": "Empty", "institution": "i"},
        {},
    )


def test_a_programme_with_versions_is_not_deleted(admin_client, programme):
    count = AuditEntry.objects.count()

    admin_client.post(f"/admin/programmes/programme/{programme.pk}/delete/", {"post": "yes"})

    assert (Programme.objects.count(), AuditEntry.objects.count()) == (1, count)


def test_a_programme_is_not_added_and_a_version_not_changed_in_the_admin(admin_client, programme):
    version = SpecificationVersion.objects.get()

    statuses = (
        admin_client.post("/admin/programmes/programme/add/", {"code": "X"}).status_code,
        admin_client.post(
            f"/admin/programmes/specificationversion/{version.pk}/change/", {"note": "x"}
        ).status_code,
        admin_client.post(
            f"/admin/programmes/specificationversion/{version.pk}/delete/", {"post": "yes"}
        ).status_code,
    )

    assert (statuses, Programme.objects.count(), SpecificationVersion.objects.get().note) == (
        (403, 403, 403),
        1,
        "",
    )

"""Registrations and choice windows in the admin: windows change only through the actions,
which call the domain (its ledger entry); registrations are read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.registrations.models import ChoiceWindow, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def last_entry() -> tuple[object, ...]:
    e = AuditEntry.objects.select_related("actor").order_by("-id").first()
    assert e is not None
    return (e.actor.get_username(), e.action, e.subject, e.reason, e.data, e.before, e.after)


@pytest.mark.parametrize(
    ("action", "is_open", "code"),
    [
        ("open_windows", True, "choice_window.opened"),
        ("close_windows", False, "choice_window.closed"),
    ],
)
def test_the_window_actions_write_the_domains_entry(
    admin_client, open_window, action, is_open, code
):
    window = ChoiceWindow.objects.get()

    response = admin_client.post(
        "/admin/registrations/choicewindow/", {"action": action, "_selected_action": [window.pk]}
    )

    assert response.status_code == 302
    window.refresh_from_db()
    assert window.is_open is is_open
    assert last_entry() == ("registry", code, "G5ZB 2025-26", "", {}, {}, {})


def test_the_window_form_is_view_only(admin_client, open_window):
    window = ChoiceWindow.objects.get()
    count = AuditEntry.objects.count()

    response = admin_client.post(f"/admin/registrations/choicewindow/{window.pk}/change/", {})

    assert (response.status_code, AuditEntry.objects.count()) == (403, count)


def test_registrations_are_read_only_in_the_admin(admin_client, make_student):
    registration = make_student("00000002").registrations.first()

    statuses = (
        admin_client.get("/admin/registrations/registration/add/").status_code,
        admin_client.post(
            f"/admin/registrations/registration/{registration.pk}/change/", {"reason": "x"}
        ).status_code,
        admin_client.post(
            f"/admin/registrations/registration/{registration.pk}/delete/", {"post": "yes"}
        ).status_code,
    )

    assert (statuses, Registration.objects.get(pk=registration.pk).reason) == (
        (403, 403, 403),
        "",
    )

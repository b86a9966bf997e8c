"""Pages call the domain functions and show their outcome: choice, override, versions.

The import pages are tested in test_import_pages.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.test import Client

from registrar.programmes.domain.versions import publish_specification
from registrar.registrations.models import Registration
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_client(make_student, open_window):
    alice = make_student("00000001", username="alice")
    client = Client()
    client.force_login(alice.user)
    return client


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_student_chooses_an_elective_and_sees_it_registered(alice_client):
    response = alice_client.post("/me/elective/", {"module_code": "COMP70010"}, follow=True)

    assert messages_of(response) == ["You are registered on COMP70010 Deep Learning."]
    registered = [r.module_code for r in response.context["registrations"]]
    assert registered == ["COMP70059", "COMP70060", "COMP70061", "COMP70076", "COMP70010"]


def test_student_sees_the_refusal_of_a_second_elective(alice_client):
    alice_client.post("/me/elective/", {"module_code": "COMP70010"}, follow=True)

    response = alice_client.post("/me/elective/", {"module_code": "COMP70016"}, follow=True)

    assert messages_of(response) == [
        "Not registered: you may choose exactly 1 elective and have already chosen "
        "COMP70010 Deep Learning; withdraw from it first to choose another."
    ]
    assert 'role="alert"' in response.content.decode()


def test_choice_form_disappears_when_the_window_is_closed(alice_client, programme, admin_client):
    admin_client.post(f"/programmes/{programme.pk}/choice/window/", {"state": "closed"})

    body = alice_client.get("/me/").content.decode()

    assert "Module choice is <strong>closed</strong>" in body
    assert "Register on this elective" not in body


def test_workload_page_shows_hours_by_term(alice_client):
    body = alice_client.get("/me/workload/").content.decode()

    assert '<h2 id="term-1">Autumn term</h2>' in body
    assert (
        '<td data-label="Contact" class="num">50.0</td>'
        '<td data-label="Independent" class="num">200.0</td>'
    ) in body
    assert "<strong>Year total:</strong> 228.0 contact hours and 1897.0 independent hours." in body


def test_administrator_overrides_with_a_reason(admin_client, make_student):
    make_student("00000002")

    response = admin_client.post(
        "/students/00000002/override/",
        {"module_code": "COMP70016", "reason": "clash agreed"},
        follow=True,
    )

    assert messages_of(response) == [
        "00000002 is registered on COMP70016 Natural Language Processing (override recorded)."
    ]
    body = response.content.decode()
    assert "Elective set by the registry COMP70016 by registry — clash agreed" in body


def test_administrator_override_without_a_reason_is_refused(admin_client, make_student):
    make_student("00000002")

    response = admin_client.post(
        "/students/00000002/override/", {"module_code": "COMP70016", "reason": ""}, follow=True
    )

    assert messages_of(response) == [
        "Not changed: an override needs a reason; say why the rule is set aside."
    ]
    assert not Registration.objects.filter(category="elective").exists()


def test_programme_page_shows_what_changed_between_versions(admin_client, tmp_path: Path):
    data = yaml.safe_load(MRES.read_text(encoding="utf-8"))
    data["details"]["revised"] = "2025-06"
    changed = tmp_path / "2025-26.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    programme = publish_specification(actor=None, path=MRES).programme
    publish_specification(actor=None, path=changed, note="Revised in June")

    latest = admin_client.get(f"/programmes/{programme.pk}/").content.decode()
    first = admin_client.get(f"/programmes/{programme.pk}/versions/1/").content.decode()

    assert "specification version 2 (current)" in latest
    assert "What changed since version 1" in latest
    assert (
        '<td data-label="Field"><code>details.revised</code></td><td data-label="Change">changed'
        '</td><td data-label="Before"><code>2025-01</code></td><td data-label="After"><code>'
        "2025-06</code></td>"
    ) in latest
    assert "specification version 1 (superseded)" in first
    assert "This is the first published version." in first


def test_account_page_shows_a_new_token_once(admin_client):
    created = admin_client.post("/account/", {"name": "laptop"}).content.decode()
    again = admin_client.get("/account/").content.decode()

    assert "shown only once" in created
    assert "shown only once" not in again
    assert "Revoke laptop" in again


def test_every_page_has_a_skip_link_and_one_main_heading(alice_client):
    for url in ["/me/", "/me/workload/", "/programmes/", "/account/"]:
        body = alice_client.get(url).content.decode()
        assert (body.count('<a class="skip-link" href="#main">'), body.count("<h1")) == (1, 1), url

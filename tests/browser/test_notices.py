"""Notices in a real browser: the registry opens module choice with a closing date and
reminds who has not chosen; the student reads both notices and follows one to choose."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from registrar.programmes.domain.versions import publish_specification
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, account):
    from registrar.people.models import Student
    from registrar.registrations.domain.choice import register_required_modules

    programme = publish_specification(actor=None, path=MRES).programme
    account("registry", "administrator")
    student = Student.objects.create(
        student_id="00000001",
        given_name="Alice",
        family_name="Example",
        email="alice@example.ac.uk",
        programme=programme,
        user=account("alice", "student"),
    )
    register_required_modules(student=student, actor=None)
    return programme


def test_registry_opens_and_reminds_and_the_student_reads_and_chooses(world, new_page):
    closes = timezone.localdate() + dt.timedelta(days=10)
    admin = new_page()
    sign_in(admin, "registry", "registry-pass")
    admin.goto(f"/programmes/{world.pk}/choice/")
    admin.get_by_label("Closes on (told to students; optional)").fill(closes.isoformat())
    admin.get_by_role("button", name="Open module choice").click()
    expect(admin.get_by_role("status")).to_have_text("Module choice is now open.")
    expect(admin.get_by_text("Students were told it closes on")).to_have_text(
        f"Students were told it closes on {closes:%-d %B %Y}."
    )
    admin.get_by_role("button", name="Remind students who have not chosen").click()
    expect(admin.get_by_role("status")).to_have_text("Students reminded who have not chosen: 1.")
    admin.get_by_role("link", name="Notices sent for this cohort").click()
    rows = admin.get_by_role(
        "table", name="Notices sent for MRes AI and Machine Learning (2025-26 entry)"
    )
    expect(rows.get_by_role("row")).to_have_count(3)  # the header and two notices
    expect(rows.get_by_role("row").nth(1)).to_contain_text("Module choice closes soon")
    expect(rows.get_by_role("row").nth(1)).to_contain_text("alice@example.ac.uk · emailed")
    assert [m.subject for m in mail.outbox] == [
        "Module choice is open: MRes AI and Machine Learning",
        "Module choice closes soon: MRes AI and Machine Learning",
    ]

    student = new_page()
    sign_in(student, "alice", "alice-pass")
    student.get_by_role("link", name="Notices").click()
    headings = student.get_by_role("heading", level=2)
    expect(headings).to_have_text(
        [
            "Module choice closes soon: MRes AI and Machine Learning",
            "Module choice is open: MRes AI and Machine Learning",
        ]
    )
    expect(student.get_by_text("It closes on").first).to_contain_text(f"{closes:%-d %B %Y}")
    student.get_by_role("link", name="Open").first.click()
    student.get_by_label("COMP70010 Deep Learning").check()
    student.get_by_role("button", name="Register on this elective").click()
    expect(student.get_by_role("status")).to_have_text(
        "You are registered on COMP70010 Deep Learning."
    )

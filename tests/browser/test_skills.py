"""Professional skills courses in a real browser: the administrator records a completion
for a student on the cohort page; the student sees it completed, the others outstanding
(docs/rules.md#professional-skills)."""

from __future__ import annotations

import pytest
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


def test_the_administrator_records_a_course_and_the_student_sees_it(world, new_page):
    admin = new_page()
    sign_in(admin, "registry", "registry-pass")
    admin.goto(f"/programmes/{world.pk}/")
    admin.get_by_role("link", name="record completions").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Professional skills courses")
    admin.get_by_role("button", name="Record GS-RI for 00000001").click()
    expect(admin.get_by_role("status")).to_have_text("GS-RI recorded as completed by 00000001.")
    expect(admin.get_by_role("button", name="Withdraw GS-RI for 00000001")).to_be_visible()

    student = new_page()
    sign_in(student, "alice", "alice-pass")
    expect(student.get_by_role("heading", level=1)).to_have_text("My modules")
    expect(student.locator("#skill-GS-RI")).to_contain_text("completed")
    expect(student.locator("#skill-GS-RDM")).to_contain_text("outstanding")
    expect(student.locator("#skill-GS-COMM")).to_contain_text("outstanding")

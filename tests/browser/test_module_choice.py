"""The module-choice journey in a real browser: choose, be refused, the window closes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from registrar.programmes.domain.versions import publish_specification
from registrar.registrations.domain.window import open_choice_window
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, account):
    from registrar.people.models import Student
    from registrar.registrations.domain.choice import register_required_modules

    programme = publish_specification(actor=None, path=MRES).programme
    open_choice_window(programme=programme, actor=None)
    account("registry", "administrator")
    for student_id, username, given in [("00000002", None, "Bob"), ("00000001", "alice", "Alice")]:
        student = Student.objects.create(
            student_id=student_id,
            given_name=given,
            family_name="Example",
            email=f"{given.lower()}@example.ac.uk",
            programme=programme,
            user=account(username, "student") if username else None,
        )
        register_required_modules(student=student, actor=None)
    return programme


def test_student_chooses_is_refused_a_second_and_cannot_change_after_closing(world, new_page):
    student = new_page()
    sign_in(student, "alice", "alice-pass")
    expect(student.get_by_role("heading", level=1)).to_have_text("My modules")

    # Choose an elective and see it registered.
    student.get_by_label("COMP70010 Deep Learning").check()
    student.get_by_role("button", name="Register on this elective").click()
    expect(student.get_by_role("status")).to_have_text(
        "You are registered on COMP70010 Deep Learning."
    )
    registered = student.get_by_role("table", name="Registered modules")
    expect(registered.get_by_role("row").filter(has_text="COMP70010")).to_contain_text(
        "Chosen by the student"
    )

    # Try a second one: refused, with the reason.
    student.get_by_label("COMP70016 Natural Language Processing").check()
    student.get_by_role("button", name="Register on this elective").click()
    expect(student.get_by_role("alert")).to_have_text(
        "Not registered: you may choose exactly 1 elective and have already chosen "
        "COMP70010 Deep Learning; withdraw from it first to choose another."
    )
    expect(registered.get_by_role("row").filter(has_text="COMP70016")).to_have_count(0)

    # The administrator sees the choice and closes the window.
    admin = new_page()
    sign_in(admin, "registry", "registry-pass")
    admin.goto(f"/programmes/{world.pk}/choice/")
    choices = admin.get_by_role("table", name="Elective of each student")
    expect(choices.get_by_role("row").filter(has_text="00000001")).to_contain_text(
        "COMP70010 Deep Learning"
    )
    expect(choices.get_by_role("row").filter(has_text="00000002")).to_contain_text("not chosen")
    admin.get_by_role("button", name="Close module choice").click()
    expect(admin.get_by_role("status")).to_have_text("Module choice is now closed.")

    # The student can no longer change it: no form, and the API refuses too.
    student.reload()
    expect(student.get_by_text("Module choice is closed.")).to_be_visible()
    expect(student.get_by_role("button", name="Register on this elective")).to_have_count(0)
    expect(student.get_by_role("button", name="Withdraw from COMP70010")).to_have_count(0)
    csrf = next(c["value"] for c in student.context.cookies() if c["name"] == "csrftoken")
    response = student.request.delete(
        "/api/students/00000001/elective/COMP70010", headers={"X-CSRFToken": csrf}
    )
    assert (response.status, response.json()) == (
        409,
        {
            "detail": "module choice is closed for this programme; ask the programme "
            "administrator if your elective needs to change"
        },
    )
    expect(registered.get_by_role("row").filter(has_text="COMP70010")).to_have_count(1)


def test_keyboard_user_skips_to_content_and_chooses_on_a_phone(world, new_page):
    page = new_page(width=390)
    sign_in(page, "alice", "alice-pass")
    page.goto("/me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My modules")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.get_by_label("COMP70113 Generative AI").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Register on this elective").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "You are registered on COMP70113 Generative AI."
    )
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

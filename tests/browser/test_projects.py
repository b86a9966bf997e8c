"""The research-project journeys in a real browser, from each role's side: proposals ranked
and allocated, a student's own proposal accepted, supervision meetings, the progress review."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from registrar.programmes.domain.versions import publish_specification
from registrar.projects.models import Proposal
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, account):
    from registrar.people.models import Student
    from registrar.registrations.domain.choice import register_required_modules

    programme = publish_specification(actor=None, path=MRES).programme
    account("registry", "administrator")
    account("ada", "project_supervisor")
    account("lead", "programme_lead")
    for student_id, username, given in [("00000001", "alice", "Alice"), ("00000002", "bob", "Bob")]:
        student = Student.objects.create(
            student_id=student_id,
            given_name=given,
            family_name="Example",
            email=f"{given.lower()}@example.ac.uk",
            programme=programme,
            user=account(username, "student"),
        )
        register_required_modules(student=student, actor=None)
    return programme


def _publish(page, pk: int, title: str, capacity: str, prerequisite: str = "") -> None:
    page.goto(f"/projects/{pk}/proposals/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Description").fill(f"About {title}.")
    page.get_by_label("AI area").fill("Computer vision")
    page.get_by_label("Places (students)").fill(capacity)
    if prerequisite:
        page.get_by_label("Prerequisite elective").select_option(prerequisite)
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_contain_text(f"{title} is published.")


def _window(admin, pk: int, button: str, state: str) -> None:
    admin.goto(f"/projects/{pk}/")
    admin.get_by_role("button", name=button).click()
    expect(admin.get_by_role("status")).to_have_text(f"Project choice is now {state}.")


def test_proposals_are_ranked_allocated_adjusted_and_confirmed(world, new_page):
    pk = world.pk
    supervisor = new_page()
    sign_in(supervisor, "ada", "ada-pass")
    _publish(supervisor, pk, "Seeing robots", "1")
    _publish(supervisor, pk, "Deep vision", "1", "COMP70010")

    admin = new_page()
    sign_in(admin, "registry", "registry-pass")
    _window(admin, pk, "Open project choice", "open")

    # Both students want Seeing robots first; the Deep vision prerequisite is missing.
    for username in ("alice", "bob"):
        student = new_page()
        sign_in(student, username, f"{username}-pass")
        student.goto("/me/project/")
        expect(student.get_by_role("row").filter(has_text="Deep vision")).to_contain_text(
            "needs COMP70010"
        )
        student.get_by_label("Rank for Seeing robots").select_option("1")
        student.get_by_role("button", name="Save my ranking").click()
        expect(student.get_by_role("status")).to_have_text("Your ranking of 1 proposals is saved.")
        expect(student.locator("#my-ranking")).to_contain_text("Seeing robots")

    _window(admin, pk, "Close project choice", "closed")
    admin.goto(f"/projects/{pk}/allocation/")
    admin.get_by_role("button", name="Run the allocation").click()
    expect(admin.get_by_role("status")).to_contain_text("1 allocated, 1 unallocated")
    figures = admin.locator("#quality-figures")
    expect(figures).to_contain_text("At their first choice1")
    expect(admin.locator("#unallocated-list")).to_have_text("00000002 Bob Example")

    # Bob is moved by hand to Deep vision, with a reason; then the allocation is confirmed.
    admin.get_by_text("Adjust 00000002").click()
    deep = Proposal.objects.get(title="Deep vision").code
    admin.get_by_label("Proposal for 00000002").select_option(label=f"{deep} Deep vision")
    admin.get_by_label("Reason for 00000002").fill("took the prerequisite elsewhere")
    admin.get_by_role("button", name="Move 00000002").click()
    expect(admin.get_by_role("status")).to_have_text(f"00000002 is now {deep} Deep vision.")
    expect(figures).to_contain_text("Unallocated0")
    admin.get_by_role("button", name="Confirm the allocation").click()
    expect(admin.get_by_role("status")).to_have_text(
        "Allocation confirmed: 2 students now have a supervisor."
    )
    expect(admin.get_by_role("button", name="Confirm the allocation")).to_have_count(0)

    bob = new_page()
    sign_in(bob, "bob", "bob-pass")
    bob.goto("/me/project/")
    expect(bob.locator("#project-title")).to_have_text(f"{deep} Deep vision · Computer vision")
    expect(bob.locator("#supervisors")).to_have_text("ada · Supervisor")


def test_a_students_own_proposal_is_accepted_by_the_named_supervisor(world, new_page):
    admin = new_page()
    sign_in(admin, "registry", "registry-pass")
    _window(admin, world.pk, "Open project choice", "open")

    student = new_page()
    sign_in(student, "alice", "alice-pass")
    student.goto("/me/project/")
    student.get_by_text("Propose your own project").click()
    student.get_by_label("Title").fill("Robot bees")
    student.get_by_label("Description").fill("Swarms.")
    student.get_by_label("AI area").fill("Robotics")
    student.get_by_label("Supervisor who would supervise it").select_option("ada")
    student.get_by_role("button", name="Send to the supervisor").click()
    expect(student.get_by_role("status")).to_contain_text("is sent to ada to accept.")
    own = Proposal.objects.get(title="Robot bees").code
    expect(student.get_by_role("status")).to_have_text(
        f"Your proposal {own} is sent to ada to accept."
    )

    supervisor = new_page()
    sign_in(supervisor, "ada", "ada-pass")
    supervisor.goto(f"/projects/{world.pk}/")
    supervisor.get_by_role("button", name=f"Accept {own}").click()
    expect(supervisor.get_by_role("status")).to_have_text(f"{own} is accepted.")

    student.reload()
    expect(student.get_by_text(f"{own} Robot bees, with ada: Open")).to_be_visible()
    student.get_by_label("Rank for Robot bees").select_option("1")
    student.get_by_role("button", name="Save my ranking").click()
    expect(student.locator("#my-ranking")).to_have_text(f"{own} Robot bees")
    # Bob never sees Alice's own proposal.
    bob = new_page()
    sign_in(bob, "bob", "bob-pass")
    bob.goto("/me/project/")
    expect(bob.get_by_text("Robot bees")).to_have_count(0)


def test_meetings_logged_by_both_sides_and_the_progress_review(world, new_page):
    from django.contrib.auth import get_user_model

    from registrar.people.models import Student
    from registrar.teaching.domain.assignments import assign_supervisor

    ada = get_user_model().objects.get(username="ada")
    assign_supervisor(
        student=Student.objects.get(student_id="00000001"), supervisor=ada, role="lead", actor=None
    )
    student = new_page()
    sign_in(student, "alice", "alice-pass")
    student.goto("/me/project/")
    student.get_by_label("Date").fill("2025-11-03")
    student.get_by_label("Duration (minutes)").fill("90")
    student.get_by_label("Agreed actions").fill("Write the related work")
    student.get_by_role("button", name="Log the meeting").click()
    expect(student.get_by_role("status")).to_have_text("Meeting of 2025-11-03 logged.")
    expect(student.locator("#meeting-hours")).to_have_text(
        "1.50 hours of research meetings of the 100 hours the programme specification expects."
    )

    supervisor = new_page()
    sign_in(supervisor, "ada", "ada-pass")
    supervisor.goto(f"/projects/{world.pk}/supervision/")
    rows = supervisor.get_by_role("table", name="Hours of research meetings of each student")
    expect(rows.get_by_role("row")).to_have_count(2)  # the header and Alice only
    rows.get_by_role("link", name="00000001").click()
    supervisor.get_by_label("Date").fill("2025-11-10")
    supervisor.get_by_label("Duration (minutes)").fill("30")
    supervisor.get_by_role("button", name="Log the meeting").click()
    expect(supervisor.locator("#meeting-hours")).to_contain_text("2.00 hours")

    lead = new_page()
    sign_in(lead, "lead", "lead-pass")
    lead.goto(f"/projects/{world.pk}/reviews/")
    lead.get_by_label("Title").fill("Autumn progress review")
    lead.get_by_label("Date").fill("2025-12-01")
    lead.get_by_role("button", name="Convene").click()
    expect(lead.get_by_role("status")).to_have_text("Autumn progress review convened.")
    lead.get_by_label("Progress of 00000001").select_option("at_risk")
    lead.get_by_label("Extra support for 00000001").fill("fortnightly check-ins")
    lead.get_by_label("Message to 00000001").fill("Please book a meeting with the lead.")
    lead.get_by_role("button", name="Record for 00000001").click()
    expect(lead.locator("#at-risk")).to_have_text("00000001 Alice Example: fortnightly check-ins")

    student.reload()
    outcome = student.locator(".card").filter(has_text="Autumn progress review")
    expect(outcome).to_contain_text("At risk")
    expect(outcome).to_contain_text("Please book a meeting with the lead.")

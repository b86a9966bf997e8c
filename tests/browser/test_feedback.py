"""Feedback in a real browser: the module leader writes it (with a file) beside the marks,
the student sees nothing until the results are released, then reads it with the policy's
note on written examinations; another student never sees it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)

ALICE, BOB = "00000001", "00000002"
ETHICS = "COMP70076"
PDF = b"%PDF-1.4\n% annotated essay\n%%EOF\n"
SAYS = "A careful reading of the fairness literature; say more about recourse."
NOTE = "Individual feedback is normally not provided on written examinations, if such are taken."


@pytest.fixture
def world(transactional_db, account):
    from registrar.assessment.domain.entry import MarkInput, save_marks
    from registrar.people.models import Student
    from registrar.programmes.domain.versions import publish_specification
    from registrar.registrations.domain.choice import register_required_modules
    from registrar.teaching.domain.assignments import assign_module_leader

    programme = publish_specification(actor=None, path=MRES).programme
    account("administrator", "administrator")
    leader = account("module_leader", "module_leader")
    for student_id, username in ((BOB, "bob"), (ALICE, "alice")):
        student = Student.objects.create(
            student_id=student_id,
            given_name=username.title(),
            family_name="Example",
            email=f"{username}@example.ac.uk",
            programme=programme,
            user=account(username, "student"),
        )
        register_required_modules(student=student, actor=None)
    assign_module_leader(programme=programme, module_code=ETHICS, user=leader, actor=None)
    save_marks(
        programme=programme,
        entries=[MarkInput(ALICE, ETHICS, "", 1, "67.00"), MarkInput(BOB, ETHICS, "", 1, "58.00")],
        actor=None,
    )
    return programme


def test_feedback_written_then_read_on_release(world, new_page):
    from registrar.assessment.models import Feedback
    from tests.boards.test_release import board

    leader = new_page()
    sign_in(leader, "module_leader", "module_leader-pass")
    leader.goto(f"/marks/{world.pk}/{ETHICS}/")
    leader.get_by_role("link", name="feedback").click()
    expect(leader.locator(".feedback-policy")).to_contain_text(NOTE)
    alice_form = leader.locator(f"#student-{ALICE}")
    alice_form.get_by_label("Feedback for Alice Example").fill(SAYS)
    alice_form.get_by_label("File (optional)").set_input_files(
        {"name": "essay.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    alice_form.get_by_role("button", name=f"Save feedback for {ALICE}").click()
    expect(leader.get_by_role("status")).to_contain_text(f"Feedback saved for {ALICE} on {ETHICS}")
    expect(leader.locator(f"#student-{ALICE} textarea")).to_have_value(SAYS)
    assert Feedback.objects.get().file_name == "essay.pdf"

    alice = new_page()
    sign_in(alice, "alice", "alice-pass")
    alice.get_by_role("link", name="My feedback").click()
    expect(alice.locator(".feedback-none")).to_have_text(
        "No feedback has been released to you yet."
    )
    expect(alice.get_by_text(SAYS)).to_have_count(0)
    feedback = Feedback.objects.get().pk
    assert alice.goto(f"/feedback/{feedback}/file/").status == 404  # as if it did not exist

    board(world, release=True)

    alice.goto("/me/feedback/")
    expect(alice.get_by_text(SAYS)).to_be_visible()
    expect(alice.locator(".feedback-policy")).to_contain_text(NOTE)
    with alice.expect_download() as download:
        alice.get_by_role("link", name="essay.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF

    bob = new_page()
    sign_in(bob, "bob", "bob-pass")
    bob.goto("/me/feedback/")
    expect(bob.get_by_text(SAYS)).to_have_count(0)
    assert bob.goto(f"/feedback/{feedback}/file/").status == 404  # another's: as if none

"""A mitigating-circumstances claim in a real browser, from each side: the student submits
it with evidence, the registry routes it, the panel upholds it with a further attempt
(the mark flagged MC), the student reads the decision; another student and a member not
on the panel are refused the claim and its evidence.
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
PDF = b"%PDF-1.4\n% a doctor's letter\n%%EOF\n"


@pytest.fixture
def world(transactional_db, account):
    from registrar.assessment.domain.entry import MarkInput, save_marks
    from registrar.people.models import Student
    from registrar.programmes.domain.versions import publish_specification
    from registrar.registrations.domain.choice import register_required_modules

    programme = publish_specification(actor=None, path=MRES).programme
    for role in ("administrator", "exam_board"):
        account(role, role)
    account("panel2", "exam_board")
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
    save_marks(programme=programme, entries=[MarkInput(ALICE, ETHICS, "", 1, "38.00")], actor=None)
    return programme


def test_claim_submitted_routed_upheld_and_flagged_mc(world, new_page):
    from registrar.assessment.models import Mark
    from registrar.claims.models import Claim

    alice = new_page()
    sign_in(alice, "alice", "alice-pass")
    alice.get_by_role("link", name="My claims").click()
    alice.get_by_role("link", name="Make a claim").click()
    alice.get_by_label("COMP70076 Ethics, Fairness, and Explanation in AI").check()
    alice.get_by_label("Circumstances began").fill("2026-02-20")
    alice.get_by_label("Circumstances ended").fill("2026-03-04")
    alice.get_by_label("Statement").fill("I was in hospital for the week of the assessment.")
    # a page dressed as a PDF is refused by its content, and nothing is submitted
    alice.get_by_label("Evidence").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": b"<html>no</html>"}
    )
    alice.get_by_role("button", name="Submit claim").click()
    expect(alice.get_by_role("alert")).to_contain_text(
        "Not submitted: letter.pdf is not a PDF, PNG or JPEG file"
    )
    assert Claim.objects.count() == 0
    alice.get_by_label("COMP70076 Ethics, Fairness, and Explanation in AI").check()
    alice.get_by_label("Evidence").set_input_files(
        {"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    alice.get_by_role("button", name="Submit claim").click()
    claim = Claim.objects.get()
    expect(alice.get_by_role("status")).to_contain_text(f"Your claim {claim.pk} is submitted.")
    expect(alice.locator(".claim-status")).to_have_text("Submitted")
    with alice.expect_download() as download:
        alice.get_by_role("link", name="letter.pdf").click()
    assert Path(download.value.path()).read_bytes() == PDF

    # Bob is refused Alice's claim and its evidence, answered as claims that do not exist.
    bob = new_page()
    sign_in(bob, "bob", "bob-pass")
    bob.goto("/claims/")
    expect(bob.get_by_text("No claims yet.")).to_be_visible()
    assert bob.goto(f"/claims/{claim.pk}/").status == 404
    evidence = claim.evidence.get().pk
    assert bob.goto(f"/claims/{claim.pk}/evidence/{evidence}/").status == 404

    # The registry routes it to a panel of one exam-board member.
    registry = new_page()
    sign_in(registry, "administrator", "administrator-pass")
    registry.get_by_role("link", name="Claims").click()
    registry.get_by_role("link", name=f"Claim {claim.pk}").click()
    registry.get_by_label("exam_board").check()
    registry.get_by_role("button", name="Route to the panel").click()
    expect(registry.get_by_role("status")).to_contain_text("is with the panel: exam_board")

    # A board member not on the panel sees no claim.
    other = new_page()
    sign_in(other, "panel2", "panel2-pass")
    other.goto("/claims/")
    expect(other.get_by_text("No claims.")).to_be_visible()
    assert other.goto(f"/claims/{claim.pk}/").status == 404

    # The panel member reads the evidence and upholds it with a further uncapped attempt.
    panel = new_page()
    sign_in(panel, "exam_board", "exam_board-pass")
    panel.get_by_role("link", name="Claims").click()
    panel.get_by_role("link", name=f"Claim {claim.pk}").click()
    expect(panel.get_by_text("I was in hospital for the week")).to_be_visible()
    panel.get_by_label("Upheld").check()
    panel.get_by_label("Reason").fill("The hospital letter covers the assessment.")
    panel.get_by_label("A further uncapped attempt").check()
    panel.get_by_role("button", name="Record the decision").click()
    expect(panel.get_by_role("status")).to_contain_text(f"Claim {claim.pk} is upheld.")

    mark = Mark.objects.get(module_code=ETHICS)
    assert (f"{mark.mark:.2f}", mark.flag) == ("38.00", "MC")

    # Alice reads the decision and its remedy.
    alice.goto(f"/claims/{claim.pk}/")
    decision = alice.locator(".claim-decision")
    expect(decision).to_contain_text("Upheld")
    expect(decision).to_contain_text("The hospital letter covers the assessment.")
    expect(decision).to_contain_text("A further uncapped attempt")
    expect(alice.get_by_role("button", name="Add")).to_have_count(0)  # decided: no more evidence


def test_an_extension_with_a_new_deadline(world, new_page):
    from registrar.claims.domain.claims import Affected, route_claim, submit_claim
    from registrar.claims.models import Claim
    from registrar.people.models import Student
    from tests.claims.world import DEADLINE, FROM, TO

    alice = Student.objects.get(student_id=ALICE)
    claim = submit_claim(
        student=alice,
        items=[Affected(ETHICS, deadline=DEADLINE)],
        affected_from=FROM,
        affected_to=TO,
        statement="Flu.",
        actor=alice.user,
    )
    from django.contrib.auth import get_user_model

    route_claim(
        claim=claim, panel=[get_user_model().objects.get(username="exam_board")], actor=None
    )
    panel = new_page()
    sign_in(panel, "exam_board", "exam_board-pass")
    panel.goto(f"/claims/{claim.pk}/")
    panel.get_by_label("Upheld").check()
    panel.get_by_label("Reason").fill("A GP's note.")
    panel.get_by_label("An extension to a new deadline").check()
    # no new deadline: refused, and nothing is decided
    panel.get_by_role("button", name="Record the decision").click()
    expect(panel.get_by_role("alert")).to_contain_text("Not decided: give the new deadline")
    panel.get_by_label("Upheld").check()
    panel.get_by_label("Reason").fill("A GP's note.")
    panel.get_by_label("An extension to a new deadline").check()
    panel.get_by_label("New deadline (for an extension)").fill("2026-03-05T12:00")
    panel.get_by_role("button", name="Record the decision").click()
    expect(panel.get_by_role("status")).to_contain_text("is upheld")
    expect(panel.locator(".claim-decision")).to_contain_text("new deadline 5 Mar 2026 12:00")
    assert Claim.objects.get().remedy == "extension"

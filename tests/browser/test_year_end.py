"""The year's end in a real browser: marks in, the board decides and locks, results released,
the student reads them and downloads the transcript, and is refused another's.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from registrar.demo.marks import ETHICS, PROFILES, marks_text
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)

ELECTIVE = "COMP70010"
ALICE, BOB = "00000001", "00000002"
BAD_UPLOAD = f"student_id,module_code,mark\n{ALICE},{ETHICS},70.00\n{BOB},{ETHICS},101\n"
GOOD_UPLOAD = f"student_id,module_code,mark\n{ALICE},{ETHICS},70.00\n{BOB},{ETHICS},61.00\n"
UPLIFT = "Consistent Distinction-level work in the core modules; the external examiner agreed."


@pytest.fixture
def world(transactional_db, account):
    """Alice (borderline Merit) and Bob (Merit), every mark stored but the ethics module's,
    which the module leader of COMP70076 will upload."""
    from registrar.assessment.domain.imports import import_upload
    from registrar.people.models import Student
    from registrar.programmes.domain.versions import publish_specification
    from registrar.registrations.domain.choice import override_elective, register_required_modules
    from registrar.teaching.domain.assignments import assign_module_leader

    programme = publish_specification(actor=None, path=MRES).programme
    for role in ("administrator", "exam_board", "module_leader"):
        account(role, role)
    rows = []
    for student_id, username, profile in ((BOB, "bob", "merit"), (ALICE, "alice", "borderline")):
        student = Student.objects.create(
            student_id=student_id,
            given_name=username.title(),
            family_name="Example",
            email=f"{username}@example.ac.uk",
            programme=programme,
            user=account(username, "student"),
        )
        register_required_modules(student=student, actor=None)
        override_elective(student=student, module_code=ELECTIVE, reason="test", actor=None)
        rows += [
            (student_id, r) for r in PROFILES[profile].rows(ELECTIVE) if r.module_code != ETHICS
        ]
    import_upload(
        programme=programme, data=marks_text(rows).encode(), file="others.csv", actor=None
    )
    from django.contrib.auth import get_user_model

    leader = get_user_model().objects.get(username="module_leader")
    assign_module_leader(programme=programme, module_code=ETHICS, user=leader, actor=None)
    return programme


def upload(page, text: str) -> None:
    page.get_by_label("Marks file (CSV or XLSX)").set_input_files(
        {"name": "ethics.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Preview").click()


def ethics_marks() -> list[tuple[str, str]]:
    from registrar.assessment.models import Mark

    return [
        (m.student.student_id, f"{m.mark:.2f}")
        for m in Mark.objects.filter(module_code=ETHICS).select_related("student")
    ]


def test_marks_to_board_to_release_to_transcript(world, new_page):
    # A module leader uploads the ethics marks with one bad row: nothing is saved.
    leader = new_page()
    sign_in(leader, "module_leader", "module_leader-pass")
    leader.goto(f"/marks/{world.pk}/{ETHICS}/upload/")
    upload(leader, BAD_UPLOAD)
    problems = leader.get_by_role("table", name="Problems in ethics.csv")
    expect(problems.get_by_role("row")).to_have_count(2)  # the header and the bad row
    expect(problems.get_by_role("row").nth(1)).to_contain_text("3")
    expect(problems.get_by_role("row").nth(1)).to_contain_text("mark")
    assert ethics_marks() == []

    # Fixed, previewed and saved.
    upload(leader, GOOD_UPLOAD)
    leader.get_by_role("button", name="Save 2 marks").click()
    expect(leader.get_by_role("status")).to_contain_text("2")
    assert sorted(ethics_marks()) == [(ALICE, "70.00"), (BOB, "61.00")]

    # The registry runs the board.
    registry = new_page()
    sign_in(registry, "administrator", "administrator-pass")
    registry.goto("/boards/")
    registry.get_by_role("button", name="Run a new board for G5ZB 2025-26").click()
    expect(registry.get_by_role("heading", level=1)).to_contain_text("Board run")
    from registrar.boards.models import BoardRun

    run = BoardRun.objects.get().pk  # not always 1: PostgreSQL does not reuse IDs

    # Alice sees nothing before release.
    alice = new_page()
    sign_in(alice, "alice", "alice-pass")
    alice.goto("/me/results/")
    expect(alice.get_by_role("status")).to_contain_text("Your results have not been released yet.")
    expect(alice.get_by_text("Merit")).to_have_count(0)

    # A board member opens the broadsheet and Alice's explanation, and differs with a reason.
    board = new_page()
    sign_in(board, "exam_board", "exam_board-pass")
    board.goto("/boards/")
    board.get_by_role("link", name=f"Board run {run}").click()
    board.get_by_role("link", name=ALICE).first.click()
    expect(board.get_by_text("POWA 69.49 reaches Merit").first).to_be_visible()
    board.get_by_label("Classification").select_option("Distinction")
    board.get_by_label("Reason").fill(UPLIFT)
    board.get_by_role("button", name="Record decision").click()
    expect(board.get_by_role("status")).to_contain_text("Distinction")

    # ...and locks the board.
    board.goto(f"/boards/{run}/")
    board.get_by_role("link", name="Lock the board…").click()
    board.get_by_role("button", name=f"Lock board run {run}").click()
    expect(board.get_by_text("locked").first).to_be_visible()

    # The registry releases the results.
    registry.goto("/results/")
    registry.get_by_role("link", name="Release the results…").click()
    registry.get_by_role("button", name="Release the results to 2 students").click()
    expect(registry.get_by_role("status")).to_contain_text("released")

    # Alice sees the board's decision and downloads her transcript.
    alice.goto("/me/results/")
    expect(alice.locator(".results-outcome")).to_contain_text("Distinction")
    with alice.expect_download() as download:
        alice.get_by_role("link", name="Download my transcript (PDF)").click()
    pdf = download.value.path().read_bytes()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert (pdf[:5], "Alice Example" in text, "Distinction" in text) == (b"%PDF-", True, True)

    # Bob's transcript is refused to her, as if it did not exist.
    refused = alice.goto(f"/students/{BOB}/transcript.pdf")
    assert refused.status == 404

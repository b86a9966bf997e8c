"""The exam board's pages and API: the broadsheet, explanations, decisions, the lock, the examiner.

The cohort of tests/boards/world.py has one student per outcome and flag. Who may see or do
what is tested in test_permissions_boards.py; these tests check what the pages show and do.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from registrar.boards.domain import reading
from registrar.boards.domain.decisions import decide
from registrar.boards.domain.examiners import sign_off
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.runs import run_board
from registrar.boards.models import BoardRun, Decision, ExaminerComment
from tests.boards.world import add_mark, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


@pytest.fixture
def run(programme, cohort):
    return run_board(programme=programme, actor=None)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def board(account):
    return client_for(account("board", "exam_board"))


@pytest.fixture
def external(account):
    return client_for(account("external", "external_examiner"))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def rows_of(response) -> list[str]:
    """The student IDs of the broadsheet's rows, in order."""
    return [r["id"] for r in response.context["rows"]]


def cells_of(body: str, student_id: str) -> list[str]:
    """The text of each cell of a student's broadsheet row."""
    row = re.search(
        rf'<tr[^>]*>\s*<th scope="row"[^>]*><a href="[^"]*/{student_id}/">.*?</tr>', body, re.S
    )
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


# --- the list of runs ---------------------------------------------------------------------------


def test_the_list_shows_each_run_with_its_state_and_marks_hash(run, board):
    body = board.get("/boards/").content.decode()

    assert f'<a href="/boards/{run.pk}/">Board run {run.pk}</a>' in body
    assert f'title="{run.hashes["marks"]}"' in body
    assert '<span class="tag tag-open">open</span>' in body


def test_running_a_board_from_the_list_stores_a_run_and_opens_it(programme, cohort, account):
    admin = client_for(account("registry", "administrator"))

    response = admin.post("/boards/run/", {"programme": programme.pk}, follow=True)

    run = BoardRun.objects.get()
    assert response.redirect_chain == [(f"/boards/{run.pk}/", 302)]
    assert messages_of(response) == [f"Board run {run.pk}: 8 students evaluated from stored marks."]
    assert run.created_by.get_username() == "registry"


def test_a_refused_run_says_why_on_the_list(programme, cohort, account):
    add_mark(cohort["00000001"], "COMP70010", 3, "50")
    admin = client_for(account("registry", "administrator"))

    response = admin.post("/boards/run/", {"programme": programme.pk}, follow=True)

    assert response.redirect_chain == [("/boards/", 302)]
    [message] = messages_of(response)
    assert message.startswith(
        "No board run: the stored records do not pass the engine's checks: marks.csv:"
    )
    assert BoardRun.objects.count() == 0


# --- the broadsheet -----------------------------------------------------------------------------


def test_the_broadsheet_shows_marks_powa_proposal_flags_and_decision(run, board):
    body = board.get(f"/boards/{run.pk}/").content.decode()

    assert cells_of(body, "00000004") == [
        "65.00",
        "65.00",
        "65.00",
        "65.00",
        "COMP70010 45.00 C",
        "63.89",
        "awarded MRes Merit",
        "compensated",
        "undecided",
    ]
    assert cells_of(body, "00000005")[1] == "40.00 R"
    assert cells_of(body, "00000006")[3] == "60.00 MC"
    assert cells_of(body, "00000008")[4:] == [
        "COMP70010 —",
        "60.00",
        "incomplete",
        "incomplete",
        "undecided",
    ]
    assert [cells_of(body, sid)[7] for sid in ("00000002", "00000003", "00000005")] == [
        "borderline",
        "project",
        "referred",
    ]


def test_the_broadsheet_shows_the_runs_hashes_versions_and_state(run, board):
    body = board.get(f"/boards/{run.pk}/").content.decode()

    for digest in run.hashes.values():
        assert f"<code>{digest}</code>" in body
    assert f'<a href="/programmes/{run.programme_id}/versions/1/">version 1</a>' in body
    assert f"<code>{run.engine_version}</code>" in body
    assert "The engine running now is" not in body


def test_the_broadsheet_warns_when_the_engine_version_differs(run, board):
    BoardRun.objects.filter(pk=run.pk).update(engine_version="0.0.1+rules.000000000000")

    body = board.get(f"/boards/{run.pk}/").content.decode()

    assert "The engine running now is <code>" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [f"0000000{n}" for n in range(1, 9)]),
        ("?status=referred", ["00000005"]),
        ("?status=awarded&flag=borderline", ["00000002"]),
        ("?flag=mc", ["00000006"]),
        ("?flag=project_lowered", ["00000003"]),
        ("?status=failed", ["00000007"]),
        (
            "?sort=powa",
            [
                "00000001",
                "00000003",
                "00000002",
                "00000004",
                "00000006",
                "00000008",
                "00000005",
                "00000007",
            ],
        ),
        (
            "?sort=powa&order=desc&status=awarded",
            ["00000006", "00000004", "00000002", "00000003", "00000001"],
        ),
        (
            "?sort=status",
            [
                "00000001",
                "00000002",
                "00000003",
                "00000004",
                "00000006",
                "00000005",
                "00000008",
                "00000007",
            ],
        ),
    ],
)
def test_the_broadsheet_filters_and_sorts_on_the_server(run, board, query, expected):
    response = board.get(f"/boards/{run.pk}/{query}")

    assert rows_of(response) == expected
    assert f"Showing {len(expected)} of 8 students." in response.content.decode()


def test_the_broadsheet_filters_on_the_boards_decision(run, cohort, account, board):
    decide(
        run=run,
        student=cohort["00000002"],
        actor=account("chair", "programme_lead"),
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason="viva",
    )

    response = board.get(f"/boards/{run.pk}/?flag=differs")

    assert rows_of(response) == ["00000002"]
    assert cells_of(response.content.decode(), "00000002")[-1] == "awarded MRes Distinction"


def test_the_broadsheet_makes_the_same_queries_for_8_students_as_for_2(
    programme, make_student, account, board
):
    make_cohort(make_student, only=("00000001", "00000002"))
    small = run_board(programme=programme, actor=None)
    make_cohort(
        make_student, only=("00000003", "00000004", "00000005", "00000006", "00000007", "00000008")
    )
    large = run_board(programme=programme, actor=None)
    board.get(f"/boards/{small.pk}/")  # both evaluations cached, the session warm
    board.get(f"/boards/{large.pk}/")

    counts = []
    for made in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = board.get(f"/boards/{made.pk}/")
        counts.append(len(queries))
        assert response.status_code == 200

    assert counts[0] == counts[1]
    assert (len(rows_of(board.get(f"/boards/{small.pk}/"))), len(rows_of(response))) == (2, 8)


def test_the_broadsheet_evaluates_a_run_once(run, board, monkeypatch):
    reading._evaluation.cache_clear()
    calls = []
    real = reading.evaluate_texts
    monkeypatch.setattr(reading, "evaluate_texts", lambda *a: calls.append(1) or real(*a))

    for _ in range(3):
        board.get(f"/boards/{run.pk}/")
    board.get(f"/boards/{run.pk}/students/00000001/")

    assert len(calls) == 1


# --- a student's explanation and the decision ---------------------------------------------------


def test_the_explanation_shows_the_trace_with_its_clauses(run, board):
    response = board.get(f"/boards/{run.pk}/students/00000003/")
    body = response.content.decode()

    assert "<h3>Classification, lowered to the project&#x27;s band</h3>" in body
    assert "→ Merit (lowered by the project mark)" in body
    assert "docs/rules.md#classification" in body
    assert "→ POWA 73.33 (exact, rounded once, half up)" in body
    assert len(response.context["trace"].steps) == 14


def test_the_decision_form_starts_from_the_proposal(run, board):
    form = board.get(f"/boards/{run.pk}/students/00000003/").context["form"]

    assert form == {"status": "awarded", "award": "MRes", "classification": "Merit", "reason": ""}


def test_a_different_decision_without_a_reason_is_refused_and_keeps_what_was_chosen(run, board):
    response = board.post(
        f"/boards/{run.pk}/students/00000003/decision/",
        {"status": "awarded", "award": "MRes", "classification": "Distinction", "reason": ""},
    )

    assert response.status_code == 409
    body = response.content.decode()
    assert (
        '<div class="message message-error" role="alert">Not recorded: the decision awarded MRes '
        "Distinction differs from the proposal awarded MRes Merit; give the board&#x27;s reason."
        "</div>"
    ) in body
    assert '<option value="Distinction" selected>' in body
    assert Decision.objects.count() == 0


def test_a_different_decision_with_a_reason_is_recorded_and_shown(run, board):
    response = board.post(
        f"/boards/{run.pk}/students/00000003/decision/",
        {
            "status": "awarded",
            "award": "MRes",
            "classification": "Distinction",
            "reason": "project marked down for a late appendix",
        },
        follow=True,
    )

    assert messages_of(response) == [
        "Recorded for 00000003: awarded MRes Distinction, differing from the proposal."
    ]
    body = response.content.decode()
    assert (
        "<strong>awarded MRes Distinction</strong>, differing from the proposal: project marked "
        "down for a late appendix"
    ) in body
    broadsheet = board.get(f"/boards/{run.pk}/").content.decode()
    assert cells_of(broadsheet, "00000003")[-1] == "awarded MRes Distinction"


def test_agreeing_records_an_agreeing_decision(run, board):
    response = board.post(
        f"/boards/{run.pk}/students/00000005/decision/",
        {"status": "referred", "award": "", "classification": "", "reason": ""},
        follow=True,
    )

    assert messages_of(response) == ["Recorded for 00000005: the board agrees the proposal."]
    assert list(Decision.objects.values_list("agrees", "status")) == [(True, "referred")]


def test_a_locked_run_shows_no_decision_form_and_refuses_a_decision(run, board, account):
    lock_board(run=run, actor=account("chair", "programme_lead"))

    page = board.get(f"/boards/{run.pk}/students/00000005/").content.decode()
    refused = board.post(
        f"/boards/{run.pk}/students/00000005/decision/",
        {"status": "failed", "reason": "late"},
    )

    assert "Record the board&#x27;s decision" not in page
    assert f"Board run {run.pk} is locked: its decisions are final." in page
    assert refused.status_code == 409
    assert "its decisions can no longer change" in refused.content.decode()
    assert Decision.objects.count() == 0


def test_an_unknown_student_or_run_is_not_found(run, board):
    assert board.get(f"/boards/{run.pk}/students/00000099/").status_code == 404
    assert board.get(f"/boards/{run.pk + 1}/").status_code == 404


def test_the_explanation_links_the_students_either_side(run, board):
    response = board.get(f"/boards/{run.pk}/students/00000001/")

    assert (response.context["previous"], response.context["next"]) == (None, "00000002")


# --- the lock -----------------------------------------------------------------------------------


def test_the_lock_is_confirmed_then_locks_the_run(run, cohort, board, account):
    decide(
        run=run,
        student=cohort["00000005"],
        actor=account("chair", "programme_lead"),
        status="failed",
        reason="withdrew",
    )

    page = board.get(f"/boards/{run.pk}/lock/").content.decode()
    response = board.post(f"/boards/{run.pk}/lock/", follow=True)

    assert "locks the 41 stored mark rows this run read" in page
    assert "1 decision recorded, 1 of them differing from the proposal;" in page
    assert "7 without a recorded decision: for them the proposal stands." in page
    assert messages_of(response) == [
        f"Board run {run.pk} is locked: its decisions are final and the marks it read can no "
        "longer change."
    ]
    body = response.content.decode()
    assert '<span class="tag tag-locked">locked</span>' in body
    assert (cells_of(body, "00000001")[-1], cells_of(body, "00000005")[-1]) == (
        "as proposed",
        "failed",
    )
    assert BoardRun.objects.get().is_locked


def test_locking_twice_says_it_is_already_locked(run, board):
    board.post(f"/boards/{run.pk}/lock/", follow=True)

    response = board.post(f"/boards/{run.pk}/lock/", follow=True)

    assert messages_of(response) == [f"Not locked: board run {run.pk} is already locked."]


# --- the external examiner ----------------------------------------------------------------------


def test_the_examiner_comments_on_a_student_and_the_board_reads_it(run, external, board):
    response = external.post(
        f"/boards/{run.pk}/comments/",
        {"student_id": "00000004", "text": "Is compensating COMP70010 right?"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/boards/{run.pk}/students/00000004/", 302)]
    assert messages_of(response) == ["Your comment is recorded; the board reads it with the run."]
    student_page = board.get(f"/boards/{run.pk}/students/00000004/").content.decode()
    broadsheet = board.get(f"/boards/{run.pk}/").content.decode()
    assert "external: Is compensating COMP70010 right?" in student_page
    assert (
        f'external on <a href="/boards/{run.pk}/students/00000004/">00000004</a>: '
        "Is compensating COMP70010 right?"
    ) in broadsheet
    assert "1 comment</span>" in broadsheet


def test_an_empty_comment_is_refused_with_a_message(run, external):
    response = external.post(f"/boards/{run.pk}/comments/", {"text": " "}, follow=True)

    assert messages_of(response) == [
        "Not recorded: the comment is empty; write what you want the board to read."
    ]
    assert ExaminerComment.objects.count() == 0


def test_the_examiner_signs_off_once_and_the_sign_off_shows(run, external, board):
    first = external.post(
        f"/boards/{run.pk}/sign-off/", {"statement": "Fair and consistent."}, follow=True
    )
    second = external.post(f"/boards/{run.pk}/sign-off/", {"statement": ""}, follow=True)

    assert messages_of(first)[0].startswith(f"You signed off board run {run.pk} on ")
    assert messages_of(second)[0].startswith(
        f"Not signed off: external already signed off board run {run.pk} on "
    )
    assert "You have signed off this run." in second.content.decode()
    assert "“Fair and consistent.”" in board.get(f"/boards/{run.pk}/").content.decode()


# --- exports and verification -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file_format", "content_type", "start"),
    [
        ("csv", "text/csv; charset=utf-8", b"student_id,status,award,classification,"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("pdf", "application/pdf", b"%PDF-"),
    ],
)
def test_the_exports_download_as_files(run, board, file_format, content_type, start):
    response = board.get(f"/boards/{run.pk}/export.{file_format}")

    assert (response.status_code, response["Content-Type"]) == (200, content_type)
    assert response["Content-Disposition"] == (
        f'attachment; filename="board-run-{run.pk}-G5ZB-2025-26.{file_format}"'
    )
    assert response.content[: len(start)] == start


def test_an_unknown_export_format_is_not_found(run, board):
    assert board.get(f"/boards/{run.pk}/export.docx").status_code == 404


def test_the_verify_page_lists_what_differs_from_what_the_run_stored(run, board):
    BoardRun.objects.filter(pk=run.pk).update(
        results_csv=run.results_csv.replace(
            "00000004,awarded,MRes,Merit", "00000004,awarded,MRes,Pass"
        )
    )

    body = board.get(f"/boards/{run.pk}/verify/").content.decode()

    assert f"Board run {run.pk} differs from what it stored: 1 difference." in body
    assert (
        "<li>student 00000004, classification: stored &#x27;Pass&#x27;, "
        "re-derived &#x27;Merit&#x27;</li>"
    ) in body


# --- the API ------------------------------------------------------------------------------------


def test_api_run_gives_hashes_and_each_students_outcome(run, cohort, board, account):
    decide(
        run=run,
        student=cohort["00000002"],
        actor=account("chair", "programme_lead"),
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason="viva",
    )

    body = board.get(f"/api/boards/{run.pk}").json()

    assert (body["id"], body["hashes"], body["version"], body["student_count"]) == (
        run.pk,
        run.hashes,
        1,
        8,
    )
    second = body["students"][1]
    assert {
        k: second[k]
        for k in (
            "student_id",
            "classification",
            "powa",
            "credits_earned",
            "dic",
            "flags",
            "decision",
            "decision_reason",
            "decided",
        )
    } == {
        "student_id": "00000002",
        "classification": "Merit",
        "powa": "69.07",
        "credits_earned": 90,
        "dic": True,
        "flags": ["borderline"],
        "decision": "awarded MRes Distinction",
        "decision_reason": "viva",
        "decided": True,
    }


def test_api_refusals_are_409_with_the_domains_reason(run, board, account):
    chair = client_for(account("chair", "programme_lead"))
    differ = {
        "student_id": "00000002",
        "status": "awarded",
        "award": "MRes",
        "classification": "Distinction",
    }

    no_reason = chair.post(
        f"/api/boards/{run.pk}/decisions", differ, content_type="application/json"
    )
    chair.post(f"/api/boards/{run.pk}/lock", {}, content_type="application/json")
    relock = chair.post(f"/api/boards/{run.pk}/lock", {}, content_type="application/json")

    assert (no_reason.status_code, no_reason.json()) == (
        409,
        {
            "detail": "the decision awarded MRes Distinction differs from the proposal "
            "awarded MRes Merit; give the board's reason"
        },
    )
    assert (relock.status_code, relock.json()) == (
        409,
        {"detail": f"board run {run.pk} is already locked"},
    )


def test_api_names_an_unknown_student_of_the_run(run, account):
    chair = client_for(account("chair", "programme_lead"))

    response = chair.post(
        f"/api/boards/{run.pk}/decisions",
        {"student_id": "00000099", "status": "referred"},
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (
        404,
        {"detail": f"board run {run.pk} did not evaluate student 00000099"},
    )


def test_api_sign_off_twice_is_409(run, account):
    examiner = account("external", "external_examiner")
    sign_off(run=run, actor=examiner)

    response = client_for(examiner).post(
        f"/api/boards/{run.pk}/sign-off", {}, content_type="application/json"
    )

    assert response.status_code == 409
    assert response.json()["detail"].endswith("; a sign-off is given once")

"""The results pages and API: nothing before release; then the student's own results, the
transcript downloads, and the administrator's release (page and API)."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from registrar.boards.models import BoardRun, Decision
from tests.boards.test_release import ADA, ALAN, GRACE, MARK_VALUES, RECIPES, board, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ada(cohort) -> Client:
    return client_of(cohort[ADA].user)


@pytest.fixture
def grace(cohort) -> Client:
    return client_of(cohort[GRACE].user)


@pytest.fixture
def admin(account) -> Client:
    return client_of(account("registry", "administrator"))


def text(response) -> str:
    return response.content.decode()


def visible(response) -> str:
    """The page's main content as text, tags stripped and whitespace folded."""
    main = text(response).split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<caption[^>]*>.*?</caption>", " ", main.split(">", 1)[1], flags=re.S)
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", main).split()))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


# Before release: nothing


def test_before_release_the_page_says_so_and_shows_no_mark_outcome_or_decision(
    programme, cohort, ada
):
    run = board(programme)  # locked, not released
    Decision.objects.create(
        run=run,
        student=cohort[ADA],
        status="awarded",
        award="MRes",
        classification="Distinction",
        agrees=False,
        reason="an exceptional project",
    )

    response = ada.get("/me/results/")

    assert response.status_code == 200
    assert visible(response) == (
        "My results Ada Lovelace · 02500101 · MRes AI and Machine Learning (2025-26 entry) "
        "Your results have not been released yet. They appear here once the registry "
        "releases the exam board's decisions. Until then nothing of your marks or outcome "
        "is shown."
    )
    body = text(response)
    assert [v for v in MARK_VALUES if v in body] == []
    assert [w for w in ("Merit", "Distinction", "awarded", "exceptional") if w in body] == []


def test_before_release_the_api_answers_404_with_nothing_of_the_results(programme, cohort, ada):
    board(programme)

    response = ada.get("/api/me/results")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "your results have not been released yet"},
    )


def test_before_release_the_students_transcript_is_refused_with_a_message(programme, cohort, ada):
    board(programme)

    response = ada.get("/me/transcript.pdf")

    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert visible(response) == (
        "No transcript yet Your results have not been released yet, so there is no "
        "transcript. Go to your start page"
    )


# After release: the student's own results


def test_after_release_the_student_sees_their_outcome_marks_and_explanation(programme, cohort, ada):
    board(programme, release=True)

    response = ada.get("/me/results/")

    page = visible(response)
    assert response.status_code == 200
    assert page.split(" Outcome ", 1)[1].split(" Download", 1)[0] == (
        "Awarded MRes with Merit Award MRes Classification Merit "
        "Diploma of Imperial College (DIC) Awarded Overall average (POWA) 66.85 "
        "Project mark 69.24 Credits earned 90 ECTS (180 CATS) "
        f"Exam board {response.context['board_date']} Released {response.context['released']}"
    )
    modules = page.split("Modules and marks ", 1)[1].split(" How your outcome", 1)[0]
    assert modules == (
        "Module or component Attempt Mark Result "
        "COMP70010 Deep Learning · Spring · 5 ECTS · level 7 64.55 Passed "
        "Whole module 1 64.55 "
        "COMP70059 MRes Individual Research Project · Autumn–Summer · 60 ECTS · level 7 "
        "69.24 Passed "
        "Background report 1 68.35 Oral presentation 1 66.15 Research thesis 1 71.45 "
        "COMP70060 Simulated Research and Development Project Proposal · Autumn–Summer · "
        "10 ECTS · level 7 63.85 Passed Written reports 1 63.85 "
        "COMP70061 Research Tutorial · Autumn · 10 ECTS · level 7 61.25 Passed "
        "Whole module 1 61.25 "
        "COMP70076 Ethics, Fairness, and Explanation in AI · Spring · 5 ECTS · level 7 "
        "57.65 Passed Whole module 1 57.65"
    )
    assert "Marks still needed" not in page
    assert page.count("Source: ") == 15
    assert '<a class="button" href="/me/transcript.pdf">' in text(response)
    # Grace's marks are not on Ada's page.
    graces = [mark for *_, mark, _ in RECIPES[GRACE][4]]
    assert [v for v in graces if v in text(response)] == []


def test_a_referred_student_sees_the_marks_still_needed_for_each_band(programme, cohort, grace):
    board(programme, release=True)

    page = visible(grace.get("/me/results/"))

    assert page.split("Marks still needed ", 1)[1].split(" Modules and marks", 1)[0] == (
        "For each module still open, the least mark that keeps each classification within "
        "reach, worked out by the same rules on the board's marks. "
        "Module What is due Distinction Merit Pass "
        "COMP70061 Research Tutorial Resit (attempt 2) not reachable at least 50.00 "
        "at least 50.00"
    )


def test_after_release_the_api_gives_the_same_results_as_json(programme, cohort, ada):
    run = board(programme, release=True)

    response = ada.get("/api/me/results")

    body = response.json()
    assert response.status_code == 200
    assert (body["student_id"], body["name"], body["run"]) == (ADA, "Ada Lovelace", run.pk)
    assert body["outcome"] == {
        "headline": "Awarded MRes with Merit",
        "status": "awarded",
        "award": "MRes",
        "classification": "Merit",
        "dic": True,
        "decision": "agreed",
        "decision_reason": "",
    }
    assert [(m["module_code"], m["standing_mark"], m["result"]) for m in body["modules"]] == [
        ("COMP70010", "64.55", "passed"),
        ("COMP70059", "69.24", "passed"),
        ("COMP70060", "63.85", "passed"),
        ("COMP70061", "61.25", "passed"),
        ("COMP70076", "57.65", "passed"),
    ]
    assert body["modules"][1]["marks"][0] == {
        "component": "Background report",
        "attempt": 1,
        "mark": "68.35",
        "flag": "",
        "late_hours": "",
    }
    assert (body["powa"], body["still_needed"], len(body["explanation"])) == ("66.85", [], 15)


def test_the_api_gives_a_referred_student_the_marks_still_needed(programme, cohort, grace):
    board(programme, release=True)

    body = grace.get("/api/me/results").json()

    assert body["still_needed"] == [
        {
            "module_code": "COMP70061",
            "title": "Research Tutorial",
            "kind": "resit",
            "attempt": 2,
            "components": [],
            "minimum": {"Distinction": "not reachable", "Merit": "50.00", "Pass": "50.00"},
        }
    ]


# Transcripts


def test_after_release_the_student_downloads_their_own_transcript(programme, cohort, ada):
    board(programme, release=True)

    response = ada.get("/me/transcript.pdf")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="transcript-02500101.pdf"'
    assert pdf_text(response.content).split(" Student ID")[0].endswith("Name Ada Lovelace")


def test_the_administrator_downloads_any_students_transcript(programme, cohort, admin):
    board(programme, release=True)

    response = admin.get(f"/students/{GRACE}/transcript.pdf")

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert pdf_text(response.content).split(" Student ID")[0].endswith("Name Grace Hopper")


def test_the_administrator_is_told_when_a_student_has_no_released_results(programme, cohort, admin):
    board(programme)

    response = admin.get(f"/students/{ALAN}/transcript.pdf")

    assert response.status_code == 404
    assert visible(response) == (
        "No transcript yet No released results for student 02500103 (Alan Turing): a "
        "transcript shows only released results; release the locked board's results first "
        "(registrar results release RUN). Go to your start page"
    )


def test_the_administrator_gets_404_for_a_student_that_does_not_exist(programme, admin):
    response = admin.get("/students/09999999/transcript.pdf")

    assert response.status_code == 404
    assert "no student 09999999" in text(response)


def test_the_administrator_downloads_the_cohorts_transcripts_as_one_zip(programme, cohort, admin):
    board(programme, release=True)

    response = admin.get(f"/results/{programme.pk}/transcripts.zip")

    assert (response.status_code, response["Content-Type"]) == (200, "application/zip")
    assert response["Content-Disposition"] == (
        'attachment; filename="transcripts-G5ZB-2025-26.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"transcript-{sid}.pdf" for sid in (ADA, GRACE, ALAN)]


def test_the_cohorts_zip_before_release_says_why_there_is_none(programme, cohort, admin):
    board(programme)

    response = admin.get(f"/results/{programme.pk}/transcripts.zip")

    assert response.status_code == 404
    assert visible(response).startswith(
        "No transcripts yet No results of G5ZB/2025-26 have been released yet"
    )


# The release


def test_the_release_page_asks_for_confirmation_and_shows_the_outcomes(programme, cohort, admin):
    run = board(programme)

    response = admin.get(f"/results/{run.pk}/release/")

    page = visible(response)
    assert response.status_code == 200
    assert page.split("Outcomes as the board decided ", 1)[1].split(" Once released", 1)[0] == (
        "Outcome Students awarded MRes Merit 1 incomplete 1 referred 1"
    )
    assert "Release the results to 3 students" in page
    assert BoardRun.objects.get(pk=run.pk).released_at is None


def test_posting_the_release_releases_and_says_so(programme, cohort, admin):
    run = board(programme)

    response = admin.post(f"/results/{run.pk}/release/", follow=True)

    assert response.redirect_chain == [("/results/", 302)]
    assert messages_of(response) == [
        f"The results of board run {run.pk} are released: its students can now see them and "
        "download their transcripts."
    ]
    stored = BoardRun.objects.get(pk=run.pk)
    assert stored.released_by.get_username() == "registry"


def test_posting_the_release_of_an_unlocked_run_is_refused_with_the_reason(
    programme, cohort, admin
):
    run = board(programme, lock=False)

    response = admin.post(f"/results/{run.pk}/release/", follow=True)

    assert messages_of(response) == [
        f"Not released: board run {run.pk} is not locked; the board locks its decisions "
        f"first (registrar board lock {run.pk}), then its results can be released."
    ]
    assert "This run is not locked yet" in visible(response)
    assert BoardRun.objects.get(pk=run.pk).released_at is None


def test_the_results_overview_lists_runs_with_their_release_action(programme, cohort, admin):
    released = board(programme, release=True)
    locked = board(programme)

    page = visible(admin.get("/results/"))

    assert f"Run {locked.pk} " in page
    assert f"Run {released.pk} " in page
    assert page.count("Release the results…") == 1
    assert f'href="/results/{locked.pk}/release/"' in text(admin.get("/results/"))


def test_the_api_releases_a_locked_run_and_refuses_a_second_release(programme, cohort, admin):
    run = board(programme)

    first = admin.post(f"/api/results/{run.pk}/release")
    second = admin.post(f"/api/results/{run.pk}/release")

    assert first.status_code == 200
    assert (first.json()["run"], first.json()["released_by"], first.json()["students"]) == (
        run.pk,
        "registry",
        3,
    )
    assert second.status_code == 409
    assert second.json()["detail"].startswith(
        f"the results of board run {run.pk} were already released on "
    )


def test_the_api_release_of_an_unknown_run_is_404(programme, admin):
    response = admin.post("/api/results/999/release")

    assert (response.status_code, response.json()) == (404, {"detail": "no board run 999"})


def test_the_openapi_document_describes_the_results_endpoints(programme, admin):
    document = admin.get("/api/openapi.json").json()

    assert {"/api/me/results", "/api/results/{run_id}/release"} <= set(document["paths"])
    assert sorted(document["components"]["schemas"]["ResultsMarkOut"]["properties"]) == [
        "attempt",
        "component",
        "flag",
        "late_hours",
        "mark",
    ]

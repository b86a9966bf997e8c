"""Every role against every results and transcript page and endpoint: status and what shows.

The world: Ada (the student who signs in) and Grace, both evaluated by a released board
run; a second run, locked but not released, for the release actions. Grace's record is
created first and her marks differ from Ada's, so that a page that leaked another
student's results to Ada would show them. Another student's transcript is answered to a
student exactly as a transcript that does not exist is (404): the answer reveals nothing.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.test import Client
from pypdf import PdfReader

from registrar.boards.models import BoardRun
from tests.boards.test_release import ADA, GRACE, RECIPES, board, make_cohort
from tests.web.test_permission_matrix import has, text, to_login, unauthorised_json

pytestmark = pytest.mark.django_db

STAFF = [
    "module_leader",
    "project_supervisor",
    "administrator",
    "exam_board",
    "external_examiner",
    "programme_lead",
]
# Admissions' roles have no results of their own and read no one's: as the teaching staff.
ADMISSIONS = ["applicant", "admissions_tutor"]
ROLES = ["anonymous", "student", *STAFF, *ADMISSIONS]
MISSING = "09999999"
GRACE_MARKS = [mark for *_, mark, _ in RECIPES[GRACE][4]]


@pytest.fixture
def world(programme, make_student, account):
    students = make_cohort(make_student, only=(GRACE, ADA))
    released = board(programme, release=True)
    pending = board(programme)  # locked, not released: what the release actions act on
    users = {role: account(role, role) for role in [*STAFF, *ADMISSIONS]}
    users["student"] = students[ADA].user
    return {"pk": programme.pk, "run": pending.pk, "released": released.pk, "users": users}


def expect(*, anonymous, student, staff, admin=None):
    table = {"anonymous": anonymous, "student": student}
    for role in [*STAFF, *ADMISSIONS]:
        table[role] = admin if role == "administrator" and admin else staff
    return table


def pdf_of(name: str):
    def check(response, world) -> None:
        assert response["Content-Type"] == "application/pdf"
        first = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
        assert first.split(" Student ID")[0].endswith(f"Name {name}")

    return check


def own_results(response, world) -> None:
    body = text(response)
    assert ("Ada Lovelace" in body, "Grace" in body) == (True, False)
    assert [mark for mark in GRACE_MARKS if mark in body] == []


def own_results_json(response, world) -> None:
    body = response.json()
    assert (body["student_id"], body["name"]) == (ADA, "Ada Lovelace")
    assert [mark for mark in GRACE_MARKS if mark in text(response)] == []


def zip_of(response, world) -> None:
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"transcript-{ADA}.pdf", f"transcript-{GRACE}.pdf"]


def not_released(world) -> None:
    assert BoardRun.objects.get(pk=world["run"]).released_at is None


def page_403(permission: str):
    def check(response, world) -> None:
        assert "You may not see this page" in text(response)
        # Plain words on the page, never the permission's internal name.
        assert "Your role in Registrar does not allow this." in text(response)
        assert permission not in text(response)
        not_released(world)

    return check


def api_403(permission: str):
    def check(response, world) -> None:
        assert response.json() == {"detail": f"your role may not do this ({permission})"}
        not_released(world)

    return check


def released_by_page(response, world) -> None:
    assert response["Location"] == "/results/"
    assert BoardRun.objects.get(pk=world["run"]).released_by.get_username() == "administrator"


def released_by_api(response, world) -> None:
    assert (response.json()["run"], response.json()["released_by"]) == (
        world["run"],
        "administrator",
    )


def not_found(fragment: str):
    def check(response, world) -> None:
        assert fragment in text(response)

    return check


def login(path: str):
    def check(response, world) -> None:
        url = path.format(pk=world["pk"], run=world["run"])
        to_login(url)(response, world["pk"])

    return check


def contains(fragment: str):
    check = has(fragment)
    return lambda response, world: check(response, world["pk"])


def unauthorised(response, world) -> None:
    unauthorised_json(response, world["pk"])


def not_yours(student_id: str):
    """A transcript one may not see, answered exactly as a missing one is: 404, no ID leaks."""
    return (404, not_found(f"<p>no student {student_id}</p>"))


# (method, path, expectations). {pk} is the programme, {run} the locked unreleased run.
CASES = {
    "my results": (
        "get",
        "/me/results/",
        expect(
            anonymous=(302, login("/me/results/")),
            student=(200, own_results),
            staff=(403, page_403("view_own_results")),
        ),
    ),
    "my transcript": (
        "get",
        "/me/transcript.pdf",
        expect(
            anonymous=(302, login("/me/transcript.pdf")),
            student=(200, pdf_of("Ada Lovelace")),
            staff=(403, page_403("view_own_results")),
        ),
    ),
    "own transcript by ID": (
        "get",
        f"/students/{ADA}/transcript.pdf",
        expect(
            anonymous=(302, login(f"/students/{ADA}/transcript.pdf")),
            student=(200, pdf_of("Ada Lovelace")),
            staff=not_yours(ADA),
            admin=(200, pdf_of("Ada Lovelace")),
        ),
    ),
    "another student's transcript": (
        "get",
        f"/students/{GRACE}/transcript.pdf",
        expect(
            anonymous=(302, login(f"/students/{GRACE}/transcript.pdf")),
            student=not_yours(GRACE),
            staff=not_yours(GRACE),
            admin=(200, pdf_of("Grace Hopper")),
        ),
    ),
    "a transcript that does not exist": (
        "get",
        f"/students/{MISSING}/transcript.pdf",
        expect(
            anonymous=(302, login(f"/students/{MISSING}/transcript.pdf")),
            student=not_yours(MISSING),
            staff=not_yours(MISSING),
            admin=not_yours(MISSING),
        ),
    ),
    "the cohort's transcripts": (
        "get",
        "/results/{pk}/transcripts.zip",
        expect(
            anonymous=(302, login("/results/{pk}/transcripts.zip")),
            student=(403, page_403("view_transcript")),
            staff=(403, page_403("view_transcript")),
            admin=(200, zip_of),
        ),
    ),
    "results overview": (
        "get",
        "/results/",
        expect(
            anonymous=(302, login("/results/")),
            student=(403, page_403("release_results")),
            staff=(403, page_403("release_results")),
            admin=(200, contains("Release the results…")),
        ),
    ),
    "release confirmation": (
        "get",
        "/results/{run}/release/",
        expect(
            anonymous=(302, login("/results/{run}/release/")),
            student=(403, page_403("release_results")),
            staff=(403, page_403("release_results")),
            admin=(200, contains("Release the results to 2 students")),
        ),
    ),
    "release (page)": (
        "post",
        "/results/{run}/release/",
        expect(
            anonymous=(302, login("/results/{run}/release/")),
            student=(403, page_403("release_results")),
            staff=(403, page_403("release_results")),
            admin=(302, released_by_page),
        ),
    ),
    "api: my results": (
        "get",
        "/api/me/results",
        expect(
            anonymous=(401, unauthorised),
            student=(200, own_results_json),
            staff=(403, api_403("view_own_results")),
        ),
    ),
    "api: release": (
        "post",
        "/api/results/{run}/release",
        expect(
            anonymous=(401, unauthorised),
            student=(403, api_403("release_results")),
            staff=(403, api_403("release_results")),
            admin=(200, released_by_api),
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_results_permissions(world, role, case):
    method, path, expectations = CASES[case]
    status, check = expectations[role]
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = path.format(pk=world["pk"], run=world["run"])

    response = getattr(client, method)(url)

    assert response.status_code == status, text(response)[:500]
    check(response, world)


def without_csrf(response) -> str:
    """The page with its CSRF token (different in every response) blanked."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text(response))


def test_another_students_transcript_is_answered_exactly_as_one_that_does_not_exist(world):
    client = Client()
    client.force_login(world["users"]["student"])

    other = client.get(f"/students/{GRACE}/transcript.pdf")
    missing = client.get(f"/students/{MISSING}/transcript.pdf")

    # The same page, but for the ID asked for (which the asker typed: it tells them nothing).
    assert (other.status_code, without_csrf(other).replace(GRACE, "<ID>")) == (
        missing.status_code,
        without_csrf(missing).replace(MISSING, "<ID>"),
    )
    assert (other.status_code, "Grace" in text(other)) == (404, False)

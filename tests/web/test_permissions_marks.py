"""Every role against every marks page and endpoint: the exact status, and what it shows.

In the style of test_permission_matrix.py, on its world (its helpers are imported):
Alice takes TAUGHT, which the module leader leads; Bob takes COMP70010, which nobody in
the world leads; the project supervisor supervises Alice only. Every one of them has a
mark stored first, each a different number, so that a page or endpoint that leaked a mark
to someone who may not enter it would show it. Only the registry, a module's leader and a
student's supervisor (for the project) enter marks: the programme lead, the board and the
external examiner are refused (403) like the student.
"""

from __future__ import annotations

import pytest

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.models import Mark
from registrar.programmes.models import Programme
from tests.web import test_permission_matrix as matrix
from tests.web.test_permission_matrix import (
    OTHER,
    OWN,
    ROLES,
    TAUGHT,
    expect,
    expectation,
    has,
    request_as,
    text,
    to_login,
    unauthorised_json,
)

pytestmark = pytest.mark.django_db

PROJECT, BOBS = "COMP70059", "COMP70010"
THESIS = "Research thesis"
STORED = [
    (OWN, PROJECT, THESIS, "68.00", 1),
    (OWN, TAUGHT, "", "71.00", 1),
    (OTHER, BOBS, "", "48.00", 1),
    (OTHER, PROJECT, THESIS, "52.00", 1),
]

world = matrix.world  # the permission matrix's world, as a fixture of this module


@pytest.fixture
def marked(world):
    programme = Programme.objects.get(pk=world["pk"])
    save_marks(
        programme=programme,
        entries=[
            MarkInput(sid, code, component, 1, mark) for sid, code, component, mark, _ in STORED
        ],
        actor=None,
    )
    return world


def marks_now() -> list[tuple]:
    return sorted(
        (m.student.student_id, m.module_code, m.component, f"{m.mark:.2f}", m.version)
        for m in Mark.objects.select_related("student")
    )


def unchanged_marks() -> None:
    assert marks_now() == sorted(STORED)


def no(response, pk) -> None:
    """A refused page: the 403 page, no mark shown, nothing changed."""
    body = text(response)
    assert ("You may not see this page" in body, "71.00" in body, "48.00" in body) == (
        True,
        False,
        False,
    )
    matrix.unchanged(pk)
    unchanged_marks()


def forbidden_json(response, pk) -> None:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith("your role may not")
    matrix.unchanged(pk)
    unchanged_marks()


def shows(*present: str, absent: tuple[str, ...] = ()):
    """The body shows each of `present` and none of `absent`."""

    def check(response, pk) -> None:
        body = text(response)
        assert [p in body for p in present] + [a in body for a in absent] == [True] * len(
            present
        ) + [False] * len(absent)
        unchanged_marks()

    return check


def modules_listed(*codes: str):
    every = (PROJECT, "COMP70060", "COMP70061", "COMP70076", TAUGHT, BOBS)

    def check(response, pk) -> None:
        body = text(response)
        assert [c for c in every if f'href="/marks/{pk}/{c}/"' in body] == list(codes)

    return check


def csv_rows(*students: str):
    def check(response, pk) -> None:
        lines = response.content.decode().splitlines()[1:]
        assert sorted({line.split(",")[0] for line in lines}) == list(students)

    return check


def json_marks(*expected: tuple[str, str]):
    def check(response, pk) -> None:
        assert [(m["student_id"], m["mark"]) for m in response.json()] == list(expected)
        unchanged_marks()

    return check


def mark_saved(student_id: str, code: str, component: str, mark: str, version: int):
    def check(response, pk) -> None:
        found = [m for m in marks_now() if m[:3] == (student_id, code, component)]
        assert found == [(student_id, code, component, mark, version)]

    return check


def redirected_and_saved(response, pk) -> None:
    assert response["Location"] == f"/marks/{pk}/{TAUGHT}/"
    mark_saved(OWN, TAUGHT, "", "72.00", 2)(response, pk)


def preview_of(added: int, changed: int):
    def check(response, pk) -> None:
        body = response.json()
        assert (body["committed"], body["added"], body["changed"]) == (False, added, changed)
        unchanged_marks()

    return check


def refused_row(response, pk) -> None:
    assert [e["message"] for e in response.json()["errors"]] == [
        f"you may not enter marks for {OWN} on {TAUGHT}"
    ]
    unchanged_marks()


PAGE_403 = (403, no)
API_403 = (403, forbidden_json)
API_401 = (401, unauthorised_json)
GRID = f"/marks/{{pk}}/{TAUGHT}/"
UPLOAD_CSV = f"student_id,module_code,mark\n{OWN},{TAUGHT},75\n"

CASES = {
    "marks home": (
        "get",
        "/marks/",
        None,
        expect(
            anonymous=(302, to_login("/marks/")),
            student=PAGE_403,
            staff=PAGE_403,
            module_leader=(200, modules_listed(TAUGHT)),
            project_supervisor=(200, modules_listed(PROJECT)),
            admin=(
                200,
                modules_listed(PROJECT, "COMP70060", "COMP70061", "COMP70076", TAUGHT, BOBS),
            ),
        ),
    ),
    "grid of the leader's module": (
        "get",
        GRID,
        None,
        expect(
            anonymous=(302, to_login(GRID)),
            student=PAGE_403,
            staff=PAGE_403,
            module_leader=(200, shows("71.00", absent=("48.00", OTHER))),
            admin=(200, shows("71.00", absent=("48.00", OTHER))),
        ),
    ),
    "grid of Bob's elective": (
        "get",
        f"/marks/{{pk}}/{BOBS}/",
        None,
        expect(
            anonymous=(302, to_login(f"/marks/{{pk}}/{BOBS}/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(200, shows("48.00", OTHER, absent=("71.00",))),
        ),
    ),
    "grid of the project": (
        "get",
        f"/marks/{{pk}}/{PROJECT}/",
        None,
        expect(
            anonymous=(302, to_login(f"/marks/{{pk}}/{PROJECT}/")),
            student=PAGE_403,
            staff=PAGE_403,
            project_supervisor=(200, shows("68.00", OWN, absent=("52.00", OTHER))),
            admin=(200, shows("68.00", "52.00", OWN, OTHER)),
        ),
    ),
    "upload page of the leader's module": (
        "get",
        f"{GRID}upload/",
        None,
        expect(
            anonymous=(302, to_login(f"{GRID}upload/")),
            student=PAGE_403,
            staff=PAGE_403,
            module_leader=(200, has(f'Upload marks of <span class="code">{TAUGHT}</span>')),
            admin=(200, has(f'Upload marks of <span class="code">{TAUGHT}</span>')),
        ),
    ),
    "template of the project": (
        "get",
        f"/marks/{{pk}}/{PROJECT}/template.csv",
        None,
        expect(
            anonymous=(302, to_login(f"/marks/{{pk}}/{PROJECT}/template.csv")),
            student=PAGE_403,
            staff=PAGE_403,
            project_supervisor=(200, csv_rows(OWN)),
            admin=(200, csv_rows(OWN, OTHER)),
        ),
    ),
    "save the grid of the leader's module": (
        "post",
        GRID,
        {
            "mark-0-0": "72",
            "flag-0-0": "",
            "late-0-0": "",
            "was-0-0": "71.00||",
            "version-0-0": "1",
        },
        expect(
            anonymous=(302, to_login(GRID)),
            student=PAGE_403,
            staff=PAGE_403,
            module_leader=(302, redirected_and_saved),
            admin=(302, redirected_and_saved),
        ),
    ),
    "api: marks of the leader's module": (
        "get",
        f"/api/programmes/{{pk}}/modules/{TAUGHT}/marks",
        None,
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            module_leader=(200, json_marks((OWN, "71.00"))),
            admin=(200, json_marks((OWN, "71.00"))),
        ),
    ),
    "api: marks of the project": (
        "get",
        f"/api/programmes/{{pk}}/modules/{PROJECT}/marks",
        None,
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            project_supervisor=(200, json_marks((OWN, "68.00"))),
            admin=(200, json_marks((OWN, "68.00"), (OTHER, "52.00"))),
        ),
    ),
    "api: put Bob's project mark": (
        "put",
        f"/api/programmes/{{pk}}/modules/{PROJECT}/marks/{{other}}",
        {"component": THESIS, "mark": "60", "version": 1},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(200, mark_saved(OTHER, PROJECT, THESIS, "60.00", 2)),
        ),
    ),
    "api: put Alice's project mark": (
        "put",
        f"/api/programmes/{{pk}}/modules/{PROJECT}/marks/{{own}}",
        {"component": THESIS, "mark": "69", "version": 1},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            project_supervisor=(200, mark_saved(OWN, PROJECT, THESIS, "69.00", 2)),
            admin=(200, mark_saved(OWN, PROJECT, THESIS, "69.00", 2)),
        ),
    ),
    "api: upload preview": (
        "post",
        "/api/programmes/{pk}/marks/import",
        {"filename": "m.csv", "csv": UPLOAD_CSV},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            module_leader=(200, preview_of(0, 1)),
            # a supervisor marks, but not this module: the row is refused, nothing written
            project_supervisor=(400, refused_row),
            admin=(200, preview_of(0, 1)),
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_marks_permissions(marked, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectation(expectations, role, path)

    response = request_as(marked, role, method, path, data)

    assert response.status_code == status
    check(response, marked["pk"])

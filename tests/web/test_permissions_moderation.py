"""Every role against every moderation page and endpoint: the exact status, and what it shows.

In the style of test_permission_matrix.py (its helpers are imported). The cohort has marks
(tests/moderation/world.py) so that a page that leaked them would show them: `leader_a`
leads COMP70076 (module A) only, and COMP70060 (module B) is led by someone else. The
student is Ada, who has marks on both modules; she gets 403 everywhere.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.moderation.world import A, B, build
from tests.web.test_permission_matrix import has, text, to_login, unauthorised_json

pytestmark = pytest.mark.django_db

READERS = ["programme_lead", "administrator", "exam_board", "external_examiner"]
ADMISSIONS = ["applicant", "admissions_tutor"]  # refused every moderation view
ROLES = ["anonymous", "student", "project_supervisor", "module_leader", *READERS, *ADMISSIONS]


@pytest.fixture
def world(programme, make_student, account):
    users = build(programme, make_student, account)
    users.update({role: account(role, role) for role in ADMISSIONS})
    return {"pk": programme.pk, "users": users}


def no(response, pk) -> None:
    """A refused page: the 403 page, and none of the module's marks."""
    body = text(response)
    assert ("You may not see this page" in body, "72.00" in body, "Lovelace" in body) == (
        True,
        False,
        False,
    )


def forbidden_json(response, pk) -> None:
    assert (response["Content-Type"], response.json()["detail"]) == (
        "application/json; charset=utf-8",
        "your role may not do this (view_module)",
    )


def both_modules(response, pk) -> None:
    body = text(response)
    assert (f'/moderation/{pk}/{A}/"' in body, f'/moderation/{pk}/{B}/"' in body) == (True, True)


def module_a_only(response, pk) -> None:
    body = text(response)
    assert (f'/moderation/{pk}/{A}/"' in body, f'/moderation/{pk}/{B}/"' in body) == (True, False)


def csv_of(code: str, mean: str):
    def check(response, pk) -> None:
        lines = response.content.decode().splitlines()
        assert (lines[3], lines[16]) == (f"module_code,{code}", f"mean,{mean}")

    return check


def json_modules(expected: list[str]):
    def check(response, pk) -> None:
        assert [m["module_code"] for m in response.json() if m["n"]] == expected

    return check


def json_mean(code: str, mean: str):
    def check(response, pk) -> None:
        assert (response.json()["module_code"], response.json()["mean"]) == (code, mean)

    return check


PAGE_403 = (403, no)
API_403 = (403, forbidden_json)
API_401 = (401, unauthorised_json)


def expect(*, anonymous, refused, leader, reader):
    """student, project supervisor and the admissions roles are `refused`; the four cohort
    readers `reader`."""
    return {
        "anonymous": anonymous,
        "student": refused,
        **dict.fromkeys(ADMISSIONS, refused),
        "project_supervisor": refused,
        "module_leader": leader,
        **dict.fromkeys(READERS, reader),
    }


CASES = {
    "moderation list": (
        "/moderation/",
        expect(
            anonymous=(302, to_login("/moderation/")),
            refused=PAGE_403,
            leader=(200, module_a_only),
            reader=(200, both_modules),
        ),
    ),
    "module A page": (
        f"/moderation/{{pk}}/{A}/",
        expect(
            anonymous=(302, to_login(f"/moderation/{{pk}}/{A}/")),
            refused=PAGE_403,
            leader=(200, has("<dt>Mean</dt><dd>39.17</dd>")),
            reader=(200, has("<dt>Mean</dt><dd>39.17</dd>")),
        ),
    ),
    "module B page": (
        f"/moderation/{{pk}}/{B}/",
        expect(
            anonymous=(302, to_login(f"/moderation/{{pk}}/{B}/")),
            refused=PAGE_403,
            leader=PAGE_403,
            reader=(200, has("<dt>Mean</dt><dd>55.20</dd>")),
        ),
    ),
    "unknown module page": (
        "/moderation/{pk}/COMP99999/",
        expect(
            anonymous=(302, to_login("/moderation/{pk}/COMP99999/")),
            refused=PAGE_403,
            leader=PAGE_403,  # a leader learns nothing about modules they do not lead
            reader=(404, has("Not found")),
        ),
    ),
    "module A export": (
        f"/moderation/{{pk}}/{A}/export.csv",
        expect(
            anonymous=(302, to_login(f"/moderation/{{pk}}/{A}/export.csv")),
            refused=PAGE_403,
            leader=(200, csv_of(A, "39.17")),
            reader=(200, csv_of(A, "39.17")),
        ),
    ),
    "module B export": (
        f"/moderation/{{pk}}/{B}/export.csv",
        expect(
            anonymous=(302, to_login(f"/moderation/{{pk}}/{B}/export.csv")),
            refused=PAGE_403,
            leader=PAGE_403,
            reader=(200, csv_of(B, "55.20")),
        ),
    ),
    "api: moderation list": (
        "/api/moderation",
        expect(
            anonymous=API_401,
            refused=API_403,
            leader=(200, json_modules([A])),
            reader=(200, json_modules([B, A])),
        ),
    ),
    "api: module A": (
        f"/api/moderation/{{pk}}/{A}",
        expect(
            anonymous=API_401,
            refused=API_403,
            leader=(200, json_mean(A, "39.17")),
            reader=(200, json_mean(A, "39.17")),
        ),
    ),
    "api: module B": (
        f"/api/moderation/{{pk}}/{B}",
        expect(
            anonymous=API_401,
            refused=API_403,
            leader=API_403,
            reader=(200, json_mean(B, "55.20")),
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_moderation_permissions(world, role, case):
    path, expectations = CASES[case]
    status, check = expectations[role]
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])

    response = client.get(path.format(pk=world["pk"]))

    assert response.status_code == status
    check(response, world["pk"])

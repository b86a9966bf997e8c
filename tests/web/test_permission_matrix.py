"""Every role against every page and API endpoint: the exact status, and what the body shows.

The world has two students. Bob's record (with his elective) is created first, so that a
page or endpoint that leaked another student's data to Alice would show it.
"""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.people.domain.accounts import issue_token
from registrar.people.models import ApiToken, Student
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.models import ChoiceWindow, Registration

pytestmark = pytest.mark.django_db

OWN, OTHER = "00000001", "00000002"
STAFF = ["module_leader", "project_supervisor", "administrator", "exam_board", "external_examiner"]
ROLES = ["anonymous", "student", *STAFF]


@pytest.fixture
def world(programme, open_window, make_student, account):
    bob = make_student(OTHER, username="bob", given_name="Bob", family_name="Other")
    choose_elective(student=bob, module_code="COMP70010", actor=bob.user)
    make_student(OWN, username="alice", given_name="Alice", family_name="Own")
    users = {role: account(role, role) for role in STAFF}
    users["student"] = Student.objects.get(student_id=OWN).user
    issue_token(user=users["administrator"], name="admin script", actor=None)
    return {"pk": programme.pk, "users": users, "token": ApiToken.objects.get().pk}


def text(response) -> str:
    return response.content.decode()


def only_own(response, pk) -> None:
    body = text(response)
    assert (OWN in body, OTHER in body, "Bob" in body) == (True, False, False)


def both(response, pk) -> None:
    body = text(response)
    assert (OWN in body, OTHER in body) == (True, True)


def has(fragment: str):
    def check(response, pk) -> None:
        assert fragment in text(response)

    return check


def redirects_to(location: str):
    def check(response, pk) -> None:
        token = ApiToken.objects.values_list("pk", flat=True).first()
        assert response["Location"] == location.format(pk=pk, own=OWN, other=OTHER, token=token)

    return check


def json_equals(expected):
    def check(response, pk) -> None:
        assert response.json() == expected

    return check


def json_field(key: str, value):
    def check(response, pk) -> None:
        assert response.json()[key] == value

    return check


def json_ids(expected: list[str]):
    def check(response, pk) -> None:
        assert sorted(s["student_id"] for s in response.json()) == expected

    return check


def forbidden_json(response, pk) -> None:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith(("your role may not", "you may see only"))
    unchanged(pk)


def unauthorised_json(response, pk) -> None:
    assert response.json() == {
        "detail": "sign in, or send 'Authorization: Bearer <token>' with a valid API token"
    }


def to_login(path: str):
    return redirects_to("/login/?next=" + path)


def expect(*, anonymous, student, staff=None, admin=None, **roles):
    """Expected (status, check) per role; `staff` covers the five staff roles."""
    table = {"anonymous": anonymous, "student": student}
    for role in STAFF:
        table[role] = roles.get(role) or (admin if role == "administrator" and admin else staff)
    return table


def registered(student_id: str, code: str, how: str):
    """The redirect happened and the registration it reports really is in the database."""

    def check(response, pk) -> None:
        assert response["Location"] in ("/me/", f"/students/{student_id}/")
        electives = Registration.objects.filter(student__student_id=student_id, category="elective")
        assert list(electives.values_list("module_code", "how")) == [(code, how)]

    return check


def window_closed(response, pk) -> None:
    assert response["Location"] == f"/programmes/{pk}/choice/"
    assert ChoiceWindow.objects.get(programme_id=pk).is_open is False


def token_kept(response, pk) -> None:
    assert ApiToken.objects.count() == 1


def token_revoked(response, pk) -> None:
    assert (response["Location"], ApiToken.objects.count()) == ("/account/", 0)


def no(response, pk) -> None:
    """A refused page: the 403 page says so, and nothing changed."""
    assert "You may not see this page" in text(response)
    unchanged(pk)


def unchanged(pk: int) -> None:
    assert ChoiceWindow.objects.get(programme_id=pk).is_open is True
    assert list(
        Registration.objects.filter(category="elective").values_list(
            "student__student_id", "module_code"
        )
    ) == [(OTHER, "COMP70010")]


PAGE_403 = (403, no)
API_403 = (403, forbidden_json)
API_401 = (401, unauthorised_json)

# (method, path, data, expectations). {pk} is the programme, {own} Alice, {other} Bob.
CASES = {
    "home": (
        "get",
        "/",
        None,
        expect(
            anonymous=(302, to_login("/")),
            student=(302, redirects_to("/me/")),
            staff=(302, redirects_to("/programmes/")),
        ),
    ),
    "my record": (
        "get",
        "/me/",
        None,
        expect(anonymous=(302, to_login("/me/")), student=(200, only_own), staff=PAGE_403),
    ),
    "my workload": (
        "get",
        "/me/workload/",
        None,
        expect(anonymous=(302, to_login("/me/workload/")), student=(200, only_own), staff=PAGE_403),
    ),
    "programme list": (
        "get",
        "/programmes/",
        None,
        expect(
            anonymous=(302, to_login("/programmes/")),
            student=(200, has("MRes AI and Machine Learning")),
            staff=(200, has("MRes AI and Machine Learning")),
        ),
    ),
    "programme page": (
        "get",
        "/programmes/{pk}/",
        None,
        expect(
            anonymous=(302, to_login("/programmes/{pk}/")),
            student=(200, has("This is the first published version.")),
            staff=(200, has("This is the first published version.")),
        ),
    ),
    "version page": (
        "get",
        "/programmes/{pk}/versions/1/",
        None,
        expect(
            anonymous=(302, to_login("/programmes/{pk}/versions/1/")),
            student=(200, has("specification version 1 (current)")),
            staff=(200, has("specification version 1 (current)")),
        ),
    ),
    "specification document": (
        "get",
        "/programmes/{pk}/versions/1/document/",
        None,
        expect(
            anonymous=(302, to_login("/programmes/{pk}/versions/1/document/")),
            student=(200, has("Human-Robot Interaction")),
            staff=(200, has("Human-Robot Interaction")),
        ),
    ),
    "choice overview": (
        "get",
        "/programmes/{pk}/choice/",
        None,
        expect(
            anonymous=(302, to_login("/programmes/{pk}/choice/")),
            student=PAGE_403,
            staff=(200, both),
        ),
    ),
    "student list": (
        "get",
        "/students/",
        None,
        expect(anonymous=(302, to_login("/students/")), student=PAGE_403, staff=(200, both)),
    ),
    "another student's record": (
        "get",
        "/students/{other}/",
        None,
        expect(
            anonymous=(302, to_login("/students/{other}/")),
            student=PAGE_403,
            staff=(200, has("COMP70010")),
        ),
    ),
    "own record by ID": (
        "get",
        "/students/{own}/",
        None,
        expect(
            anonymous=(302, to_login("/students/{own}/")),
            student=(200, only_own),
            staff=(200, has("Alice Own")),
        ),
    ),
    "another student's workload": (
        "get",
        "/students/{other}/workload/",
        None,
        expect(
            anonymous=(302, to_login("/students/{other}/workload/")),
            student=PAGE_403,
            staff=(200, has("COMP70010")),
        ),
    ),
    "import page": (
        "get",
        "/students/import/",
        None,
        expect(
            anonymous=(302, to_login("/students/import/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(200, has("Import students")),
        ),
    ),
    "login page": (
        "get",
        "/login/",
        None,
        expect(
            anonymous=(200, has("<h1>Sign in</h1>")),
            student=(200, has("<h1>Sign in</h1>")),
            staff=(200, has("<h1>Sign in</h1>")),
        ),
    ),
    "revoke the administrator's token": (
        "post",
        "/account/tokens/{token}/revoke/",
        {},
        expect(
            anonymous=(302, to_login("/account/tokens/{token}/revoke/")),
            student=(404, token_kept),
            staff=(404, token_kept),
            admin=(302, token_revoked),
        ),
    ),
    "account page": (
        "get",
        "/account/",
        None,
        expect(
            anonymous=(302, to_login("/account/")),
            student=(200, has("API tokens")),
            staff=(200, has("API tokens")),
        ),
    ),
    "django admin": (
        "get",
        "/admin/",
        None,
        expect(
            anonymous=(302, redirects_to("/admin/login/?next=/admin/")),
            student=(302, redirects_to("/admin/login/?next=/admin/")),
            staff=(302, redirects_to("/admin/login/?next=/admin/")),
            admin=(200, has("Registry records")),
        ),
    ),
    "choose elective (page)": (
        "post",
        "/me/elective/",
        {"module_code": "COMP70016"},
        expect(
            anonymous=(302, to_login("/me/elective/")),
            student=(302, registered(OWN, "COMP70016", "chosen")),
            staff=PAGE_403,
        ),
    ),
    "close the window (page)": (
        "post",
        "/programmes/{pk}/choice/window/",
        {"state": "closed"},
        expect(
            anonymous=(302, to_login("/programmes/{pk}/choice/window/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(302, window_closed),
        ),
    ),
    "override (page)": (
        "post",
        "/students/{other}/override/",
        {"module_code": "COMP70016", "reason": "agreed"},
        expect(
            anonymous=(302, to_login("/students/{other}/override/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(302, registered(OTHER, "COMP70016", "override")),
        ),
    ),
    "api: me": (
        "get",
        "/api/me",
        None,
        expect(
            anonymous=API_401,
            student=(200, json_equals({"username": "alice", "role": "student", "student_id": OWN})),
            staff=(200, json_field("student_id", None)),
        ),
    ),
    "api: programmes": (
        "get",
        "/api/programmes",
        None,
        expect(
            anonymous=API_401,
            student=(200, has('"code": "G5ZB"')),
            staff=(200, has('"code": "G5ZB"')),
        ),
    ),
    "api: programme": (
        "get",
        "/api/programmes/{pk}",
        None,
        expect(
            anonymous=API_401,
            student=(200, json_field("choice_window_open", True)),
            staff=(200, json_field("choice_window_open", True)),
        ),
    ),
    "api: version": (
        "get",
        "/api/programmes/{pk}/versions/1",
        None,
        expect(
            anonymous=API_401,
            student=(200, json_field("number", 1)),
            staff=(200, json_field("number", 1)),
        ),
    ),
    "api: version changes": (
        "get",
        "/api/programmes/{pk}/versions/1/changes",
        None,
        expect(anonymous=API_401, student=(200, json_equals([])), staff=(200, json_equals([]))),
    ),
    "api: students": (
        "get",
        "/api/students",
        None,
        expect(anonymous=API_401, student=API_403, staff=(200, json_ids([OWN, OTHER]))),
    ),
    "api: another student's record": (
        "get",
        "/api/students/{other}",
        None,
        expect(anonymous=API_401, student=API_403, staff=(200, json_field("student_id", OTHER))),
    ),
    "api: own record": (
        "get",
        "/api/students/{own}",
        None,
        expect(
            anonymous=API_401,
            student=(200, json_field("student_id", OWN)),
            staff=(200, json_field("student_id", OWN)),
        ),
    ),
    "api: another student's workload": (
        "get",
        "/api/students/{other}/workload",
        None,
        expect(anonymous=API_401, student=API_403, staff=(200, has("COMP70010"))),
    ),
    "api: own workload": (
        "get",
        "/api/students/{own}/workload",
        None,
        expect(anonymous=API_401, student=(200, has("COMP70061")), staff=(200, has("COMP70061"))),
    ),
    "api: choose elective": (
        "post",
        "/api/students/{own}/elective",
        {"module_code": "COMP70016"},
        expect(
            anonymous=API_401,
            student=(201, json_field("module_code", "COMP70016")),
            staff=API_403,
        ),
    ),
    "api: withdraw another student's elective": (
        "delete",
        "/api/students/{other}/elective/COMP70010",
        None,
        expect(anonymous=API_401, student=API_403, staff=API_403),
    ),
    "api: override": (
        "post",
        "/api/students/{other}/override",
        {"module_code": "COMP70016", "reason": "agreed"},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(201, json_field("how", "override")),
        ),
    ),
    "api: choice window": (
        "post",
        "/api/programmes/{pk}/choice-window",
        {"open": False},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(200, json_field("open", False)),
        ),
    ),
    "api: import preview": (
        "post",
        "/api/students/import",
        {"programme_id": "{pk}", "csv": "student_id,given_name,family_name,email\n"},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(200, json_field("committed", False)),
        ),
    ),
    "api: docs": (
        "get",
        "/api/docs",
        None,
        # Served from our own static files: the interactive docs work offline.
        expect(
            anonymous=(200, has('src="/static/ninja/swagger-ui-bundle.js"')),
            student=(200, has('src="/static/ninja/swagger-ui-bundle.js"')),
            staff=(200, has('src="/static/ninja/swagger-ui-bundle.js"')),
        ),
    ),
    "api: openapi": (
        "get",
        "/api/openapi.json",
        None,
        expect(
            anonymous=(200, has('"title": "Registrar API"')),
            student=(200, has('"/api/students/{student_id}/elective"')),
            staff=(200, has('"/api/students/{student_id}/elective"')),
        ),
    ),
}


def _fill(value, pk: int, token: int = 0):
    if isinstance(value, str):
        return value.format(pk=pk, own=OWN, other=OTHER, token=token)
    if isinstance(value, dict):
        return {k: (pk if v == "{pk}" else v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_permission_matrix(world, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectations[role]
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = _fill(path, world["pk"], world["token"])
    payload = _fill(data, world["pk"])
    if url.startswith("/api/") and payload is not None:
        response = getattr(client, method)(url, payload, content_type="application/json")
    elif payload is not None:
        response = getattr(client, method)(url, payload)
    else:
        response = getattr(client, method)(url)

    assert response.status_code == status
    check(response, world["pk"])

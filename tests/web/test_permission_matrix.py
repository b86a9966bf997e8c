"""Every role against every page and API endpoint: the exact status, and what the body shows.

The world has two students. Bob's record (with his elective) is created first, so that a
page or endpoint that leaked another student's data to Alice would show it. Alice takes
the elective TAUGHT, which the module leader leads (Bob does not take it), and the project
supervisor supervises Alice only: both teachers read Alice's record and are refused Bob's.

Other areas' matrix files (tests/web/test_permissions_<area>.py) import the helpers below
(`expect`, `has`, `only_own`, `no`, `forbidden_json`, `request_as`, ...): keep them stable.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from registrar.people.domain.accounts import issue_token
from registrar.people.models import ApiToken, Student
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.models import ChoiceWindow, Registration
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor
from registrar.teaching.models import ModuleLeader, Supervision

pytestmark = pytest.mark.django_db

OWN, OTHER = "00000001", "00000002"
TAUGHT = "COMP70053"  # Alice's elective, led by the module leader; Bob takes COMP70010
COHORT = ["programme_lead", "administrator", "exam_board", "external_examiner"]
TEACHERS = ["module_leader", "project_supervisor"]
STAFF = ["programme_lead", *TEACHERS, "administrator", "exam_board", "external_examiner"]
# Admissions' roles: neither reads a student's record or the cohort's work; unless a case
# says otherwise they are refused (REFUSED: the 403 page, or the API's 403).
ADMISSIONS = ["applicant", "admissions_tutor"]
ROLES = ["anonymous", "student", *STAFF, *ADMISSIONS]
REFUSED = object()
RUNNING_MODULES = 26  # of the MRes 2025-26 specification (COMP70101 does not run)


@pytest.fixture
def world(programme, open_window, make_student, account):
    bob = make_student(OTHER, username="bob", given_name="Bob", family_name="Other")
    choose_elective(student=bob, module_code="COMP70010", actor=bob.user)
    alice = make_student(OWN, username="alice", given_name="Alice", family_name="Own")
    choose_elective(student=alice, module_code=TAUGHT, actor=alice.user)
    users = {role: account(role, role) for role in [*STAFF, *ADMISSIONS]}
    users["student"] = Student.objects.get(student_id=OWN).user
    leader = assign_module_leader(
        programme=programme, module_code=TAUGHT, user=users["module_leader"], actor=None
    )
    supervision = assign_supervisor(
        student=alice, supervisor=users["project_supervisor"], role="lead", actor=None
    )
    issue_token(user=users["administrator"], name="admin script", actor=None)
    return {
        "pk": programme.pk,
        "users": users,
        "token": ApiToken.objects.get().pk,
        "leader": leader.pk,
        "supervision": supervision.pk,
    }


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
        ids = {
            "token": ApiToken.objects.values_list("pk", flat=True).first(),
            "leader": ModuleLeader.objects.values_list("pk", flat=True).first(),
            "supervision": Supervision.objects.values_list("pk", flat=True).first(),
        }
        assert response["Location"] == location.format(pk=pk, own=OWN, other=OTHER, **ids)

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


def expect(*, anonymous, student, staff=None, admin=None, teachers=None, **roles):
    """Expected (status, check) per role. `staff` covers the six staff roles; `teachers`
    (the module leader and the project supervisor) and `admin` override it, and a role
    named alone overrides all."""
    table = {"anonymous": anonymous, "student": student}
    for role in STAFF:
        table[role] = (
            roles.get(role)
            or (admin if role == "administrator" else None)
            or (teachers if role in TEACHERS else None)
            or staff
        )
    for role in ADMISSIONS:
        table[role] = roles.get(role, REFUSED)
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
    assert list(ApiToken.objects.values_list("revoked_at", flat=True)) == [None]


def token_revoked(response, pk) -> None:
    revoked = ApiToken.objects.filter(revoked_at__isnull=False).count()
    assert (response["Location"], revoked) == ("/account/", 1)


def no_tokens(response, pk) -> None:
    """The Account page of a role that holds no API tokens: who is signed in, no tokens."""
    assert ("Signed in as" in text(response), "API tokens" in text(response)) == (True, False)


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
    ) == [(OTHER, "COMP70010"), (OWN, TAUGHT)]
    assert leaders() == [(TAUGHT, "module_leader")]
    assert supervisions() == [(OWN, "project_supervisor", "lead")]


def leaders() -> list[tuple[str, str]]:
    return list(ModuleLeader.objects.values_list("module_code", "user__username"))


def supervisions() -> list[tuple[str, str, str]]:
    return list(
        Supervision.objects.order_by("student__student_id").values_list(
            "student__student_id", "supervisor__username", "role"
        )
    )


def withdrawn(student_id: str, location: str):
    """The student's elective is gone (and nothing else changed)."""

    def check(response, pk) -> None:
        if location:
            assert response["Location"] == location
        electives = Registration.objects.filter(category="elective")
        assert list(electives.values_list("student__student_id", "module_code")) == [
            r for r in [(OTHER, "COMP70010"), (OWN, TAUGHT)] if r[0] != student_id
        ]

    return check


def refused_choice(response, pk) -> None:
    """The student may choose, but the rule refused a second elective: nothing changed."""
    assert response["Location"] == "/me/"
    unchanged(pk)


def assigned(location: str, *, leaders_now=None, supervisions_now=None):
    """The assignment happened (redirect or API answer) and is what the database holds."""

    def check(response, pk) -> None:
        if location:
            assert response["Location"] == location.format(pk=pk)
        if leaders_now is not None:
            assert leaders() == leaders_now
        if supervisions_now is not None:
            assert supervisions() == supervisions_now

    return check


def teaching_rows(modules, students, *, forms: bool):
    """The teaching page lists exactly these modules (a list, or how many) and students,
    with the registry's forms or read-only."""

    def check(response, pk) -> None:
        body = text(response)
        shown = re.findall(r'<tr id="module-([A-Z0-9]+)">', body)
        assert (len(shown) if isinstance(modules, int) else shown) == modules
        assert re.findall(r'<tr id="student-([A-Z0-9]+)">', body) == students
        assert (f'action="/teaching/{pk}/leaders/' in body) is forms
        assert ("Bob" in body) is (OTHER in students)

    return check


def json_teaching(leaders_seen, supervisions_seen):
    def check(response, pk) -> None:
        data = response.json()
        assert [(x["module_code"], x["username"]) for x in data["leaders"]] == leaders_seen
        assert [
            (x["student_id"], x["username"], x["role"]) for x in data["supervisions"]
        ] == supervisions_seen

    return check


def hidden(response, pk) -> None:
    """A record one may not read, answered as a missing one would be (404) and unchanged."""
    if response["Content-Type"].startswith("application/json"):
        assert response.json() == {"detail": f"no student {OTHER}"}
    else:
        assert f"<p>no student {OTHER}</p>" in text(response)
    unchanged(pk)


PAGE_403 = (403, no)
API_403 = (403, forbidden_json)
API_401 = (401, unauthorised_json)
# Anyone asking for a record they may not read gets the answer a missing one gets, so no
# one learns which IDs exist: 404, on the API as on the pages.
PAGE_HIDDEN = API_HIDDEN = (404, hidden)

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
            teachers=PAGE_403,
        ),
    ),
    "student list": (
        "get",
        "/students/",
        None,
        expect(
            anonymous=(302, to_login("/students/")),
            student=PAGE_403,
            staff=(200, both),
            teachers=(200, only_own),
        ),
    ),
    "another student's record": (
        "get",
        "/students/{other}/",
        None,
        expect(
            anonymous=(302, to_login("/students/{other}/")),
            student=PAGE_HIDDEN,
            staff=(200, has("COMP70010")),
            teachers=PAGE_HIDDEN,
        ),
    ),
    "unknown student's record": (
        "get",
        "/students/99999999/",
        None,
        # Answered to a student exactly as another student's record is (see PAGE_HIDDEN).
        expect(
            anonymous=(302, to_login("/students/99999999/")),
            student=(404, has("<p>no student 99999999</p>")),
            staff=(404, has("<p>no student 99999999</p>")),
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
            student=PAGE_HIDDEN,
            staff=(200, has("COMP70010")),
            teachers=PAGE_HIDDEN,
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
            # Only the roles that hold tokens may revoke one, and only their own.
            student=(403, token_kept),
            staff=(404, token_kept),
            admin=(302, token_revoked),
            exam_board=(403, token_kept),
            external_examiner=(403, token_kept),
        ),
    ),
    "account page": (
        "get",
        "/account/",
        None,
        expect(
            anonymous=(302, to_login("/account/")),
            student=(200, no_tokens),
            staff=(200, has("API tokens")),
            exam_board=(200, no_tokens),
            external_examiner=(200, no_tokens),
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
    "choose a second elective (page)": (
        "post",
        "/me/elective/",
        {"module_code": "COMP70016"},
        expect(
            anonymous=(302, to_login("/me/elective/")),
            student=(302, refused_choice),
            staff=PAGE_403,
        ),
    ),
    "withdraw own elective (page)": (
        "post",
        "/me/elective/",
        {"action": "withdraw", "module_code": TAUGHT},
        expect(
            anonymous=(302, to_login("/me/elective/")),
            student=(302, withdrawn(OWN, "/me/")),
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
        expect(
            anonymous=API_401,
            student=API_403,
            staff=(200, json_ids([OWN, OTHER])),
            teachers=(200, json_ids([OWN])),
        ),
    ),
    "api: another student's record": (
        "get",
        "/api/students/{other}",
        None,
        expect(
            anonymous=API_401,
            student=API_HIDDEN,
            staff=(200, json_field("student_id", OTHER)),
            teachers=API_HIDDEN,
        ),
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
        expect(
            anonymous=API_401,
            student=API_HIDDEN,
            staff=(200, has("COMP70010")),
            teachers=API_HIDDEN,
        ),
    ),
    "api: own workload": (
        "get",
        "/api/students/{own}/workload",
        None,
        expect(anonymous=API_401, student=(200, has("COMP70061")), staff=(200, has("COMP70061"))),
    ),
    "api: choose a second elective": (
        "post",
        "/api/students/{own}/elective",
        {"module_code": "COMP70016"},
        expect(
            anonymous=API_401,
            # The student may choose; the rule refuses a second elective.
            student=(
                409,
                json_equals(
                    {
                        "detail": "you may choose exactly 1 elective and have already chosen "
                        "COMP70053 Python Programming; withdraw from it first to choose another"
                    }
                ),
            ),
            staff=API_403,
        ),
    ),
    "api: withdraw own elective": (
        "delete",
        f"/api/students/{{own}}/elective/{TAUGHT}",
        None,
        expect(anonymous=API_401, student=(204, withdrawn(OWN, "")), staff=API_403),
    ),
    "api: withdraw another student's elective": (
        "delete",
        "/api/students/{other}/elective/COMP70010",
        None,
        expect(anonymous=API_401, student=API_HIDDEN, staff=API_403, teachers=API_HIDDEN),
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
    # Teaching assignments (pages)
    "teaching index": (
        "get",
        "/teaching/",
        None,
        expect(
            anonymous=(302, to_login("/teaching/")),
            student=PAGE_403,
            staff=(200, has("MRes AI and Machine Learning</a>")),
        ),
    ),
    "teaching page": (
        "get",
        "/teaching/{pk}/",
        None,
        expect(
            anonymous=(302, to_login("/teaching/{pk}/")),
            student=PAGE_403,
            staff=(200, teaching_rows(RUNNING_MODULES, [OTHER, OWN], forms=False)),
            admin=(200, teaching_rows(RUNNING_MODULES, [OTHER, OWN], forms=True)),
            module_leader=(200, teaching_rows([TAUGHT], [], forms=False)),
            project_supervisor=(200, teaching_rows([], [OWN], forms=False)),
        ),
    ),
    "assign a leader (page)": (
        "post",
        "/teaching/{pk}/leaders/",
        {"module_code": "COMP70010", "username": "module_leader"},
        expect(
            anonymous=(302, to_login("/teaching/{pk}/leaders/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(
                302,
                assigned(
                    "/teaching/{pk}/#module-COMP70010",
                    leaders_now=[("COMP70010", "module_leader"), (TAUGHT, "module_leader")],
                ),
            ),
        ),
    ),
    "remove a leader (page)": (
        "post",
        "/teaching/{pk}/leaders/{leader}/remove/",
        {},
        expect(
            anonymous=(302, to_login("/teaching/{pk}/leaders/{leader}/remove/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(302, assigned(f"/teaching/{{pk}}/#module-{TAUGHT}", leaders_now=[])),
        ),
    ),
    "assign a supervisor (page)": (
        "post",
        "/teaching/{pk}/supervisors/",
        {"student_id": OTHER, "username": "project_supervisor", "role": "lead"},
        expect(
            anonymous=(302, to_login("/teaching/{pk}/supervisors/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(
                302,
                assigned(
                    f"/teaching/{{pk}}/#student-{OTHER}",
                    supervisions_now=[
                        (OWN, "project_supervisor", "lead"),
                        (OTHER, "project_supervisor", "lead"),
                    ],
                ),
            ),
        ),
    ),
    "remove a supervisor (page)": (
        "post",
        "/teaching/{pk}/supervisors/{supervision}/remove/",
        {},
        expect(
            anonymous=(302, to_login("/teaching/{pk}/supervisors/{supervision}/remove/")),
            student=PAGE_403,
            staff=PAGE_403,
            admin=(302, assigned(f"/teaching/{{pk}}/#student-{OWN}", supervisions_now=[])),
        ),
    ),
    # The ledger's history pages: never the student; teachers only for whom they teach.
    "another student's history": (
        "get",
        "/students/{other}/history/",
        None,
        expect(
            anonymous=(302, to_login("/students/{other}/history/")),
            student=PAGE_403,
            staff=(200, has("<h1>History of Bob Other</h1>")),
            teachers=PAGE_HIDDEN,
        ),
    ),
    "own history": (
        "get",
        "/students/{own}/history/",
        None,
        expect(
            anonymous=(302, to_login("/students/{own}/history/")),
            student=PAGE_403,
            staff=(200, has('<td data-label="What">Supervisor assigned</td>')),
        ),
    ),
    "history of the taught module": (
        "get",
        f"/modules/{{pk}}/{TAUGHT}/history/",
        None,
        expect(
            anonymous=(302, to_login(f"/modules/{{pk}}/{TAUGHT}/history/")),
            student=PAGE_403,
            staff=(200, has('<td data-label="What">Module leader assigned<br>')),
            project_supervisor=PAGE_403,
        ),
    ),
    "history of another module": (
        "get",
        "/modules/{pk}/COMP70010/history/",
        None,
        expect(
            anonymous=(302, to_login("/modules/{pk}/COMP70010/history/")),
            student=PAGE_403,
            staff=(200, has('<td data-label="What">Elective chosen<br>')),
            teachers=PAGE_403,
        ),
    ),
    # Teaching assignments (API)
    "api: teaching": (
        "get",
        "/api/teaching?programme_id={pk}",
        None,
        expect(
            anonymous=API_401,
            student=API_403,
            staff=(
                200,
                json_teaching([(TAUGHT, "module_leader")], [(OWN, "project_supervisor", "lead")]),
            ),
            module_leader=(200, json_teaching([(TAUGHT, "module_leader")], [])),
            project_supervisor=(200, json_teaching([], [(OWN, "project_supervisor", "lead")])),
        ),
    ),
    "api: assign a leader": (
        "post",
        "/api/teaching/leaders",
        {"programme_id": "{pk}", "module_code": "COMP70010", "username": "module_leader"},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(
                201,
                assigned(
                    "", leaders_now=[("COMP70010", "module_leader"), (TAUGHT, "module_leader")]
                ),
            ),
        ),
    ),
    "api: remove a leader": (
        "delete",
        "/api/teaching/leaders/{leader}",
        None,
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(204, assigned("", leaders_now=[])),
        ),
    ),
    "api: assign a supervisor": (
        "post",
        "/api/teaching/supervisors",
        {"student_id": OTHER, "username": "project_supervisor", "role": "co"},
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(
                201,
                assigned(
                    "",
                    supervisions_now=[
                        (OWN, "project_supervisor", "lead"),
                        (OTHER, "project_supervisor", "co"),
                    ],
                ),
            ),
        ),
    ),
    "api: remove a supervisor": (
        "delete",
        "/api/teaching/supervisors/{supervision}",
        None,
        expect(
            anonymous=API_401,
            student=API_403,
            staff=API_403,
            admin=(204, assigned("", supervisions_now=[])),
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


def hidden_own(response, pk) -> None:
    """Alice's record asked for by someone who is not Alice nor staff: 404, as a missing one."""
    if response["Content-Type"].startswith("application/json"):
        assert response.json() == {"detail": f"no student {OWN}"}
    else:
        assert f"<p>no student {OWN}</p>" in text(response)
    unchanged(pk)


# The admissions roles where they are not simply refused: what every signed-in role may
# read (as the exam board does), a student's record hidden as a missing one (as from a
# student), Alice's own record hidden too, and their start page.
for _case, _like in {
    "account page": "exam_board",
    "api: docs": "exam_board",
    "api: me": "exam_board",
    "api: openapi": "exam_board",
    "api: programme": "exam_board",
    "api: programmes": "exam_board",
    "api: version": "exam_board",
    "api: version changes": "exam_board",
    "django admin": "exam_board",
    "login page": "exam_board",
    "programme list": "exam_board",
    "programme page": "exam_board",
    "specification document": "exam_board",
    "unknown student's record": "exam_board",
    "version page": "exam_board",
    "another student's record": "student",
    "another student's workload": "student",
    "api: another student's record": "student",
    "api: another student's workload": "student",
    "api: withdraw another student's elective": "student",
}.items():
    for _role in ADMISSIONS:
        CASES[_case][3][_role] = CASES[_case][3][_like]
for _case in (
    "api: own record",
    "api: own workload",
    "api: choose a second elective",
    "api: withdraw own elective",
    "own record by ID",
):
    for _role in ADMISSIONS:
        CASES[_case][3][_role] = (404, hidden_own)
for _role in ADMISSIONS:
    CASES["home"][3][_role] = (302, redirects_to("/applications/"))


def _fill(value, pk: int, token: int = 0, **ids: int):
    """A case's path or payload for this world: `{pk}` the programme, `{own}` Alice, `{other}`
    Bob, `{token}` the administrator's token, and any `ids` (e.g. `leader`, `supervision`)."""
    if isinstance(value, str):
        return value.format(pk=pk, own=OWN, other=OTHER, token=token, **ids)
    if isinstance(value, dict):
        return {k: (pk if v == "{pk}" else v) for k, v in value.items()}
    return value


def send(users, role: str, method: str, url: str, payload=None):
    """Send `method url` as `role` (signed in as `users[role]` unless anonymous): an API call's
    payload as JSON, a page's as form data. Every area's matrix sends its requests so."""
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    if url.startswith("/api/") and payload is not None:
        return getattr(client, method)(url, payload, content_type="application/json")
    if payload is not None:
        return getattr(client, method)(url, payload)
    return getattr(client, method)(url)


def request_as(world, role: str, method: str, path: str, data=None):
    """Send the request as `role` (signed in unless anonymous) in `world`; the response."""
    ids = {k: world[k] for k in ("leader", "supervision") if k in world}
    url = _fill(path, world["pk"], world.get("token", 0), **ids)
    return send(world["users"], role, method, url, _fill(data, world["pk"]))


def expectation(expectations, role: str, path: str):
    """A case's (status, check) for `role`: REFUSED is the 403 page, or the API's 403."""
    expected = expectations[role]
    if expected is REFUSED:
        return API_403 if path.startswith("/api/") else PAGE_403
    return expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_permission_matrix(world, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectation(expectations, role, path)

    response = request_as(world, role, method, path, data)

    assert response.status_code == status
    check(response, world["pk"])

"""Every role against every exam-board page and endpoint: the exact status, and what it shows.

In the style of test_permission_matrix.py (its helpers are imported). The world is a board run
of two students with marks (tests/boards/world.py); Alice (00000001) has a student account,
the module leader leads her elective and the supervisor supervises her, so that a page that
leaked the run to the people who teach her, or to herself, would show her marks. Readers are
the registry, the programme lead, the board and the external examiner; the lead and the board
decide and lock; the external examiner alone comments and signs off; the registry and the
lead run a board. A refused change changes nothing.
"""

from __future__ import annotations

import pytest

from registrar.boards.domain.runs import run_board
from registrar.boards.models import BoardRun, Decision, ExaminerComment, SignOff
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor
from tests.boards.world import ELECTIVE, make_cohort
from tests.web.test_permission_matrix import send, text, to_login, unauthorised_json

pytestmark = pytest.mark.django_db

OWN, OTHER = "00000001", "00000002"
STAFF = [
    "programme_lead",
    "module_leader",
    "project_supervisor",
    "administrator",
    "exam_board",
    "external_examiner",
]
ADMISSIONS = ["applicant", "admissions_tutor"]  # refused everything of a board
ROLES = ["anonymous", "student", *STAFF, *ADMISSIONS]
# What only a board page shows: Alice's COMP70061 standing mark and Bob's family name.
SECRET = ("74.00", "Borderline")


@pytest.fixture
def world(programme, make_student, account):
    cohort = make_cohort(make_student, only=(OWN, OTHER), usernames={OWN: "alice"})
    users = {role: account(role, role) for role in [*STAFF, *ADMISSIONS]}
    users["student"] = cohort[OWN].user
    assign_module_leader(
        programme=programme, module_code=ELECTIVE, user=users["module_leader"], actor=None
    )
    assign_supervisor(
        student=cohort[OWN], supervisor=users["project_supervisor"], role="lead", actor=None
    )
    run = run_board(programme=programme, actor=None)
    return {"pk": programme.pk, "run": run.pk, "users": users}


def _fill(value, world):
    if isinstance(value, str):
        return value.format(pk=world["pk"], run=world["run"], own=OWN, other=OTHER)
    if isinstance(value, dict):
        return {k: _fill(v, world) if isinstance(v, str) else v for k, v in value.items()}
    return value


def unchanged(world) -> None:
    """Nothing of the board changed: one run, no decision, unlocked, no comment or sign-off."""
    run = BoardRun.objects.get(pk=world["run"])
    assert (
        BoardRun.objects.count(),
        Decision.objects.count(),
        run.locked_at,
        ExaminerComment.objects.count(),
        SignOff.objects.count(),
    ) == (1, 0, None, 0, 0)


def page_403(response, world) -> None:
    body = text(response)
    assert ("You may not see this page" in body, *(s in body for s in SECRET)) == (
        True,
        False,
        False,
    )
    unchanged(world)


def api_403(permission: str):
    def check(response, world) -> None:
        assert (response["Content-Type"], response.json()) == (
            "application/json; charset=utf-8",
            {"detail": f"your role may not do this ({permission})"},
        )
        unchanged(world)

    return check


def api_401(response, world) -> None:
    unauthorised_json(response, world["pk"])
    unchanged(world)


def login(path: str):
    def check(response, world) -> None:
        to_login(_fill(path, world))(response, world["pk"])
        unchanged(world)

    return check


def shows(*present: str, absent: tuple[str, ...] = ()):
    """The page shows each of `present` and none of `absent` (fragments, filled in)."""

    def check(response, world) -> None:
        body = text(response)
        wanted = [_fill(f, world) for f in present]
        unwanted = [_fill(f, world) for f in absent]
        assert ([f in body for f in wanted], [f in body for f in unwanted]) == (
            [True] * len(wanted),
            [False] * len(unwanted),
        )

    return check


LOCK_BUTTON = 'href="/boards/{run}/lock/"'
DECISION_FORM = 'action="/boards/{run}/students/{own}/decision/"'
COMMENT_FORM = 'action="/boards/{run}/comments/"'
SIGN_OFF_FORM = 'action="/boards/{run}/sign-off/"'
RUN_FORM = 'action="/boards/run/"'


def redirected_to(location: str, then=None):
    def check(response, world) -> None:
        assert response["Location"] == _fill(location, world)
        if then is not None:
            then(world)

    return check


def new_run(response, world) -> None:
    latest = BoardRun.objects.order_by("-id").first()
    assert (BoardRun.objects.count(), response["Location"]) == (2, f"/boards/{latest.pk}/")


def decided(world) -> None:
    assert list(Decision.objects.values_list("student__student_id", "agrees")) == [(OWN, True)]


def locked(world) -> None:
    assert BoardRun.objects.get(pk=world["run"]).locked_at is not None


def commented(world) -> None:
    assert list(ExaminerComment.objects.values_list("text", flat=True)) == ["Consistent."]


def signed(world) -> None:
    assert list(SignOff.objects.values_list("examiner__username", flat=True)) == [
        "external_examiner"
    ]


def json_run_ids(response, world) -> None:
    assert [r["id"] for r in response.json()] == [world["run"]]


def json_students(response, world) -> None:
    assert [s["student_id"] for s in response.json()["students"]] == [OWN, OTHER]


def json_trace(response, world) -> None:
    body = response.json()
    assert (body["student"]["powa"], len(body["trace"]["steps"])) == ("74.06", 14)


def json_identical(response, world) -> None:
    assert response.json() == {"run": world["run"], "identical": True, "differences": []}


def json_new_run(response, world) -> None:
    assert (BoardRun.objects.count(), response.json()["id"]) == (
        2,
        BoardRun.objects.order_by("-id").first().pk,
    )


def then(state):
    """A successful change: what the database holds after it."""

    def check(response, world) -> None:
        state(world)

    return check


def expect(*, anonymous, refused, admin, lead, board, external):
    """student, module leader, project supervisor and the admissions roles are `refused`."""
    return {
        "anonymous": anonymous,
        "student": refused,
        "applicant": refused,
        "admissions_tutor": refused,
        "module_leader": refused,
        "project_supervisor": refused,
        "administrator": admin,
        "programme_lead": lead,
        "exam_board": board,
        "external_examiner": external,
    }


def readers(anonymous, refused, each):
    return expect(
        anonymous=anonymous, refused=refused, admin=each, lead=each, board=each, external=each
    )


PAGE_403 = (403, page_403)
DECISION = {"status": "awarded", "award": "MRes", "classification": "Distinction", "reason": ""}

CASES = {
    "board list": (
        "get",
        "/boards/",
        None,
        expect(
            anonymous=(302, login("/boards/")),
            refused=PAGE_403,
            admin=(200, shows("Board run {run}", RUN_FORM)),
            lead=(200, shows("Board run {run}", RUN_FORM)),
            board=(200, shows("Board run {run}", absent=(RUN_FORM,))),
            external=(200, shows("Board run {run}", absent=(RUN_FORM,))),
        ),
    ),
    "broadsheet": (
        "get",
        "/boards/{run}/",
        None,
        expect(
            anonymous=(302, login("/boards/{run}/")),
            refused=PAGE_403,
            admin=(200, shows(*SECRET, absent=(LOCK_BUTTON, COMMENT_FORM, SIGN_OFF_FORM))),
            lead=(200, shows(*SECRET, LOCK_BUTTON, absent=(COMMENT_FORM, SIGN_OFF_FORM))),
            board=(200, shows(*SECRET, LOCK_BUTTON, absent=(COMMENT_FORM, SIGN_OFF_FORM))),
            external=(200, shows(*SECRET, COMMENT_FORM, SIGN_OFF_FORM, absent=(LOCK_BUTTON,))),
        ),
    ),
    "a student's explanation": (
        "get",
        "/boards/{run}/students/{own}/",
        None,
        expect(
            anonymous=(302, login("/boards/{run}/students/{own}/")),
            refused=PAGE_403,
            admin=(200, shows("74.00", "docs/rules.md#powa", absent=(DECISION_FORM, COMMENT_FORM))),
            lead=(200, shows("74.00", DECISION_FORM, absent=(COMMENT_FORM,))),
            board=(200, shows("74.00", DECISION_FORM, absent=(COMMENT_FORM,))),
            external=(200, shows("74.00", COMMENT_FORM, absent=(DECISION_FORM,))),
        ),
    ),
    "lock confirmation": (
        "get",
        "/boards/{run}/lock/",
        None,
        expect(
            anonymous=(302, login("/boards/{run}/lock/")),
            refused=PAGE_403,
            admin=PAGE_403,
            lead=(200, shows("Lock board run {run}?")),
            board=(200, shows("Lock board run {run}?")),
            external=PAGE_403,
        ),
    ),
    "verify page": (
        "get",
        "/boards/{run}/verify/",
        None,
        readers(
            (302, login("/boards/{run}/verify/")),
            PAGE_403,
            (200, shows("Board run {run} is identical")),
        ),
    ),
    "csv export": (
        "get",
        "/boards/{run}/export.csv",
        None,
        readers(
            (302, login("/boards/{run}/export.csv")),
            PAGE_403,
            (200, shows("student_id,status,award", "00000002,awarded,MRes,Merit,69.07")),
        ),
    ),
    "run a board (page)": (
        "post",
        "/boards/run/",
        {"programme": "{pk}"},
        expect(
            anonymous=(302, login("/boards/run/")),
            refused=PAGE_403,
            admin=(302, new_run),
            lead=(302, new_run),
            board=PAGE_403,
            external=PAGE_403,
        ),
    ),
    "decide (page)": (
        "post",
        "/boards/{run}/students/{own}/decision/",
        DECISION,
        expect(
            anonymous=(302, login("/boards/{run}/students/{own}/decision/")),
            refused=PAGE_403,
            admin=PAGE_403,
            lead=(302, redirected_to("/boards/{run}/students/{own}/", decided)),
            board=(302, redirected_to("/boards/{run}/students/{own}/", decided)),
            external=PAGE_403,
        ),
    ),
    "lock (page)": (
        "post",
        "/boards/{run}/lock/",
        {},
        expect(
            anonymous=(302, login("/boards/{run}/lock/")),
            refused=PAGE_403,
            admin=PAGE_403,
            lead=(302, redirected_to("/boards/{run}/", locked)),
            board=(302, redirected_to("/boards/{run}/", locked)),
            external=PAGE_403,
        ),
    ),
    "comment (page)": (
        "post",
        "/boards/{run}/comments/",
        {"text": "Consistent."},
        expect(
            anonymous=(302, login("/boards/{run}/comments/")),
            refused=PAGE_403,
            admin=PAGE_403,
            lead=PAGE_403,
            board=PAGE_403,
            external=(302, redirected_to("/boards/{run}/", commented)),
        ),
    ),
    "sign off (page)": (
        "post",
        "/boards/{run}/sign-off/",
        {"statement": ""},
        expect(
            anonymous=(302, login("/boards/{run}/sign-off/")),
            refused=PAGE_403,
            admin=PAGE_403,
            lead=PAGE_403,
            board=PAGE_403,
            external=(302, redirected_to("/boards/{run}/", signed)),
        ),
    ),
    "api: runs": (
        "get",
        "/api/boards",
        None,
        readers(
            (401, api_401),
            (403, api_403("view_board")),
            (200, json_run_ids),
        ),
    ),
    "api: run": (
        "get",
        "/api/boards/{run}",
        None,
        readers(
            (401, api_401),
            (403, api_403("view_board")),
            (200, json_students),
        ),
    ),
    "api: a student's explanation": (
        "get",
        "/api/boards/{run}/students/{own}",
        None,
        readers(
            (401, api_401),
            (403, api_403("view_board")),
            (200, json_trace),
        ),
    ),
    "api: verify": (
        "get",
        "/api/boards/{run}/verify",
        None,
        readers(
            (401, api_401),
            (403, api_403("view_board")),
            (200, json_identical),
        ),
    ),
    "api: run a board": (
        "post",
        "/api/boards",
        {"programme_id": "{pk}"},
        expect(
            anonymous=(401, api_401),
            refused=(403, api_403("run_board")),
            admin=(201, json_new_run),
            lead=(201, json_new_run),
            board=(403, api_403("run_board")),
            external=(403, api_403("run_board")),
        ),
    ),
    "api: decide": (
        "post",
        "/api/boards/{run}/decisions",
        {**DECISION, "student_id": OWN},
        expect(
            anonymous=(401, api_401),
            refused=(403, api_403("decide_board")),
            admin=(403, api_403("decide_board")),
            lead=(200, then(decided)),
            board=(200, then(decided)),
            external=(403, api_403("decide_board")),
        ),
    ),
    "api: lock": (
        "post",
        "/api/boards/{run}/lock",
        {},
        expect(
            anonymous=(401, api_401),
            refused=(403, api_403("lock_board")),
            admin=(403, api_403("lock_board")),
            lead=(200, then(locked)),
            board=(200, then(locked)),
            external=(403, api_403("lock_board")),
        ),
    ),
    "api: comment": (
        "post",
        "/api/boards/{run}/comments",
        {"text": "Consistent."},
        expect(
            anonymous=(401, api_401),
            refused=(403, api_403("comment_board")),
            admin=(403, api_403("comment_board")),
            lead=(403, api_403("comment_board")),
            board=(403, api_403("comment_board")),
            external=(201, then(commented)),
        ),
    ),
    "api: sign off": (
        "post",
        "/api/boards/{run}/sign-off",
        {},
        expect(
            anonymous=(401, api_401),
            refused=(403, api_403("comment_board")),
            admin=(403, api_403("comment_board")),
            lead=(403, api_403("comment_board")),
            board=(403, api_403("comment_board")),
            external=(201, then(signed)),
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_board_permissions(world, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectations[role]
    url, payload = _fill(path, world), _fill(data, world)
    if url.startswith("/api/") and isinstance((payload or {}).get("programme_id"), str):
        payload["programme_id"] = int(payload["programme_id"])
    response = send(world["users"], role, method, url, payload)

    assert response.status_code == status
    check(response, world)

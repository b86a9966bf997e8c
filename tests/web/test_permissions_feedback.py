"""Every role against every feedback page and endpoint: the exact status, and what shows.

Alice (the student who signs in) and Bob both take the ethics module, which the module
leader leads; the project supervisor supervises Alice. Feedback on Alice's and Bob's
ethics marks and on Alice's thesis is released with a board run; feedback on Alice's
tutorial is not (no released run read that mark). Bob's is made first, so a page that
leaked another student's feedback to Alice would show it.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.domain.feedback import give_feedback
from registrar.assessment.models import Feedback
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor
from tests.boards.test_release import board
from tests.web.test_permission_matrix import ADMISSIONS, ROLES, STAFF, text

pytestmark = pytest.mark.django_db

ALICE, BOB = "00000001", "00000002"
ETHICS, PROJECT, TUTORIAL = "COMP70076", "COMP70059", "COMP70061"
THESIS = "Research thesis"
SAYS = {
    "bob": "Bob: the argument wanders.",
    "alice": "Alice: a sharp analysis of bias.",
    "thesis": "Alice: the thesis is well structured.",
    "tutorial": "Alice: lead the discussion more.",
}


@pytest.fixture
def world(programme, make_student, account):
    users = {role: account(role, role) for role in (*STAFF, *ADMISSIONS)}
    bob = make_student(BOB, username="bob", given_name="Bob", family_name="Other")
    alice = make_student(ALICE, username="alice", given_name="Alice", family_name="Own")
    users["student"] = alice.user
    assign_module_leader(
        programme=programme, module_code=ETHICS, user=users["module_leader"], actor=None
    )
    assign_supervisor(
        student=alice, supervisor=users["project_supervisor"], role="lead", actor=None
    )
    save_marks(
        programme=programme,
        entries=[
            MarkInput(BOB, ETHICS, "", 1, "55.00"),
            MarkInput(ALICE, ETHICS, "", 1, "66.00"),
            MarkInput(ALICE, PROJECT, THESIS, 1, "71.00"),
        ],
        actor=None,
    )
    board(programme, release=True)
    made = {}
    for key, student, code, component in (
        ("bob", bob, ETHICS, ""),
        ("alice", alice, ETHICS, ""),
        ("thesis", alice, PROJECT, THESIS),
        ("tutorial", alice, TUTORIAL, "Paper discussion"),
    ):
        made[key] = give_feedback(
            student=student,
            module_code=code,
            component=component,
            attempt=1,
            text=SAYS[key],
            file=SimpleUploadedFile(f"{key}.pdf", f"%PDF-1.4 {key}".encode()),
            actor=None,
        )
    return {"users": users, "feedback": made, "pk": programme.pk}


def call(world, role, method, path):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    ids = {k: f.pk for k, f in world["feedback"].items()}
    path = path.format(pk=world["pk"], **ids)
    if method == "get":
        return client.get(path)
    return client.post(path, {"student_id": BOB, "component": "", "attempt": "1", "text": "New."})


def shows(*keys):
    """The page shows exactly these feedback texts."""

    def check(response, world) -> None:
        body = text(response)
        assert [k for k in SAYS if SAYS[k] in body] == list(keys)

    return check


def file_of(key):
    def check(response, world) -> None:
        assert response.content == f"%PDF-1.4 {key}".encode()
        assert response["Content-Disposition"] == f'attachment; filename="{key}.pdf"'

    return check


def bob_says(expected):
    def check(response, world) -> None:
        assert Feedback.objects.get(pk=world["feedback"]["bob"].pk).text == expected

    return check


def refused(response, world) -> None:
    assert "You may not see this page" in text(response)
    assert Feedback.objects.get(pk=world["feedback"]["bob"].pk).text == SAYS["bob"]


NO = (403, refused)


def login(response, world) -> None:
    assert response["Location"].startswith("/login/?next=/")


def hidden(key):
    """Feedback one may not read, answered as feedback that does not exist."""

    def check(response, world) -> None:
        assert f"<p>no feedback {world['feedback'][key].pk}</p>" in text(response)
        assert Feedback.objects.get(pk=world["feedback"]["bob"].pk).text == SAYS["bob"]

    return (404, check)


def table(default=NO, **roles):
    out = {"anonymous": (302, login), "student": roles.pop("student", default)}
    for role in (*STAFF, *ADMISSIONS):
        out[role] = roles.get(role, default)
    return out


GRID = "/marks/{pk}/" + ETHICS + "/feedback/"
CASES = {
    ("get", "/me/feedback/"): table(
        student=(200, shows("alice", "thesis"))  # not Bob's, not the unreleased tutorial
    ),
    ("get", GRID): table(
        administrator=(200, shows("bob", "alice")), module_leader=(200, shows("bob", "alice"))
    ),
    ("post", GRID + "save/"): table(
        administrator=(302, bob_says("New.")),
        module_leader=(302, bob_says("New.")),
        project_supervisor=(302, bob_says(SAYS["bob"])),  # refused by the rule: not his student
    ),
    ("get", "/feedback/{alice}/file/"): table(
        hidden("alice"),
        student=(200, file_of("alice")),
        administrator=(200, file_of("alice")),
        module_leader=(200, file_of("alice")),
    ),
    ("get", "/feedback/{thesis}/file/"): table(
        hidden("thesis"),
        student=(200, file_of("thesis")),
        administrator=(200, file_of("thesis")),
        project_supervisor=(200, file_of("thesis")),
    ),
    ("get", "/feedback/{bob}/file/"): table(
        hidden("bob"), administrator=(200, file_of("bob")), module_leader=(200, file_of("bob"))
    ),
    ("get", "/feedback/{tutorial}/file/"): table(
        hidden("tutorial"), administrator=(200, file_of("tutorial"))
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), list(CASES))
def test_feedback_matrix(world, role, method, path):
    status, check = CASES[(method, path)][role]
    response = call(world, role, method, path)
    assert response.status_code == status
    check(response, world)

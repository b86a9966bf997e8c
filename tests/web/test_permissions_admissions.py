"""Every role against every admissions page: the exact status, and what it shows or changes.

In the style of test_permission_matrix.py. The world: Alice, an applicant with a complete
draft; Bob, another applicant, whose application is submitted with an offer (one condition);
a referee link for Bob's first referee. An applicant sees only their own application (another
is answered as a missing one, 404), staff without the admissions tutor's role see none, the
referee's page needs only its link, and a refused change changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registrar.admissions.domain.deciding import decide
from registrar.admissions.domain.referees import token_for
from registrar.admissions.models import Application, Condition, Document, Note, Status
from tests.admissions.world import PDF, TWO_PAGES, applicant, complete_draft, submitted
from tests.web.test_permission_matrix import send, text

pytestmark = pytest.mark.django_db

STAFF = [
    "programme_lead",
    "module_leader",
    "project_supervisor",
    "administrator",
    "exam_board",
    "external_examiner",
]
ROLES = ["anonymous", "student", *STAFF, "applicant", "admissions_tutor"]


@pytest.fixture
def world(programme, account, make_student):
    users = {role: account(role, role) for role in [*STAFF, "admissions_tutor"]}
    users["student"] = make_student("00000001", username="alice-student").user
    alice = complete_draft(programme, applicant("alice"))
    bob = submitted(programme, applicant("bob"), given_name="Bob", family_name="Secret")
    decide(
        application=bob,
        decision="offer",
        conditions=["A first"],
        actor=users["admissions_tutor"],
    )
    users["applicant"] = alice.applicant
    return {
        "users": users,
        "own": alice.pk,
        "other": bob.pk,
        "own_doc": alice.documents.get(kind="cv").pk,
        "other_doc": bob.documents.get(kind="cv").pk,
        "condition": Condition.objects.get().pk,
        "token": token_for(bob.referees.get(position=1)),
        "programme": programme.pk,
    }


def state():
    """What a refused request must leave as it was."""
    return (
        list(Application.objects.order_by("pk").values_list("status", "given_name")),
        Document.objects.count(),
        Note.objects.count(),
        list(Condition.objects.values_list("met_at", flat=True)),
    )


BEFORE = ([("draft", "Ada"), ("offered", "Bob")], 8, 0, [None])


def login(response, world):
    assert response["Location"].startswith("/login/?next=")
    assert state() == BEFORE


def no(response, world):
    assert "You may not see this page" in text(response)
    assert state() == BEFORE


def hidden(response, world):
    assert "Secret" not in text(response)
    assert state() == BEFORE


def shows(*fragments, absent=("Secret",)):
    def check(response, world):
        body = text(response)
        assert ([f in body for f in fragments], [f in body for f in absent]) == (
            [True] * len(fragments),
            [False] * len(absent),
        )

    return check


def changed(expected):
    def check(response, world):
        assert expected(world)

    return check


def table(default, **roles):
    """Expected (status, check) per role: `default` for every role not named."""
    return {role: roles.get(role, default) for role in ROLES}


LOGIN = (302, login)
REFUSED = (403, no)
HIDDEN = (404, hidden)

CASES = {
    "sign-up page": (
        "get",
        "/apply/",
        None,
        table(
            (302, lambda r, w: r["Location"] == "/applications/"),
            anonymous=(200, shows("Create an applicant account")),
        ),
    ),
    "applications": (
        "get",
        "/applications/",
        None,
        table(
            REFUSED,
            anonymous=LOGIN,
            applicant=(200, shows("My applications", "Draft")),
            admissions_tutor=(200, shows("Secret", "1 application", absent=("Ada",))),
        ),
    ),
    "start an application": (
        "post",
        "/applications/start/{programme}/",
        {},
        # Alice has one for the cohort already: she is taken to it, nothing is added.
        table(
            REFUSED,
            anonymous=LOGIN,
            applicant=(302, lambda r, w: r["Location"] == f"/applications/{w['own']}/"),
        ),
    ),
    "own application": (
        "get",
        "/applications/{own}/",
        None,
        table(
            HIDDEN,
            anonymous=LOGIN,
            applicant=(200, shows("Your application", "Save draft")),
            # a draft is the applicant's alone
        ),
    ),
    "another's application": (
        "get",
        "/applications/{other}/",
        None,
        table(
            HIDDEN,
            anonymous=LOGIN,
            admissions_tutor=(200, shows("Bob Secret", "Entry requirements", absent=())),
        ),
    ),
    "save own draft": (
        "post",
        "/applications/{own}/",
        {"given_name": "Augusta"},
        table(
            HIDDEN,
            anonymous=LOGIN,
            applicant=(
                302,
                changed(lambda w: Application.objects.get(pk=w["own"]).given_name == "Augusta"),
            ),
        ),
    ),
    "save another's application": (
        "post",
        "/applications/{other}/",
        {"given_name": "Mallory"},
        table(HIDDEN, anonymous=LOGIN, admissions_tutor=REFUSED),
    ),
    "upload to own draft": (
        "post",
        "/applications/{own}/documents/",
        {"kind": "research_statement", "file": ("s.pdf", TWO_PAGES)},
        # The applicant may upload; the check refuses a two-page statement: nothing kept.
        table(HIDDEN, anonymous=LOGIN, applicant=(302, hidden)),
    ),
    "upload to another's application": (
        "post",
        "/applications/{other}/documents/",
        {"kind": "cv", "file": ("cv.pdf", PDF)},
        table(HIDDEN, anonymous=LOGIN, admissions_tutor=REFUSED),
    ),
    "own document": (
        "get",
        "/applications/{own}/documents/{own_doc}/",
        None,
        table(
            HIDDEN,
            anonymous=LOGIN,
            applicant=(200, lambda r, w: r.content == PDF),
        ),
    ),
    "another's document": (
        "get",
        "/applications/{other}/documents/{other_doc}/",
        None,
        table(
            HIDDEN,
            anonymous=LOGIN,
            admissions_tutor=(200, lambda r, w: r["Cache-Control"] == "private, no-store"),
        ),
    ),
    "a document through another's application": (
        "get",
        "/applications/{own}/documents/{other_doc}/",
        None,
        table(HIDDEN, anonymous=LOGIN),
    ),
    "submit own": (
        "post",
        "/applications/{own}/submit/",
        {},
        table(
            HIDDEN,
            anonymous=LOGIN,
            applicant=(
                302,
                changed(lambda w: Application.objects.get(pk=w["own"]).status == Status.SUBMITTED),
            ),
        ),
    ),
    "answer another's offer": (
        "post",
        "/applications/{other}/answer/",
        {"answer": "accept"},
        table(HIDDEN, anonymous=LOGIN, admissions_tutor=REFUSED),
    ),
    "answer own (no offer)": (
        "post",
        "/applications/{own}/answer/",
        {"answer": "accept"},
        table(HIDDEN, anonymous=LOGIN, applicant=REFUSED),
    ),
    "score": (
        "post",
        "/applications/{other}/score/",
        {"score": "4"},
        # Bob's application is decided: the tutor may score, the domain refuses it now.
        table(HIDDEN, anonymous=LOGIN, admissions_tutor=(302, hidden)),
    ),
    "note": (
        "post",
        "/applications/{other}/notes/",
        {"text": "Seen."},
        table(
            HIDDEN,
            anonymous=LOGIN,
            admissions_tutor=(302, changed(lambda w: Note.objects.count() == 1)),
        ),
    ),
    "decide": (
        "post",
        "/applications/{own}/decide/",
        {"decision": "reject", "reason": "no"},
        # Alice's is a draft: hidden from the tutor too.
        table(HIDDEN, anonymous=LOGIN, applicant=REFUSED),
    ),
    "condition met": (
        "post",
        "/applications/{other}/conditions/{condition}/met/",
        {"evidence": "transcript"},
        table(
            HIDDEN,
            anonymous=LOGIN,
            admissions_tutor=(
                302,
                changed(lambda w: Condition.objects.get().evidence == "transcript"),
            ),
        ),
    ),
    "referee's page": (
        "get",
        "/references/{token}/",
        None,
        # The link is the permission, whoever holds it: it shows the name and the programme.
        table(
            (200, shows("Reference for Bob Secret", absent=("Lovelace", "ada@"))),
        ),
    ),
    "a forged referee link": (
        "get",
        "/references/{token}x/",
        None,
        table(HIDDEN),
    ),
}


def _fill(value, world):
    ids = {k: v for k, v in world.items() if k != "users"}
    if isinstance(value, str):
        return value.format(**ids)
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_admissions_permissions(world, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectations[role]
    url = _fill(path, world)
    if data is not None and "file" in data:
        name, content = data["file"]
        data = {**data, "file": SimpleUploadedFile(name, content)}
    response = send(world["users"], role, method, url, data)

    assert response.status_code == status
    result = check(response, world)
    assert result is None or result is True

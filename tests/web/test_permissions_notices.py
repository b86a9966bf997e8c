"""Every role against every notices page: the exact status, and what the body shows.

The world: Ada (the student who signs in) and Grace, each told that module choice opened;
Grace's notice is created first, so a page that leaked another student's notice to Ada would
show it. Every other account (staff, applicant, admissions tutor) has one notice of its own,
which only it reads.
"""

from __future__ import annotations

import pytest

from registrar.notices.domain.sending import Message, Recipient, notify
from registrar.notices.models import Kind, Notice
from registrar.registrations.domain.window import open_choice_window
from tests.web.test_permission_matrix import ADMISSIONS, ROLES, STAFF, send, text, to_login

pytestmark = pytest.mark.django_db

OTHERS = [*STAFF, *ADMISSIONS]  # every role with an account but a student's

ADA, GRACE = "00000001", "00000002"


@pytest.fixture
def world(programme, make_student, account):
    make_student(GRACE, username="grace", given_name="Grace", family_name="Hopper")
    ada = make_student(ADA, username="ada", given_name="Ada", family_name="Lovelace")
    open_choice_window(programme=programme, actor=None)
    users = {role: account(role, role) for role in OTHERS}
    for role, user in users.items():
        notify(
            kind=Kind.RESULTS_RELEASED,
            programme=programme,
            recipients=[Recipient.of_user(user)],
            message=Message(subject=f"For the {role} alone", body="Staff notice."),
            actor=None,
        )
    users["student"] = ada.user
    return {"pk": programme.pk, "users": users}


def expect(*, anonymous, student, staff, admin=None, lead=None):
    table = {"anonymous": anonymous, "student": student}
    for role in OTHERS:
        table[role] = (
            (admin if role == "administrator" else None)
            or (lead if role == "programme_lead" else None)
            or staff
        )
    return table


def own_notices(role: str):
    def check(response, world) -> None:
        body = text(response)
        mine = "Module choice is open" if role == "student" else f"For the {role} alone"
        others = [f"For the {r} alone" for r in OTHERS if r != role]
        assert (mine in body, [o for o in others if o in body]) == (True, [])
        assert body.count("Module choice is open") == (1 if role == "student" else 0)

    return check


def every_notice(response, world) -> None:
    body = text(response)
    assert (f"{ADA}</a> Ada Lovelace" in body, f"{GRACE}</a> Grace Hopper" in body) == (True, True)
    assert "every notice recorded for the cohort, newest first (10)" in body


def refused(response, world) -> None:
    assert "Your role in Registrar does not allow this." in text(response)
    assert Notice.objects.filter(kind=Kind.CHOICE_CLOSING).count() == 0


def reminded(response, world) -> None:
    assert response["Location"] == f"/programmes/{world['pk']}/choice/"
    reminded = Notice.objects.filter(kind=Kind.CHOICE_CLOSING)
    assert sorted(reminded.values_list("student__student_id", flat=True)) == [ADA, GRACE]


def login(path: str):
    def check(response, world) -> None:
        to_login(path.format(pk=world["pk"]))(response, world["pk"])

    return check


CASES = {
    "my notices": ("get", "/notices/", None),
    "the cohort's notices": (
        "get",
        "/programmes/{pk}/notices/",
        expect(
            anonymous=(302, login("/programmes/{pk}/notices/")),
            student=(403, refused),
            staff=(403, refused),
            admin=(200, every_notice),
            lead=(200, every_notice),
        ),
    ),
    "remind who has not chosen": (
        "post",
        "/programmes/{pk}/choice/remind/",
        expect(
            anonymous=(302, login("/programmes/{pk}/choice/remind/")),
            student=(403, refused),
            staff=(403, refused),
            admin=(302, reminded),
        ),
    ),
}


def expectation(case: str, role: str):
    method, path, table = CASES[case]
    if table is None:  # each person's own notices: every role, each sees only theirs
        table = {"anonymous": (302, login(path))} | {
            r: (200, own_notices(r)) for r in ["student", *OTHERS]
        }
    return method, path, table[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_notices_permissions(world, role, case):
    method, path, (status, check) = expectation(case, role)
    response = send(world["users"], role, method, path.format(pk=world["pk"]))

    assert response.status_code == status, text(response)[:500]
    check(response, world)

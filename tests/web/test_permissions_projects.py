"""Every role against every research-project page and endpoint: exact status, what it shows.

In the style of test_permission_matrix.py (its helpers are imported). Alice (the student
who signs in) is co-supervised by `project_supervisor` and has ranked Vision (by `ada`),
which the preview allocation gives her; Bob is co-supervised by `ada`, has a proposal of his own
awaiting `project_supervisor`, a meeting and an at-risk review outcome, none of which
Alice, or staff who do not read Bob, may see.
"""

from __future__ import annotations

import datetime

import pytest

from registrar.projects.domain.meetings import log_meeting
from registrar.projects.domain.preferences import rank_proposals
from registrar.projects.domain.proposals import propose_own, publish_proposal
from registrar.projects.domain.reviews import convene_review, record_outcome
from registrar.projects.domain.runs import run_allocation
from registrar.projects.domain.window import set_proposal_window
from registrar.projects.models import (
    AllocationRun,
    Meeting,
    Placement,
    Preference,
    ProgressReview,
    Proposal,
    ProposalWindow,
    ReviewOutcome,
)
from registrar.teaching.domain.assignments import assign_supervisor
from registrar.teaching.models import Supervision
from tests.projects.conftest import fields
from tests.web.test_permission_matrix import (
    ADMISSIONS,
    OTHER,
    OWN,
    STAFF,
    has,
    send,
    text,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "student", *STAFF, *ADMISSIONS]
DAY = datetime.date(2025, 11, 3)


@pytest.fixture
def world(programme, make_student, account):
    users = {role: account(role, role) for role in (*STAFF, *ADMISSIONS)}
    ada = account("ada", "project_supervisor")
    bob = make_student(OTHER, username="bob", given_name="Bob", family_name="Other")
    alice = make_student(OWN, username="alice", given_name="Alice", family_name="Own")
    users["student"] = alice.user
    assign_supervisor(student=alice, supervisor=users["project_supervisor"], role="co", actor=None)
    assign_supervisor(student=bob, supervisor=ada, role="co", actor=None)
    set_proposal_window(programme=programme, is_open=True, actor=None)
    vision = publish_proposal(
        programme=programme, supervisor=ada, fields=fields("Vision"), actor=None
    )
    robots = publish_proposal(
        programme=programme,
        supervisor=users["project_supervisor"],
        fields=fields("Robots"),
        actor=None,
    )
    own = propose_own(
        student=bob,
        supervisor=users["project_supervisor"],
        title="Bobs idea",
        description="D",
        area="A",
        actor=None,
    )
    rank_proposals(student=alice, proposal_ids=[vision.pk], actor=None)
    set_proposal_window(programme=programme, is_open=False, actor=None)
    run_allocation(programme=programme, actor=None)
    log_meeting(student=alice, date=DAY, minutes=90, notes="Alice notes", actions="", actor=None)
    log_meeting(student=bob, date=DAY, minutes=30, notes="Bob secret notes", actions="", actor=None)
    review = convene_review(programme=programme, held_on=DAY, title="Autumn review", actor=None)
    record_outcome(
        review=review,
        student=alice,
        progress="on_track",
        support="",
        scope="",
        message="Alice message",
        actor=None,
    )
    record_outcome(
        review=review,
        student=bob,
        progress="at_risk",
        support="",
        scope="",
        message="Bob private",
        actor=None,
    )
    return {
        "pk": programme.pk,
        "users": users,
        "ids": {"vision": vision.pk, "robots": robots.pk, "bobs": own.pk, "review": review.pk},
    }


def snapshot() -> tuple:
    return (
        list(ProposalWindow.objects.values_list("is_open", flat=True)),
        sorted(Proposal.objects.values_list("title", "status", "capacity")),
        list(Preference.objects.values_list("student__student_id", "rank")),
        list(AllocationRun.objects.values_list("status", flat=True)),
        sorted(Placement.objects.values_list("student__student_id", "proposal__title", "by_hand")),
        sorted(
            Supervision.objects.values_list("student__student_id", "supervisor__username", "role")
        ),
        Meeting.objects.count(),
        ProgressReview.objects.count(),
        sorted(ReviewOutcome.objects.values_list("student__student_id", "progress")),
    )


BEFORE = (
    [False],
    [("Bobs idea", "proposed", 1), ("Robots", "open", 1), ("Vision", "open", 1)],
    sorted([(OWN, 1)]),
    ["preview"],
    sorted([(OTHER, None, False), (OWN, "Vision", False)]),
    sorted([(OTHER, "ada", "co"), (OWN, "project_supervisor", "co")]),
    2,
    1,
    sorted([(OTHER, "at_risk"), (OWN, "on_track")]),
)


def changed(index: int, value):
    """The request succeeded: one part of the snapshot is now `value`, the rest as before."""

    def check(response, pk) -> None:
        expected = list(BEFORE)
        expected[index] = sorted(value) if isinstance(value, list) else value
        assert snapshot() == tuple(expected)

    return check


def no(response, pk) -> None:
    assert "You may not see this page" in text(response)
    assert snapshot() == BEFORE


def hidden_of(student_id: str):
    """Answered as a missing student would be (404), and nothing changed."""

    def check(response, pk) -> None:
        assert f"<p>no student {student_id}</p>" in text(response)
        assert snapshot() == BEFORE

    return check


def to(location: str, then=None):
    def check(response, pk) -> None:
        assert response["Location"] == location.format(pk=pk)
        if then is not None:
            then(response, pk)

    return check


def shows(*present: str, absent: tuple[str, ...] = ()):
    def check(response, pk) -> None:
        body = text(response)
        assert [p for p in present if p not in body] == []
        assert [a for a in absent if a in body] == []

    return check


PAGE_403 = (403, no)
HIDDEN = (404, hidden_of(OTHER))


def expect(*, anonymous, student, staff, **roles):
    """Applicants and admissions tutors are not of the programme: refused every page here."""
    table = {"anonymous": anonymous, "student": student}
    for role in STAFF:
        table[role] = roles.get(role, staff)
    for role in ADMISSIONS:
        table[role] = roles.get(role, PAGE_403)
    return table


def registry_and_supervisor(status, check):
    """The same outcome for the administrator and the project supervisor."""
    return {"administrator": (status, check), "project_supervisor": (status, check)}


def login(path: str):
    """Anonymous: to the sign-in page, back to this very path (checked by the test)."""
    return (302, None)


SUPERVISOR_PAGE = "Supervision of Alice Own"
CASES = {
    "projects index": (
        "get",
        "/projects/",
        None,
        expect(
            anonymous=login("/projects/"),
            student=(302, to("/me/project/")),
            staff=(200, has("MRes AI and Machine Learning</a>")),
        ),
    ),
    "proposals page": (
        "get",
        "/projects/{pk}/",
        None,
        expect(
            anonymous=login("/projects/{pk}/"),
            student=(302, to("/me/project/")),
            staff=(200, shows("Vision", "Robots", absent=("Bobs idea", "Open project choice"))),
            administrator=(200, shows("Vision", "Bobs idea", "Open project choice")),
            project_supervisor=(
                200,
                shows("Vision", "Bobs idea", "Accept P", absent=("Open project choice",)),
            ),
        ),
    ),
    "open the window": (
        "post",
        "/projects/{pk}/window/",
        {"open": "yes"},
        expect(
            anonymous=login("/projects/{pk}/window/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(302, to("/projects/{pk}/", changed(0, [True]))),
        ),
    ),
    "new proposal form": (
        "get",
        "/projects/{pk}/proposals/new/",
        None,
        expect(
            anonymous=login("/projects/{pk}/proposals/new/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, shows("On behalf of an external co-supervisor")),
            project_supervisor=(200, shows("Publish a proposal", absent=("On behalf of",))),
        ),
    ),
    "publish a proposal": (
        "post",
        "/projects/{pk}/proposals/new/",
        {
            "title": "Drones",
            "description": "D",
            "area": "RL",
            "capacity": "2",
            "supervisor": "project_supervisor",
        },
        expect(
            anonymous=login("/projects/{pk}/proposals/new/"),
            student=PAGE_403,
            staff=PAGE_403,
            **registry_and_supervisor(
                302,
                to(
                    "/projects/{pk}/",
                    changed(
                        1,
                        [
                            ("Bobs idea", "proposed", 1),
                            ("Drones", "open", 2),
                            ("Robots", "open", 1),
                            ("Vision", "open", 1),
                        ],
                    ),
                ),
            ),
        ),
    ),
    "edit own proposal form": (
        "get",
        "/projects/proposals/{robots}/edit/",
        None,
        expect(
            anonymous=login("/projects/proposals/{robots}/edit/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, has('value="Robots"')),
            project_supervisor=(200, has('value="Robots"')),
        ),
    ),
    "edit another's proposal form": (
        "get",
        "/projects/proposals/{vision}/edit/",
        None,
        expect(
            anonymous=login("/projects/proposals/{vision}/edit/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, has('value="Vision"')),
        ),
    ),
    "withdraw a proposal": (
        "post",
        "/projects/proposals/{robots}/withdraw/",
        {},
        expect(
            anonymous=login("/projects/proposals/{robots}/withdraw/"),
            student=PAGE_403,
            staff=PAGE_403,
            **registry_and_supervisor(
                302,
                to(
                    "/projects/{pk}/",
                    changed(
                        1,
                        [
                            ("Bobs idea", "proposed", 1),
                            ("Robots", "withdrawn", 1),
                            ("Vision", "open", 1),
                        ],
                    ),
                ),
            ),
        ),
    ),
    "accept a student's own proposal": (
        "post",
        "/projects/proposals/{bobs}/decide/",
        {"decision": "accept"},
        expect(
            anonymous=login("/projects/proposals/{bobs}/decide/"),
            student=PAGE_403,
            staff=PAGE_403,
            project_supervisor=(
                302,
                to(
                    "/projects/{pk}/",
                    changed(
                        1, [("Bobs idea", "open", 1), ("Robots", "open", 1), ("Vision", "open", 1)]
                    ),
                ),
            ),
        ),
    ),
    "allocation page": (
        "get",
        "/projects/{pk}/allocation/",
        None,
        expect(
            anonymous=login("/projects/{pk}/allocation/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(
                200,
                shows("<dt>At their first choice</dt><dd>1</dd>", "Confirm the allocation"),
            ),
            programme_lead=(
                200,
                shows("<dt>Unallocated</dt><dd>1</dd>", absent=("Confirm the allocation",)),
            ),
        ),
    ),
    "run the allocation": (
        "post",
        "/projects/{pk}/allocation/run/",
        {},
        expect(
            anonymous=login("/projects/{pk}/allocation/run/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(302, to("/projects/{pk}/allocation/", changed(3, ["preview"]))),
        ),
    ),
    "adjust the allocation": (
        "post",
        "/projects/{pk}/allocation/adjust/",
        {"student_id": OTHER, "proposal": "{robots}", "reason": "agreed"},
        expect(
            anonymous=login("/projects/{pk}/allocation/adjust/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(
                302,
                to(
                    "/projects/{pk}/allocation/",
                    changed(4, [(OTHER, "Robots", True), (OWN, "Vision", False)]),
                ),
            ),
        ),
    ),
    "confirm the allocation": (
        "post",
        "/projects/{pk}/allocation/confirm/",
        {},
        expect(
            anonymous=login("/projects/{pk}/allocation/confirm/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(
                302,
                to(
                    "/projects/{pk}/allocation/",
                    lambda r, pk: (
                        (
                            AllocationRun.objects.get().status == "confirmed"
                            and Supervision.objects.filter(
                                student__student_id=OWN, supervisor__username="ada", role="lead"
                            ).exists()
                        )
                        or pytest.fail("not confirmed")
                    ),
                ),
            ),
        ),
    ),
    "supervision list": (
        "get",
        "/projects/{pk}/supervision/",
        None,
        expect(
            anonymous=login("/projects/{pk}/supervision/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, shows(OWN, OTHER, "1.50", "0.50")),
            programme_lead=(200, shows(OWN, OTHER, "1.50", "0.50")),
            project_supervisor=(200, shows(OWN, "1.50", absent=(OTHER, "Bob"))),
        ),
    ),
    "own supervision page (staff view)": (
        "get",
        "/projects/students/{own}/",
        None,
        expect(
            anonymous=login("/projects/students/{own}/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, shows(SUPERVISOR_PAGE, "Alice notes", "Add a co-supervisor")),
            programme_lead=(200, shows(SUPERVISOR_PAGE, "Alice notes", absent=("Log a meeting",))),
            project_supervisor=(
                200,
                shows(
                    SUPERVISOR_PAGE,
                    "Log a meeting",
                    "of the 100 hours",
                    absent=("Add a co-supervisor",),
                ),
            ),
        ),
    ),
    "another student's supervision page": (
        "get",
        "/projects/students/{other}/",
        None,
        expect(
            anonymous=login("/projects/students/{other}/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, has("Bob secret notes")),
            programme_lead=(200, has("Bob secret notes")),
            project_supervisor=HIDDEN,
        ),
    ),
    "log a meeting of Alice": (
        "post",
        "/projects/students/{own}/meetings/",
        {"date": "2025-11-10", "minutes": "45"},
        expect(
            anonymous=login("/projects/students/{own}/meetings/"),
            student=(302, to("/me/project/", changed(6, 3))),
            staff=(404, hidden_of(OWN)),
            applicant=(404, hidden_of(OWN)),
            admissions_tutor=(404, hidden_of(OWN)),
            administrator=PAGE_403,
            programme_lead=PAGE_403,
            project_supervisor=(302, to(f"/projects/students/{OWN}/", changed(6, 3))),
        ),
    ),
    "log a meeting of Bob": (
        "post",
        "/projects/students/{other}/meetings/",
        {"date": "2025-11-10", "minutes": "45"},
        expect(
            anonymous=login("/projects/students/{other}/meetings/"),
            student=HIDDEN,
            staff=HIDDEN,
            applicant=HIDDEN,
            admissions_tutor=HIDDEN,
            administrator=PAGE_403,
            programme_lead=PAGE_403,
        ),
    ),
    "add a co-supervisor": (
        "post",
        "/projects/students/{own}/co-supervisors/",
        {"username": "ada", "external": "yes", "organisation": "Acme"},
        expect(
            anonymous=login("/projects/students/{own}/co-supervisors/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(
                302,
                to(
                    f"/projects/students/{OWN}/",
                    changed(
                        5,
                        [
                            (OTHER, "ada", "co"),
                            (OWN, "ada", "co"),
                            (OWN, "project_supervisor", "co"),
                        ],
                    ),
                ),
            ),
        ),
    ),
    "reviews page": (
        "get",
        "/projects/{pk}/reviews/",
        None,
        expect(
            anonymous=login("/projects/{pk}/reviews/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, shows("Autumn review", absent=("Convene a review",))),
            programme_lead=(200, shows("Autumn review", "Convene a review")),
        ),
    ),
    "convene a review": (
        "post",
        "/projects/{pk}/reviews/new/",
        {"title": "Spring review", "held_on": "2026-02-10"},
        expect(
            anonymous=login("/projects/{pk}/reviews/new/"),
            student=PAGE_403,
            staff=PAGE_403,
            programme_lead=(
                302,
                lambda r, pk: (
                    (r["Location"].startswith("/projects/reviews/") and snapshot()[7] == 2)
                    or pytest.fail("not convened")
                ),
            ),
        ),
    ),
    "review page": (
        "get",
        "/projects/reviews/{review}/",
        None,
        expect(
            anonymous=login("/projects/reviews/{review}/"),
            student=PAGE_403,
            staff=PAGE_403,
            administrator=(200, shows("Bob private", f"<li>{OTHER} Bob Other</li>")),
            programme_lead=(
                200,
                shows('value="Bob private"', f"<li>{OTHER} Bob Other</li>", "Record for"),
            ),
        ),
    ),
    "record an outcome": (
        "post",
        "/projects/reviews/{review}/outcomes/",
        {"student_id": OTHER, "progress": "concern"},
        expect(
            anonymous=login("/projects/reviews/{review}/outcomes/"),
            student=PAGE_403,
            staff=PAGE_403,
            programme_lead=(
                302,
                lambda r, pk: (
                    (
                        r["Location"].endswith(f"#student-{OTHER}")
                        and snapshot()[8] == [(OWN, "on_track"), (OTHER, "concern")]
                    )
                    or pytest.fail("not recorded")
                ),
            ),
        ),
    ),
    "my project": (
        "get",
        "/me/project/",
        None,
        expect(
            anonymous=login("/me/project/"),
            student=(
                200,
                shows(
                    "Alice message",
                    "Alice notes",
                    "1.50</strong> hours",
                    "of the 100 hours",
                    absent=("Bob", "Bobs idea", "Bob secret", "Bob private"),
                ),
            ),
            staff=PAGE_403,
        ),
    ),
    "rank proposals (window closed)": (
        "post",
        "/me/project/ranking/",
        {"rank-{vision}": "1"},
        expect(
            anonymous=login("/me/project/ranking/"),
            student=(
                302,
                to("/me/project/", lambda r, pk: snapshot() == BEFORE or pytest.fail("changed")),
            ),
            staff=PAGE_403,
        ),
    ),
    "propose own (window closed)": (
        "post",
        "/me/project/proposal/",
        {"title": "T", "description": "D", "area": "A", "supervisor": "project_supervisor"},
        expect(
            anonymous=login("/me/project/proposal/"),
            student=(
                302,
                to("/me/project/", lambda r, pk: snapshot() == BEFORE or pytest.fail("changed")),
            ),
            staff=PAGE_403,
        ),
    ),
}


def _fill(value, world):
    names = {"pk": world["pk"], "own": OWN, "other": OTHER, **world["ids"]}
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, dict):
        return {_fill(k, world): _fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_project_permissions(world, role, case):
    method, path, data, expectations = CASES[case]
    status, check = expectations[role]
    url = _fill(path, world)
    response = send(world["users"], role, method, url, _fill(data, world))

    assert response.status_code == status
    if check is None:
        assert response["Location"] == "/login/?next=" + url
        assert snapshot() == BEFORE
    else:
        check(response, world["pk"])

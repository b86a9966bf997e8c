"""The permission predicates, tested alone (the matrix test checks every page and endpoint).

Without an object, each permission is held by exactly the expected roles. With one, a
module leader and a supervisor reach only the students they teach: the world below has a
leader of one module Alice takes (Bob does not), and a supervisor of Alice only.
"""

from __future__ import annotations

import pytest

from registrar.people.rules import (
    PERMISSIONS,
    MarkTarget,
    ModuleRef,
    can,
    role_of,
    visible_students,
)
from registrar.registrations.domain.choice import choose_elective
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor

pytestmark = pytest.mark.django_db

ROLES = [
    "student",
    "programme_lead",
    "module_leader",
    "project_supervisor",
    "administrator",
    "exam_board",
    "external_examiner",
    "applicant",
    "admissions_tutor",
]
ADMISSIONS = {"applicant", "admissions_tutor"}
STAFF = {r for r in ROLES if r != "student"} - ADMISSIONS
COHORT = {"administrator", "programme_lead", "exam_board", "external_examiner"}
BOARD = COHORT

EXPECTED = {
    "view_programme": set(ROLES),
    "view_own_record": {"student"},
    "view_students": STAFF,
    "view_student": set(),  # only on a record: see the tests below
    "view_student_history": set(),  # only on a record
    "choose_elective": set(),  # only on the student's own record (below)
    "override_elective": {"administrator"},
    "manage_choice_window": {"administrator"},
    "view_choice_window": COHORT,
    "import_students": {"administrator"},
    "record_skills": {"administrator"},
    "publish_specification": {"administrator"},
    "assign_teaching": {"administrator"},
    "view_teaching": STAFF,
    "use_django_admin": {"administrator"},
    # API tokens only for the roles whose work is scripted (imports, marks, board runs).
    "manage_own_tokens": {"administrator", "programme_lead", "module_leader", "project_supervisor"},
    "enter_marks": {"administrator", "module_leader", "project_supervisor"},
    "view_module": BOARD | {"module_leader"},
    "run_board": {"administrator", "programme_lead"},
    "view_board": BOARD,
    "decide_board": {"programme_lead", "exam_board"},
    "lock_board": {"programme_lead", "exam_board"},
    "comment_board": {"external_examiner"},
    "release_results": {"administrator"},
    "view_own_results": {"student"},
    "view_transcript": {"administrator"},  # and the student, on their own record (below)
    "view_own_notices": set(ROLES),
    "view_programme_notices": {"administrator", "programme_lead"},
    "send_reminders": {"administrator"},
    # mitigating circumstances (the panel is drawn from the exam board)
    "submit_claim": {"student"},
    "view_claims": {"student", "administrator", "exam_board"},
    "view_claim": set(),  # only on a claim (tests/web/test_permissions_claims.py)
    "view_claim_evidence": set(),  # only on a claim
    "route_claim": {"administrator"},
    "decide_claim": {"exam_board"},  # and on a claim, its panel only
    # feedback: whoever enters the mark; the student their own, once released
    "give_feedback": {"administrator", "module_leader", "project_supervisor"},
    "view_feedback": set(),  # only on feedback (tests/web/test_permissions_feedback.py)
    "view_own_feedback": {"student"},
    # research projects (docs/projects.md)
    "view_proposals": STAFF | {"student"},  # not applicants or admissions tutors
    "publish_proposal": {"administrator", "project_supervisor"},
    "edit_proposal": {"administrator", "project_supervisor"},  # a supervisor: their own
    "decide_own_proposal": set(),  # only the supervisor a student's proposal names
    "rank_proposals": set(),  # only the student, on their own record
    "manage_proposal_window": {"administrator"},
    "run_allocation": {"administrator"},
    "view_allocation": {"administrator", "programme_lead"},
    "view_own_project": {"student"},
    "log_meeting": set(),  # only on a record (below)
    "view_meetings": {"administrator", "programme_lead", "project_supervisor"},
    "add_co_supervisor": {"administrator"},
    "convene_review": {"programme_lead"},
    "view_reviews": {"administrator", "programme_lead"},
    # Admissions: without an object, the applicant's own permissions (on an application, only
    # their own: below) and the tutor's.
    "apply": {"applicant"},
    "view_application": ADMISSIONS,
    "edit_application": {"applicant"},
    "answer_offer": {"applicant"},
    "review_applications": {"admissions_tutor"},
    "decide_application": {"admissions_tutor"},
    "export_application": {"administrator", "applicant", "admissions_tutor"},
    "erase_applications": {"administrator"},
    "view_admissions_report": {"administrator", "programme_lead"},
}


def test_every_permission_has_an_expectation():
    assert set(PERMISSIONS) == set(EXPECTED)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_permission_is_held_by_exactly_the_expected_roles(permission, account):
    holders = {role for role in ROLES if can(account(f"u-{role}", role), permission)}

    assert holders == EXPECTED[permission]


@pytest.fixture
def world(programme, open_window, make_student, account):
    """Bob (first, so a leak would show him) takes COMP70010; Alice takes COMP70053, which
    `leader` leads; `supervisor` supervises Alice. Each other role has one account."""
    bob = make_student("00000002", username="bob")
    choose_elective(student=bob, module_code="COMP70010", actor=bob.user)
    alice = make_student("00000001", username="alice")
    choose_elective(student=alice, module_code="COMP70053", actor=alice.user)
    users = {role: account(role, role) for role in STAFF}
    users["student"] = alice.user
    assign_module_leader(
        programme=programme, module_code="COMP70053", user=users["module_leader"], actor=None
    )
    assign_supervisor(
        student=alice, supervisor=users["project_supervisor"], role="lead", actor=None
    )
    return {"alice": alice, "bob": bob, "users": users, "programme": programme}


def holders(world, permission, obj) -> set[str]:
    return {role for role, user in world["users"].items() if can(user, permission, obj)}


@pytest.mark.parametrize("permission", ["view_student", "view_student_history"])
def test_teachers_read_only_the_students_they_teach(world, permission):
    own = {"view_student": {"student"}, "view_student_history": set()}[permission]

    alice = holders(world, permission, world["alice"])
    bob = holders(world, permission, world["bob"])

    assert alice == COHORT | {"module_leader", "project_supervisor"} | own
    assert bob == COHORT


def test_meetings_are_the_students_and_their_supervisors(world):
    assert (
        holders(world, "log_meeting", world["alice"]),
        holders(world, "log_meeting", world["bob"]),
        holders(world, "view_meetings", world["alice"]),
        holders(world, "view_meetings", world["bob"]),
    ) == (
        {"student", "project_supervisor"},
        set(),
        {"administrator", "programme_lead", "student", "project_supervisor"},
        {"administrator", "programme_lead"},
    )


def test_each_role_lists_exactly_the_students_it_may_read(world):
    listed = {
        role: sorted(visible_students(user).values_list("student_id", flat=True))
        for role, user in world["users"].items()
    }

    assert listed == {
        **{role: ["00000001", "00000002"] for role in COHORT},
        "module_leader": ["00000001"],
        "project_supervisor": ["00000001"],
        "student": ["00000001"],
    }


def test_a_leader_with_no_module_and_a_supervisor_with_no_student_list_nobody(world, account):
    idle_leader = account("idle-leader", "module_leader")
    idle_supervisor = account("idle-supervisor", "project_supervisor")

    assert list(visible_students(idle_leader)) == []
    assert list(visible_students(idle_supervisor)) == []
    assert can(idle_leader, "view_student", world["alice"]) is False


def test_marks_are_entered_by_the_leader_for_their_module_and_the_supervisor_for_the_project(
    world,
):
    alice, bob = world["alice"], world["bob"]

    cases = {
        "alice's led module": MarkTarget(alice, "COMP70053"),
        "alice's project component": MarkTarget(alice, "COMP70059", "Research thesis"),
        "alice's other module": MarkTarget(alice, "COMP70061"),
        "bob's project": MarkTarget(bob, "COMP70059"),
        "bob's elective": MarkTarget(bob, "COMP70010"),
    }

    assert {name: holders(world, "enter_marks", t) for name, t in cases.items()} == {
        "alice's led module": {"administrator", "module_leader"},
        "alice's project component": {"administrator", "project_supervisor"},
        "alice's other module": {"administrator"},
        "bob's project": {"administrator"},
        "bob's elective": {"administrator"},
    }


def test_a_module_is_read_by_its_leader_and_the_board_not_by_other_leaders(world):
    pk = world["programme"].pk

    assert holders(world, "view_module", ModuleRef(pk, "COMP70053")) == BOARD | {"module_leader"}
    assert holders(world, "view_module", ModuleRef(pk, "COMP70010")) == BOARD


def test_a_transcript_is_the_registry_s_or_the_student_s_own(world):
    assert holders(world, "view_transcript", world["alice"]) == {"administrator", "student"}
    assert holders(world, "view_transcript", world["bob"]) == {"administrator"}


def test_a_student_may_see_and_choose_for_their_own_record_only(make_student, account):
    own = make_student("00000001", username="alice")
    other = make_student("00000002", username="bob")
    alice = own.user

    assert (can(alice, "view_student", own), can(alice, "view_student", other)) == (True, False)
    assert (can(alice, "choose_elective", own), can(alice, "choose_elective", other)) == (
        True,
        False,
    )
    admin = account("registry", "administrator")
    assert can(admin, "choose_elective", own) is False


def test_an_account_without_a_role_holds_nothing(django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x" * 12)

    assert role_of(user) is None
    assert [p for p in PERMISSIONS if can(user, p)] == []
    assert list(visible_students(user)) == []


def test_a_sheet_of_mark_targets_reads_the_leader_s_modules_once(world, django_assert_num_queries):
    # A marks sheet asks `enter_marks` once per cell; at 1,044 students that was 3,482 queries.
    leader = world["users"]["module_leader"]
    alice, bob = world["alice"], world["bob"]
    cells = [MarkTarget(s, code) for s in (alice, bob) * 50 for code in ("COMP70053", "COMP70010")]

    with django_assert_num_queries(1):
        allowed = [can(leader, "enter_marks", cell) for cell in cells]

    assert allowed.count(True) == 100


def test_an_assignment_made_after_a_question_is_seen_by_the_next_question(world, account):
    leader = account("new-leader", "module_leader")
    target = MarkTarget(world["bob"], "COMP70010")
    assert can(leader, "enter_marks", target) is False

    assign_module_leader(
        programme=world["programme"], module_code="COMP70010", user=leader, actor=None
    )

    assert can(leader, "enter_marks", target) is True


def test_an_applicant_holds_permissions_on_their_own_application_only(programme, account):
    from registrar.admissions.domain.applying import start_application

    ada, bob, tutor = (
        account("ada", "applicant"),
        account("bob", "applicant"),
        account("tutor", "admissions_tutor"),
    )
    own = start_application(applicant=ada, programme=programme)
    other = start_application(applicant=bob, programme=programme)
    names = ("view_application", "edit_application", "answer_offer")
    assert [[can(ada, p, a) for p in names] for a in (own, other)] == [
        [True, True, False],
        [False, False, False],
    ]
    own.status = "offered"
    assert [can(ada, p, own) for p in names] == [True, False, True]
    assert can(tutor, "view_application", other) is False  # a draft is the applicant's alone
    other.status = "submitted"
    assert [can(tutor, p, other) for p in (*names, "decide_application")] == [
        True,
        False,
        False,
        True,
    ]

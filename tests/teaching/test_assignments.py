"""Assigning module leaders and supervisors: the rules, the refusals and the ledger entries."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.people.models import Role
from registrar.teaching.domain.assignments import (
    TeachingRefusedError,
    assign_module_leader,
    assign_supervisor,
    staff_account,
    teaching_of,
    unassign_module_leader,
    unassign_supervisor,
)
from registrar.teaching.models import ModuleLeader, Supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(account):
    return account("registry", "administrator")


@pytest.fixture
def leader(account):
    return account("lee", "module_leader")


@pytest.fixture
def supervisor(account):
    return account("sam", "project_supervisor")


def entries(action: str) -> list[tuple]:
    return list(
        AuditEntry.objects.filter(action=action)
        .order_by("id")
        .values_list("actor__username", "subject", "before", "after", "student_id", "module_code")
    )


# Module leaders


def test_assigning_a_leader_stores_it_and_writes_one_entry_under_the_module(
    programme, leader, registry
):
    made = assign_module_leader(
        programme=programme, module_code=" comp70010 ", user=leader, actor=registry
    )

    assert (made.module_code, made.user, made.assigned_by) == ("COMP70010", leader, registry)
    assert entries("teaching.leader_assigned") == [
        (
            "registry",
            "G5ZB 2025-26 COMP70010",
            {},
            {"programme": "G5ZB 2025-26", "module_code": "COMP70010", "leader": "lee"},
            "",
            "COMP70010",
        )
    ]


def test_a_module_may_have_two_leaders_but_a_leader_is_assigned_once(
    programme, leader, account, registry
):
    other = account("lou", "module_leader")
    assign_module_leader(programme=programme, module_code="COMP70010", user=leader, actor=registry)
    assign_module_leader(programme=programme, module_code="COMP70010", user=other, actor=registry)

    with pytest.raises(TeachingRefusedError) as refused:
        assign_module_leader(
            programme=programme, module_code="COMP70010", user=leader, actor=registry
        )

    assert str(refused.value) == "lee already leads COMP70010 Deep Learning"
    assert list(ModuleLeader.objects.values_list("user__username", flat=True)) == ["lee", "lou"]
    assert len(entries("teaching.leader_assigned")) == 2


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "COMP99999",
            "COMP99999 is not a module of MRes AI and Machine Learning (2025-26 entry); "
            "choose one of the modules of the current specification",
        ),
        (
            "COMP70101",
            "COMP70101 Human-Robot Interaction is not running in 2025-26; "
            "leaders are assigned to the modules that run",
        ),
    ],
)
def test_a_leader_is_refused_for_a_module_not_running_in_the_specification(
    programme, leader, registry, code, message
):
    with pytest.raises(TeachingRefusedError) as refused:
        assign_module_leader(programme=programme, module_code=code, user=leader, actor=registry)

    assert str(refused.value) == message
    assert (
        ModuleLeader.objects.count(),
        AuditEntry.objects.filter(action__startswith="teaching").count(),
    ) == (0, 0)


def test_only_a_module_leader_account_can_lead_a_module(programme, supervisor, registry):
    with pytest.raises(TeachingRefusedError) as refused:
        assign_module_leader(
            programme=programme, module_code="COMP70010", user=supervisor, actor=registry
        )

    assert str(refused.value) == (
        "sam is a project supervisor; only an account with the role module leader can be "
        "assigned as module leader"
    )
    assert ModuleLeader.objects.count() == 0


def test_removing_a_leader_deletes_it_and_records_what_it_was(programme, leader, registry):
    made = assign_module_leader(
        programme=programme, module_code="COMP70010", user=leader, actor=registry
    )

    unassign_module_leader(leader=made, actor=registry)

    assert ModuleLeader.objects.count() == 0
    assert entries("teaching.leader_unassigned") == [
        (
            "registry",
            "G5ZB 2025-26 COMP70010",
            {"programme": "G5ZB 2025-26", "module_code": "COMP70010", "leader": "lee"},
            {},
            "",
            "COMP70010",
        )
    ]


def test_removing_a_leader_twice_is_refused(programme, leader, registry):
    made = assign_module_leader(
        programme=programme, module_code="COMP70010", user=leader, actor=registry
    )
    unassign_module_leader(leader=made, actor=registry)

    with pytest.raises(TeachingRefusedError) as refused:
        unassign_module_leader(leader=made, actor=registry)

    assert str(refused.value) == "lee no longer leads COMP70010; nothing to remove"
    assert len(entries("teaching.leader_unassigned")) == 1


# Supervisors


def test_assigning_a_supervisor_writes_one_entry_under_the_student_and_the_project(
    make_student, supervisor, registry
):
    alice = make_student("00000001")

    made = assign_supervisor(student=alice, supervisor=supervisor, role="lead", actor=registry)

    assert (made.student, made.supervisor, made.role, made.external) == (
        alice,
        supervisor,
        "lead",
        False,
    )
    assert entries("teaching.supervisor_assigned") == [
        (
            "registry",
            "00000001",
            {},
            {
                "student_id": "00000001",
                "supervisor": "sam",
                "role": "lead",
                "external": False,
                "organisation": "",
            },
            "00000001",
            "COMP70059",
        )
    ]


def test_a_second_lead_supervisor_is_refused_but_a_co_supervisor_is_not(
    make_student, supervisor, account, registry
):
    alice = make_student("00000001")
    other = account("sue", "project_supervisor")
    assign_supervisor(student=alice, supervisor=supervisor, role="lead", actor=registry)

    with pytest.raises(TeachingRefusedError) as refused:
        assign_supervisor(student=alice, supervisor=other, role="lead", actor=registry)
    assign_supervisor(student=alice, supervisor=other, role="co", actor=registry)

    assert str(refused.value) == (
        "00000001 already has a supervisor, sam; a student has at most one: remove them first, "
        "or add this one as co-supervisor"
    )
    assert list(Supervision.objects.values_list("supervisor__username", "role")) == [
        ("sue", "co"),
        ("sam", "lead"),
    ]


def test_an_external_co_supervisor_is_stored_with_their_organisation(
    make_student, account, registry
):
    alice = make_student("00000001")
    industry = account("ines", "project_supervisor")

    made = assign_supervisor(
        student=alice,
        supervisor=industry,
        role="co",
        external=True,
        organisation=" DeepMind ",
        actor=registry,
    )

    assert (made.role, made.external, made.organisation) == ("co", True, "DeepMind")
    assert entries("teaching.supervisor_assigned")[0][3] == {
        "student_id": "00000001",
        "supervisor": "ines",
        "role": "co",
        "external": True,
        "organisation": "DeepMind",
    }


@pytest.mark.parametrize(
    ("role", "external", "organisation", "message"),
    [
        (
            "lead",
            True,
            "DeepMind",
            "an external supervisor can only be a co-supervisor; assign them with role co "
            "and give the college's supervisor as lead",
        ),
        (
            "co",
            True,
            "",
            "an external co-supervisor needs their organisation (e.g. the company they work for)",
        ),
        (
            "co",
            False,
            "DeepMind",
            "an organisation is recorded only for an external co-supervisor; "
            "tick external or leave the organisation empty",
        ),
        (
            "chief",
            False,
            "",
            "'chief' is not a supervisor role; use lead (the supervisor) or co (a co-supervisor)",
        ),
    ],
)
def test_a_supervision_that_breaks_a_rule_is_refused_and_nothing_is_written(
    make_student, supervisor, registry, role, external, organisation, message
):
    alice = make_student("00000001")

    with pytest.raises(TeachingRefusedError) as refused:
        assign_supervisor(
            student=alice,
            supervisor=supervisor,
            role=role,
            external=external,
            organisation=organisation,
            actor=registry,
        )

    assert str(refused.value) == message
    assert (Supervision.objects.count(), len(entries("teaching.supervisor_assigned"))) == (0, 0)


def test_the_same_supervisor_is_assigned_once(make_student, supervisor, registry):
    alice = make_student("00000001")
    assign_supervisor(student=alice, supervisor=supervisor, role="co", actor=registry)

    with pytest.raises(TeachingRefusedError) as refused:
        assign_supervisor(student=alice, supervisor=supervisor, role="lead", actor=registry)

    assert str(refused.value) == (
        "sam already supervises 00000001 (co-supervisor); remove them first to change the role"
    )


def test_only_a_project_supervisor_account_can_supervise(make_student, leader, registry):
    alice = make_student("00000001")

    with pytest.raises(TeachingRefusedError) as refused:
        assign_supervisor(student=alice, supervisor=leader, role="lead", actor=registry)

    assert str(refused.value) == (
        "lee is a module leader; only an account with the role project supervisor can be "
        "assigned as supervisor"
    )


def test_removing_a_supervisor_records_the_supervision_as_it_was(
    make_student, supervisor, registry
):
    alice = make_student("00000001")
    made = assign_supervisor(student=alice, supervisor=supervisor, role="lead", actor=registry)

    unassign_supervisor(supervision=made, actor=registry)

    assert Supervision.objects.count() == 0
    assert entries("teaching.supervisor_unassigned") == [
        (
            "registry",
            "00000001",
            {
                "student_id": "00000001",
                "supervisor": "sam",
                "role": "lead",
                "external": False,
                "organisation": "",
            },
            {},
            "00000001",
            "COMP70059",
        )
    ]


# Accounts and what each user sees


def test_staff_account_names_the_missing_account_or_the_wrong_role(account, db):
    account("stu", "student")

    with pytest.raises(TeachingRefusedError) as missing:
        staff_account("nobody", Role.MODULE_LEADER)
    with pytest.raises(TeachingRefusedError) as wrong:
        staff_account("stu", Role.PROJECT_SUPERVISOR)

    assert str(missing.value) == (
        "there is no account 'nobody'; create it with the role module leader first"
    )
    assert str(wrong.value) == (
        "stu is a student; only an account with the role project supervisor can be "
        "assigned as supervisor"
    )


def test_each_user_sees_the_assignments_that_concern_them(
    programme, make_student, leader, supervisor, account, registry
):
    bob = make_student("00000002")
    alice = make_student("00000001")
    other_leader = account("lou", "module_leader")
    other_supervisor = account("sue", "project_supervisor")
    assign_module_leader(
        programme=programme, module_code="COMP70010", user=other_leader, actor=None
    )
    assign_module_leader(programme=programme, module_code="COMP70061", user=leader, actor=None)
    assign_supervisor(student=bob, supervisor=other_supervisor, role="lead", actor=None)
    assign_supervisor(student=alice, supervisor=supervisor, role="lead", actor=None)

    def seen(user):
        t = teaching_of(programme, user)
        return (
            [(m.module.code, [x.user.username for x in m.leaders]) for m in t.modules if m.leaders],
            [
                (s.student.student_id, [x.supervisor.username for x in s.supervisions])
                for s in t.students
            ],
            (t.shows_modules, t.shows_students),
        )

    assert seen(registry) == (
        [("COMP70061", ["lee"]), ("COMP70010", ["lou"])],
        [("00000001", ["sam"]), ("00000002", ["sue"])],
        (True, True),
    )
    assert seen(leader) == ([("COMP70061", ["lee"])], [], (True, False))
    assert seen(supervisor) == ([], [("00000001", ["sam"])], (False, True))
    assert len(teaching_of(programme, registry).modules) == 26  # every running module

"""Ranking, the allocation run (the solver's answer), hand adjustment and confirmation."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.notices.models import Kind, Notice
from registrar.projects.domain.preferences import rank_proposals, ranking_of
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.projects.domain.runs import (
    adjust_placement,
    confirm_allocation,
    project_of,
    quality,
    run_allocation,
)
from registrar.projects.domain.window import set_proposal_window
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.domain.window import open_choice_window
from registrar.teaching.domain.assignments import assign_supervisor
from registrar.teaching.models import Supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(make_student):
    return [make_student(f"0000000{n}") for n in (1, 2, 3, 4)]


def ids(proposals, *names):
    return [proposals[n].pk for n in names]


def test_ranking_replaces_the_whole_list(proposals, cohort):
    alice = cohort[0]
    rank_proposals(student=alice, proposal_ids=ids(proposals, "vision", "robots"), actor=None)
    rank_proposals(student=alice, proposal_ids=ids(proposals, "robots"), actor=None)
    assert [(p.rank, p.proposal.title) for p in ranking_of(alice)] == [(1, "Robots")]
    entry = AuditEntry.objects.filter(action="project.preferences_ranked").order_by("pk").last()
    v, r = proposals["vision"].code, proposals["robots"].code
    assert (entry.before, entry.after) == ({"ranking": [v, r]}, {"ranking": [r]})


def test_ranking_refusals(proposals, cohort, programme, staff):
    alice = cohort[0]
    with pytest.raises(ProjectRefusedError, match="a proposal is ranked twice"):
        rank_proposals(student=alice, proposal_ids=ids(proposals, "vision", "vision"), actor=None)
    with pytest.raises(ProjectRefusedError, match="rank at most 5 proposals"):
        rank_proposals(student=alice, proposal_ids=[1, 2, 3, 4, 5, 6], actor=None)
    with pytest.raises(
        ProjectRefusedError,
        match=r"choice 2: P[0-9]+ Deep needs the elective COMP70010, which you are not registered",
    ):
        rank_proposals(student=alice, proposal_ids=ids(proposals, "vision", "deep"), actor=None)
    set_proposal_window(programme=programme, is_open=False, actor=None)
    with pytest.raises(ProjectRefusedError, match="project choice is closed"):
        rank_proposals(student=alice, proposal_ids=ids(proposals, "vision"), actor=None)
    assert ranking_of(alice) == []


def test_a_student_on_the_prerequisite_elective_may_rank_it(proposals, cohort, programme):
    open_choice_window(programme=programme, actor=None)
    choose_elective(student=cohort[0], module_code="COMP70010", actor=None)
    rank_proposals(student=cohort[0], proposal_ids=ids(proposals, "deep"), actor=None)
    assert [p.proposal.title for p in ranking_of(cohort[0])] == ["Deep"]


def _ranked(proposals, cohort, programme):
    # Vision (1 place) is everyone's first choice; Robots (2 places) the second.
    for student in cohort[:3]:
        rank_proposals(student=student, proposal_ids=ids(proposals, "vision", "robots"), actor=None)
    set_proposal_window(programme=programme, is_open=False, actor=None)


def test_run_is_the_solvers_optimum_with_quality(proposals, cohort, programme, staff):
    _ranked(proposals, cohort, programme)
    run = run_allocation(programme=programme, actor=staff["registry"])
    got = {
        p.student.student_id: (p.proposal.title if p.proposal else None, p.rank)
        for p in run.placements.all()
    }
    # The solver breaks the tie on student id: 00000001 gets the first choice.
    assert got == {
        "00000001": ("Vision", 1),
        "00000002": ("Robots", 2),
        "00000003": ("Robots", 2),
        "00000004": (None, None),
    }
    result = quality(run)
    assert (
        result.allocated,
        result.first_choice,
        result.top_three,
        result.unallocated,
        result.rank_sum,
    ) == (3, 1, 3, 1, 5)
    entry = AuditEntry.objects.get(action="project.allocation_previewed")
    assert entry.data == {
        "allocated": 3,
        "rank_sum": 5,
        "first_choice": 1,
        "top_three": 3,
        "unallocated": 1,
    }


def test_a_student_who_has_a_supervisor_is_not_placed(proposals, cohort, programme, staff):
    _ranked(proposals, cohort, programme)
    assign_supervisor(student=cohort[0], supervisor=staff["bo"], role="lead", actor=None)
    run = run_allocation(programme=programme, actor=None)
    got = {
        p.student.student_id: p.proposal.title if p.proposal else None for p in run.placements.all()
    }
    # 00000001 keeps no place: Vision goes to the next student by id.
    assert got == {"00000002": "Vision", "00000003": "Robots", "00000004": None}


def test_run_refused_while_the_window_is_open(proposals, programme):
    with pytest.raises(ProjectRefusedError, match="close project choice first"):
        run_allocation(programme=programme, actor=None)


def test_adjust_by_hand_within_capacity_with_a_reason(proposals, cohort, programme, staff):
    _ranked(proposals, cohort, programme)
    run = run_allocation(programme=programme, actor=None)
    fourth = cohort[3]
    with pytest.raises(ProjectRefusedError, match="reason: say why"):
        adjust_placement(run=run, student=fourth, proposal=proposals["deep"], reason="", actor=None)
    with pytest.raises(ProjectRefusedError, match=r"is full \(2 of 2\)"):
        adjust_placement(
            run=run, student=fourth, proposal=proposals["robots"], reason="asked", actor=None
        )
    placement = adjust_placement(
        run=run,
        student=fourth,
        proposal=proposals["deep"],
        reason="agreed with Ada",
        actor=staff["registry"],
    )
    assert (placement.by_hand, placement.rank, placement.reason) == (True, None, "agreed with Ada")
    assert (quality(run).allocated, quality(run).unallocated) == (4, 0)
    entry = AuditEntry.objects.get(action="project.allocation_adjusted")
    assert (entry.student_id, entry.reason, entry.after) == (
        "00000004",
        "agreed with Ada",
        {"proposal": proposals["deep"].code},
    )


def test_confirm_makes_the_lead_supervisions(proposals, cohort, programme, staff):
    _ranked(proposals, cohort, programme)
    run = run_allocation(programme=programme, actor=None)
    confirm_allocation(run=run, actor=staff["registry"])
    assert list(
        Supervision.objects.order_by("student__student_id").values_list(
            "student__student_id", "supervisor__username", "role"
        )
    ) == [("00000001", "ada", "lead"), ("00000002", "bo", "lead"), ("00000003", "bo", "lead")]
    assert AuditEntry.objects.filter(action="teaching.supervisor_assigned").count() == 3
    assert project_of(cohort[0]).proposal.title == "Vision"
    assert project_of(cohort[3]) is None
    with pytest.raises(ProjectRefusedError, match="already confirmed"):
        confirm_allocation(run=run, actor=None)
    with pytest.raises(ProjectRefusedError, match="already confirmed"):
        run_allocation(programme=programme, actor=None)
    with pytest.raises(ProjectRefusedError, match="can no longer be adjusted"):
        adjust_placement(run=run, student=cohort[3], proposal=None, reason="x", actor=None)


MRES_TITLE = "MRes AI and Machine Learning"


def test_confirm_tells_each_student_their_project_or_none(proposals, cohort, programme, staff):
    _ranked(proposals, cohort, programme)
    confirm_allocation(run=run_allocation(programme=programme, actor=None), actor=None)

    told = Notice.objects.filter(kind=Kind.ALLOCATION_CONFIRMED).order_by("student__student_id")
    code = proposals["vision"].code
    assert [(n.student.student_id, n.subject, n.link) for n in told] == [
        ("00000001", "Your research project: Vision", "/me/project/"),
        ("00000002", "Your research project: Robots", "/me/project/"),
        ("00000003", "Your research project: Robots", "/me/project/"),
        (
            "00000004",
            "No research project allocated yet: MRes AI and Machine Learning",
            "/me/project/",
        ),
    ]
    assert told[0].body == (
        f"The project allocation is confirmed. Your research project is {code} Vision, "
        "supervised by ada."
    )


def test_confirm_refuses_students_who_already_have_a_supervisor(
    proposals, cohort, programme, staff
):
    _ranked(proposals, cohort, programme)
    run = run_allocation(programme=programme, actor=None)
    assign_supervisor(student=cohort[1], supervisor=staff["ada"], role="lead", actor=None)
    with pytest.raises(ProjectRefusedError, match="00000002 already have a supervisor"):
        confirm_allocation(run=run, actor=None)
    run.refresh_from_db()
    assert (run.status, Supervision.objects.count()) == ("preview", 1)

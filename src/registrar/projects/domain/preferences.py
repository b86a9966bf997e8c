"""A student's ranking: up to five proposals, 1 the first choice, replaced whole each time."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.audit.domain import record
from registrar.people.models import Student
from registrar.projects.domain.proposals import proposals_for
from registrar.projects.domain.refusal import ProjectRefusedError, check_enrolled
from registrar.projects.domain.window import proposal_window_is_open
from registrar.projects.models import (
    MAX_CHOICES,
    AllocationRun,
    Preference,
    Proposal,
    RunStatus,
)


def ranking_of(student: Student) -> list[Preference]:
    return list(student.project_preferences.select_related("proposal__supervisor"))


def missing_prerequisite(student: Student, proposal: Proposal) -> bool:
    """The proposal asks for an elective the student is not registered on."""
    return (
        bool(proposal.prerequisite)
        and not student.registrations.filter(module_code=proposal.prerequisite).exists()
    )


def check_ranking(student: Student, proposal_ids: list[int]) -> list[Proposal]:
    """The proposals in rank order, or ProjectRefusedError saying which is wrong and why."""
    check_enrolled(student)
    if not proposal_window_is_open(student.programme):
        raise ProjectRefusedError(
            "project choice is closed for this programme; ask the programme administrator"
        )
    if AllocationRun.objects.filter(
        programme=student.programme, status=RunStatus.CONFIRMED
    ).exists():
        raise ProjectRefusedError("the allocation is confirmed; rankings can no longer change")
    if len(proposal_ids) > MAX_CHOICES:
        raise ProjectRefusedError(f"rank at most {MAX_CHOICES} proposals")
    if len(set(proposal_ids)) != len(proposal_ids):
        raise ProjectRefusedError("a proposal is ranked twice; give each one rank")
    rankable = {p.pk: p for p in proposals_for(student)}
    chosen = []
    for rank, pk in enumerate(proposal_ids, start=1):
        proposal = rankable.get(pk)
        if proposal is None:
            raise ProjectRefusedError(f"choice {rank}: P{pk} is not a proposal open to you")
        if missing_prerequisite(student, proposal):
            raise ProjectRefusedError(
                f"choice {rank}: {proposal.code} {proposal.title} needs the elective "
                f"{proposal.prerequisite}, which you are not registered on"
            )
        chosen.append(proposal)
    return chosen


@transaction.atomic
def rank_proposals(*, student: Student, proposal_ids: list[int], actor: Any) -> list[Preference]:
    """Replace `student`'s ranking with `proposal_ids` (first choice first; empty clears it).

    Refuses unless the student is enrolled, the window open, no allocation confirmed, at
    most five distinct proposals each open to the student, and each one's prerequisite
    elective is one the student is registered on.
    Side effects: the student's Preference rows replaced; one audit entry
    `project.preferences_ranked` (before / after: the proposal codes in rank order).
    """
    Student.objects.select_for_update().filter(pk=student.pk).first()
    chosen = check_ranking(student, proposal_ids)
    before = [p.proposal.code for p in ranking_of(student)]
    student.project_preferences.all().delete()
    rows = [
        Preference.objects.create(student=student, rank=rank, proposal=proposal)
        for rank, proposal in enumerate(chosen, start=1)
    ]
    record(
        actor=actor,
        action="project.preferences_ranked",
        subject=student.student_id,
        before={"ranking": before},
        after={"ranking": [p.code for p in chosen]},
        student_id=student.student_id,
    )
    return rows

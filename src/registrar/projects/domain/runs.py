"""The allocation run: solved by `projects/allocation.py`, previewed, adjusted, confirmed.

A run places every enrolled student of the cohort who has no supervisor yet: those who
ranked open proposals as the solver decides, the rest unallocated. The registry may then
move a student by hand (with a reason), within the proposals' capacities; confirming
makes each placed student's lead supervisor the proposal's supervisor through
`assign_supervisor`.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from registrar.audit.domain import record, user_of
from registrar.notices.domain.events import allocation_confirmed
from registrar.people.models import Student, StudentStatus
from registrar.programmes.models import Programme
from registrar.projects import allocation
from registrar.projects.domain.refusal import ProjectRefusedError, programme_label
from registrar.projects.domain.window import proposal_window_is_open
from registrar.projects.models import (
    AllocationRun,
    Placement,
    Preference,
    Proposal,
    ProposalStatus,
    RunStatus,
)
from registrar.teaching.domain.assignments import TeachingRefusedError, assign_supervisor
from registrar.teaching.models import Supervision, SupervisorRole


def _choices(programme: Programme) -> dict[str, dict[str, int]]:
    """Each enrolled student's ranking of open proposals, as the solver takes it."""
    rows = Preference.objects.filter(
        student__programme=programme,
        student__status=StudentStatus.ENROLLED,
        proposal__status=ProposalStatus.OPEN,
    ).values_list("student__student_id", "rank", "proposal_id")
    return allocation.choice_lists(
        allocation.Preference(sid, rank, f"P{pk}") for sid, rank, pk in rows
    )


def quality(run: AllocationRun) -> allocation.Allocation:
    """The run as the solver's Allocation (ranks obtained, first choice, top three,
    unallocated), hand adjustments included."""
    given = {
        p.student.student_id: (p.proposal.code if p.proposal else None)
        for p in run.placements.select_related("student", "proposal")
    }
    return allocation.Allocation(_choices(run.programme), dict(sorted(given.items())))


def _confirmed(programme: Programme) -> AllocationRun | None:
    return AllocationRun.objects.filter(programme=programme, status=RunStatus.CONFIRMED).first()


def current_run(programme: Programme) -> AllocationRun | None:
    """The confirmed run, else the latest preview, else None."""
    return _confirmed(programme) or AllocationRun.objects.filter(programme=programme).first()


@transaction.atomic
def run_allocation(*, programme: Programme, actor: Any) -> AllocationRun:
    """Solve the allocation of `programme`'s enrolled students to its open proposals.

    Refuses (ProjectRefusedError) while the window is open or once a run is confirmed.
    Side effects: any earlier preview deleted; one AllocationRun (preview) with a
    Placement per enrolled student without a supervisor; one audit entry
    `project.allocation_previewed` with the quality figures.
    """
    if proposal_window_is_open(programme):
        raise ProjectRefusedError("close project choice first: students may still be ranking")
    if _confirmed(programme) is not None:
        raise ProjectRefusedError("the allocation is already confirmed")
    AllocationRun.objects.filter(programme=programme, status=RunStatus.PREVIEW).delete()
    students = list(
        Student.objects.filter(programme=programme, status=StudentStatus.ENROLLED).exclude(
            supervisions__role=SupervisorRole.LEAD
        )
    )
    proposals = Proposal.objects.filter(programme=programme, status=ProposalStatus.OPEN)
    solved = allocation.allocate(
        [allocation.Proposal(p.code, p.capacity) for p in proposals],
        _preferences(programme, {s.student_id for s in students}),
    )
    by_code = {p.code: p for p in proposals}
    run = AllocationRun.objects.create(programme=programme, run_by=user_of(actor))
    Placement.objects.bulk_create(
        Placement(
            run=run,
            student=s,
            proposal=by_code.get(solved.given.get(s.student_id) or ""),
            rank=solved.rank_of(s.student_id) if s.student_id in solved.given else None,
        )
        for s in students
    )
    record(
        actor=actor,
        action="project.allocation_previewed",
        subject=programme_label(programme),
        data=_figures(quality(run)),
    )
    return run


def _preferences(programme: Programme, students: set[str]) -> list[allocation.Preference]:
    """The solver's input: the rankings of `students` (the ones the run places)."""
    return [
        allocation.Preference(student, rank, proposal)
        for student, ranked in _choices(programme).items()
        if student in students
        for proposal, rank in ranked.items()
    ]


def _figures(result: allocation.Allocation) -> dict[str, int]:
    return {k: v for k, v in result.as_dict().items() if isinstance(v, int)}


@transaction.atomic
def adjust_placement(
    *, run: AllocationRun, student: Student, proposal: Proposal | None, reason: str, actor: Any
) -> Placement:
    """Move `student` to `proposal` (None: unallocated) in the preview `run`, by hand.

    Refuses without a reason, on a confirmed run, a proposal not open in the cohort, or
    one already full. Side effects: the Placement updated (by hand, with the reason and
    the rank the student gave it, if any); one audit entry `project.allocation_adjusted`.
    """
    reason = reason.strip()
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.PREVIEW:
        raise ProjectRefusedError("the allocation is confirmed; it can no longer be adjusted")
    if not reason:
        raise ProjectRefusedError("reason: say why the allocation is changed by hand")
    placement = locked.placements.select_related("proposal").filter(student=student).first()
    if placement is None:
        raise ProjectRefusedError(f"{student.student_id} is not in this allocation")
    if proposal is not None:
        if proposal.programme_id != locked.programme_id or proposal.status != ProposalStatus.OPEN:
            raise ProjectRefusedError(f"{proposal.code} is not an open proposal of this cohort")
        taken = locked.placements.filter(proposal=proposal).exclude(pk=placement.pk).count()
        if taken >= proposal.capacity:
            raise ProjectRefusedError(
                f"{proposal.code} is full ({proposal.capacity} of {proposal.capacity}); "
                "move one of its students first"
            )
    before = {"proposal": placement.proposal.code if placement.proposal else None}
    ranks = {p.proposal_id: p.rank for p in Preference.objects.filter(student=student)}
    placement.proposal = proposal
    placement.rank = ranks.get(proposal.pk) if proposal is not None else None
    placement.by_hand = True
    placement.reason = reason
    placement.save()
    record(
        actor=actor,
        action="project.allocation_adjusted",
        subject=student.student_id,
        reason=reason,
        before=before,
        after={"proposal": proposal.code if proposal else None},
        student_id=student.student_id,
    )
    return placement


@transaction.atomic
def confirm_allocation(*, run: AllocationRun, actor: Any) -> list[Supervision]:
    """Confirm the preview `run`: each placed student's supervisor becomes their lead.

    Refuses a confirmed run, or (naming them) students who already have a lead
    supervisor. Side effects: the run confirmed; one Supervision (lead) per placed
    student through `assign_supervisor` (each with its own audit entry); one audit entry
    `project.allocation_confirmed` with the quality figures; a notice to each student of the
    run, with their project or none (`notices.sent`).
    """
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.PREVIEW:
        raise ProjectRefusedError("this allocation is already confirmed")
    placed = list(
        locked.placements.filter(proposal__isnull=False).select_related(
            "student__programme", "proposal__supervisor"
        )
    )
    led = sorted(
        Supervision.objects.filter(
            student__in=[p.student for p in placed], role=SupervisorRole.LEAD
        ).values_list("student__student_id", flat=True)
    )
    if led:
        raise ProjectRefusedError(
            f"{', '.join(led)} already have a supervisor; remove them on the teaching page "
            "or move these students to unallocated first"
        )
    locked.status = RunStatus.CONFIRMED
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = user_of(actor)
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as clash:
        raise ProjectRefusedError("another allocation of this cohort is confirmed") from clash
    try:
        made = [
            assign_supervisor(
                student=p.student,
                supervisor=p.proposal.supervisor,  # type: ignore[union-attr]
                role="lead",
                actor=actor,
            )
            for p in placed
        ]
    except TeachingRefusedError as refusal:
        raise ProjectRefusedError(str(refusal)) from refusal
    record(
        actor=actor,
        action="project.allocation_confirmed",
        subject=programme_label(locked.programme),
        data=_figures(quality(locked)),
    )
    everyone = list(locked.placements.select_related("proposal__supervisor"))
    allocation_confirmed(programme=locked.programme, placements=everyone, actor=actor)
    return made


def project_of(student: Student) -> Placement | None:
    """The student's placement in the confirmed allocation, if any."""
    confirmed = _confirmed(student.programme)
    if confirmed is None:
        return None
    return (
        confirmed.placements.filter(student=student, proposal__isnull=False)
        .select_related("proposal__supervisor")
        .first()
    )

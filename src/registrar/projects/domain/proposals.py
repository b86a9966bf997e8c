"""Publishing, editing and withdrawing proposals; a student's own, accepted or declined.

A prerequisite is an elective module of the cohort's current specification: a student
who is not registered on it cannot rank the proposal (preferences.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.people.models import Student
from registrar.people.rules import is_administrator
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.projects.domain.refusal import (
    ProjectRefusedError,
    check_enrolled,
    check_supervisor_account,
    programme_label,
)
from registrar.projects.domain.window import proposal_window_is_open
from registrar.projects.models import Proposal, ProposalStatus
from registrar.registrations.domain.choice import running_electives

MAX_CAPACITY = 20


@dataclass(frozen=True)
class ProposalFields:
    """What a supervisor writes about a proposal."""

    title: str
    description: str
    area: str
    capacity: int
    prerequisite: str = ""
    external_name: str = ""
    external_organisation: str = ""


def proposal_record(proposal: Proposal) -> dict[str, Any]:
    """A proposal as the ledger keeps it."""
    return {
        "proposal": proposal.code,
        "supervisor": proposal.supervisor.get_username(),
        "external_name": proposal.external_name,
        "external_organisation": proposal.external_organisation,
        "title": proposal.title,
        "area": proposal.area,
        "capacity": proposal.capacity,
        "prerequisite": proposal.prerequisite,
        "status": proposal.status,
        "student_id": proposal.student.student_id if proposal.student else "",
    }


def check_fields(programme: Programme, fields: ProposalFields, actor: Any) -> ProposalFields:
    """The fields cleaned, or ProjectRefusedError naming the field that is wrong."""
    title, area = fields.title.strip(), fields.area.strip()
    description = fields.description.strip()
    for name, value in (("title", title), ("description", description), ("AI area", area)):
        if not value:
            raise ProjectRefusedError(f"{name}: a proposal needs one")
    if not 1 <= fields.capacity <= MAX_CAPACITY:
        raise ProjectRefusedError(
            f"capacity: {fields.capacity} is not a number of students from 1 to {MAX_CAPACITY}"
        )
    code = fields.prerequisite.strip().upper()
    if code:
        electives = {m.code for m in running_electives(current_specification(programme))}
        if code not in electives:
            raise ProjectRefusedError(
                f"prerequisite: {code} is not an elective running in {programme}; "
                "give an elective's module code or leave it empty"
            )
    name, organisation = fields.external_name.strip(), fields.external_organisation.strip()
    if (name or organisation) and not is_administrator(actor):
        raise ProjectRefusedError(
            "external co-supervisor: only the programme administrator publishes on behalf "
            "of an external co-supervisor"
        )
    if bool(name) != bool(organisation):
        raise ProjectRefusedError(
            "external co-supervisor: give both their name and their organisation, or neither"
        )
    return ProposalFields(title, description, area, fields.capacity, code, name, organisation)


@transaction.atomic
def publish_proposal(
    *, programme: Programme, supervisor: Any, fields: ProposalFields, actor: Any
) -> Proposal:
    """Publish a proposal of `supervisor` (a project supervisor's account), open to ranking.

    Refuses (ProjectRefusedError) a wrong account, an empty title, description or area, a
    capacity outside 1..20, a prerequisite that is not a running elective, or external
    co-supervisor details from anyone but the administrator.
    Side effects: one Proposal (open); one audit entry `project.proposal_published`.
    """
    check_supervisor_account(supervisor)
    clean = check_fields(programme, fields, actor)
    proposal = Proposal.objects.create(
        programme=programme,
        supervisor=supervisor,
        status=ProposalStatus.OPEN,
        created_by=user_of(actor),
        **asdict(clean),
    )
    record(
        actor=actor,
        action="project.proposal_published",
        subject=f"{programme_label(programme)} {proposal.code}",
        after=proposal_record(proposal),
    )
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    # of=self: PostgreSQL cannot lock the nullable side of the join to the student
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("supervisor", "student")
        .get(pk=proposal.pk)
    )


@transaction.atomic
def edit_proposal(*, proposal: Proposal, fields: ProposalFields, actor: Any) -> Proposal:
    """Change what a proposal says (not its supervisor or status).

    Refuses a withdrawn or declined proposal and the checks of `publish_proposal`.
    Side effects: the Proposal updated; one audit entry `project.proposal_edited`.
    """
    locked = _locked(proposal)
    if locked.status in (ProposalStatus.WITHDRAWN, ProposalStatus.DECLINED):
        raise ProjectRefusedError(f"{locked.code} is {locked.get_status_display().lower()}")
    if locked.student is not None and fields.capacity != 1:
        raise ProjectRefusedError("capacity: a student's own proposal is for that student only")
    before = proposal_record(locked)
    clean = check_fields(locked.programme, fields, actor)
    for name, value in asdict(clean).items():
        setattr(locked, name, value)
    locked.save()
    record(
        actor=actor,
        action="project.proposal_edited",
        subject=f"{programme_label(locked.programme)} {locked.code}",
        before=before,
        after=proposal_record(locked),
    )
    return locked


@transaction.atomic
def withdraw_proposal(*, proposal: Proposal, actor: Any) -> Proposal:
    """Withdraw an open proposal: no longer ranked, nor allocated (preferences stay, shown
    as withdrawn). Side effects: status withdrawn; one audit entry
    `project.proposal_withdrawn`."""
    locked = _locked(proposal)
    if locked.status != ProposalStatus.OPEN:
        raise ProjectRefusedError(f"{locked.code} is {locked.get_status_display().lower()}")
    before = proposal_record(locked)
    locked.status = ProposalStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action="project.proposal_withdrawn",
        subject=f"{programme_label(locked.programme)} {locked.code}",
        before=before,
        after=proposal_record(locked),
    )
    return locked


@transaction.atomic
def propose_own(
    *, student: Student, supervisor: Any, title: str, description: str, area: str, actor: Any
) -> Proposal:
    """`student` proposes their own project with a named supervisor, who must accept it.

    Refuses unless the window is open, the student enrolled, the supervisor a project
    supervisor's account, and the student has no own proposal awaiting or open.
    Side effects: one Proposal (status proposed, capacity 1, the student's); one audit
    entry `project.own_proposed` filed under the student.
    """
    check_enrolled(student)
    if not proposal_window_is_open(student.programme):
        raise ProjectRefusedError("project choice is closed for this programme")
    check_supervisor_account(supervisor)
    live = (ProposalStatus.PROPOSED, ProposalStatus.OPEN)
    if Proposal.objects.filter(student=student, status__in=live).exists():
        raise ProjectRefusedError(
            "you already have a proposal of your own awaiting or accepted; "
            "ask its supervisor to withdraw it first"
        )
    clean = check_fields(
        student.programme, ProposalFields(title, description, area, 1), actor=actor
    )
    proposal = Proposal.objects.create(
        programme=student.programme,
        supervisor=supervisor,
        status=ProposalStatus.PROPOSED,
        student=student,
        created_by=user_of(actor),
        **asdict(clean),
    )
    record(
        actor=actor,
        action="project.own_proposed",
        subject=student.student_id,
        after=proposal_record(proposal),
        student_id=student.student_id,
    )
    return proposal


@transaction.atomic
def decide_own_proposal(*, proposal: Proposal, accept: bool, note: str, actor: Any) -> Proposal:
    """The named supervisor accepts (it opens, for its student only) or declines (with a
    note saying why) a student's own proposal.

    Side effects: status open or declined; one audit entry `project.own_accepted` or
    `project.own_declined` filed under the student.
    """
    locked = _locked(proposal)
    if locked.student is None or locked.status != ProposalStatus.PROPOSED:
        raise ProjectRefusedError(f"{locked.code} is not a student's proposal awaiting a decision")
    note = note.strip()
    if not accept and not note:
        raise ProjectRefusedError("note: say why the proposal is declined")
    before = proposal_record(locked)
    locked.status = ProposalStatus.OPEN if accept else ProposalStatus.DECLINED
    locked.decision_note = note
    locked.save(update_fields=["status", "decision_note"])
    record(
        actor=actor,
        action="project.own_accepted" if accept else "project.own_declined",
        subject=locked.student.student_id,
        reason=note,
        before=before,
        after=proposal_record(locked),
        student_id=locked.student.student_id,
    )
    return locked


def proposals_for(student: Student) -> list[Proposal]:
    """What `student` may rank: the open proposals of the cohort, and their own once open."""
    found = Proposal.objects.filter(programme=student.programme, status=ProposalStatus.OPEN)
    return [p for p in found.select_related("supervisor") if p.student_id in (None, student.pk)]

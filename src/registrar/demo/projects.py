"""The demo's research projects: proposals in every state, a confirmed allocation (one
student moved by hand, some unallocated), supervision meetings and a progress review.

Everything goes through the domain functions. It runs once per database: a cohort that
has proposals is kept. The first twelve students are already supervised (year_end.py),
so the allocation places the students after them.
"""

from __future__ import annotations

import datetime
from typing import Any

from registrar.people.models import Student, StudentStatus
from registrar.programmes.models import Programme
from registrar.projects.domain.meetings import log_meeting
from registrar.projects.domain.preferences import rank_proposals
from registrar.projects.domain.proposals import (
    ProposalFields,
    decide_own_proposal,
    propose_own,
    publish_proposal,
    withdraw_proposal,
)
from registrar.projects.domain.reviews import convene_review, record_outcome
from registrar.projects.domain.runs import adjust_placement, confirm_allocation, run_allocation
from registrar.projects.domain.window import set_proposal_window
from registrar.projects.models import Proposal
from registrar.registrations.models import Registration
from registrar.teaching.models import Supervision

# (title, area, capacity, prerequisite elective, external co-supervisor and organisation)
PROPOSALS = [
    ("Uncertainty in medical image segmentation", "Computer vision", 3, "", "", ""),
    ("Language models that cite their sources", "Natural language processing", 3, "", "", ""),
    (
        "Safe reinforcement learning for warehouse robots",
        "Reinforcement learning",
        2,
        "",
        "Dr Lena Park",
        "Example Robotics Ltd",
    ),
    ("Graph networks for molecule design", "Deep learning", 2, "COMP70010", "", ""),
    ("Fairness audits of credit-scoring models", "Trustworthy AI", 2, "", "", ""),
    ("Explaining protein folding predictions", "Deep learning", 1, "", "", ""),
]
WITHDRAWN = "Explaining protein folding predictions"
START = datetime.date(2025, 10, 13)


def _publish(programme: Programme, users: dict[str, Any]) -> list[Proposal]:
    made = []
    for title, area, capacity, prerequisite, external, organisation in PROPOSALS:
        fields = ProposalFields(
            title=title,
            description=f"{title}: a research project in {area.lower()} for the MRes.",
            area=area,
            capacity=capacity,
            prerequisite=prerequisite,
            external_name=external,
            external_organisation=organisation,
        )
        actor = users["admin"] if external else users["supervisor"]
        made.append(
            publish_proposal(
                programme=programme, supervisor=users["supervisor"], fields=fields, actor=actor
            )
        )
    return made


def _rank(students: list[Student], proposals: list[Proposal]) -> None:
    """Each student ranks up to five, popular ones first, skipping a missing prerequisite."""
    for n, student in enumerate(students):
        taken = set(
            Registration.objects.filter(student=student).values_list("module_code", flat=True)
        )
        ranked = [
            p.pk
            for p in proposals[n % 3 :] + proposals[: n % 3]
            if p.title != WITHDRAWN and (not p.prerequisite or p.prerequisite in taken)
        ][: 2 + n % 4]
        rank_proposals(student=student, proposal_ids=ranked, actor=student.user)


def load_projects(programme: Programme, users: dict[str, Any], out: list[str]) -> None:
    """Carry the demo cohort's research projects (see the module docstring)."""
    if Proposal.objects.filter(programme=programme).exists():
        out.append(f"Projects kept: {programme.proposals.count()} proposals of {programme}.")
        return
    admin, supervisor = users["admin"], users["supervisor"]
    enrolled = list(
        Student.objects.filter(programme=programme, status=StudentStatus.ENROLLED).order_by(
            "student_id"
        )
    )
    supervised = set(Supervision.objects.values_list("student_id", flat=True))
    free = [s for s in enrolled if s.pk not in supervised]
    set_proposal_window(programme=programme, is_open=True, actor=admin)
    proposals = _publish(programme, users)
    # Two students propose their own: one accepted (and ranked first), one declined.
    accepted = propose_own(
        student=free[0],
        supervisor=supervisor,
        title="Sign-language recognition on a phone",
        description="An idea from the student's placement.",
        area="Computer vision",
        actor=free[0].user,
    )
    decide_own_proposal(proposal=accepted, accept=True, note="", actor=supervisor)
    declined = propose_own(
        student=free[1],
        supervisor=supervisor,
        title="Predicting football results",
        description="Betting markets as labels.",
        area="Machine learning",
        actor=free[1].user,
    )
    decide_own_proposal(
        proposal=declined,
        accept=False,
        note="no research question yet; rank the published proposals instead",
        actor=supervisor,
    )
    withdraw_proposal(proposal=next(p for p in proposals if p.title == WITHDRAWN), actor=supervisor)
    # The last three free students rank nothing: the allocation leaves them unallocated.
    ranking = free[1:-3]
    _rank(ranking, proposals)
    rank_proposals(student=free[0], proposal_ids=[accepted.pk, proposals[0].pk], actor=None)
    set_proposal_window(programme=programme, is_open=False, actor=admin)
    run = run_allocation(programme=programme, actor=admin)
    _swap(run, ranking, admin)
    confirm_allocation(run=run, actor=admin)
    out.append(
        f"Projects: {len(proposals) + 2} proposals, allocation confirmed "
        f"({run.placements.filter(proposal__isnull=False).count()} placed)."
    )
    _meetings(enrolled[:6], supervisor)
    _review(programme, enrolled, users["lead"])


def _swap(run: Any, ranking: list[Student], admin: Any) -> None:
    """By hand: a placed student gives up their place to an unallocated one who ranked it."""
    for waiting in run.placements.filter(proposal__isnull=True, student__in=ranking):
        wanted = set(waiting.student.project_preferences.values_list("proposal_id", flat=True))
        given = run.placements.filter(proposal_id__in=wanted, by_hand=False).first()
        if given is None:
            continue
        proposal = given.proposal
        adjust_placement(
            run=run,
            student=given.student,
            proposal=None,
            reason="deferring the project to next year (interruption agreed)",
            actor=admin,
        )
        adjust_placement(
            run=run,
            student=waiting.student,
            proposal=proposal,
            reason="the place freed by a deferral, offered to a student who ranked it",
            actor=admin,
        )
        return


def _meetings(students: list[Student], supervisor: Any) -> None:
    for n, student in enumerate(students):
        for week in range(2 + n):
            log_meeting(
                student=student,
                date=START + datetime.timedelta(weeks=week),
                minutes=45 + 15 * (week % 3),
                notes=f"Week {week + 1}: progress on the literature review and the plan.",
                actions="Draft the next section; share the code." if week % 2 else "",
                actor=supervisor if week % 2 else student.user or supervisor,
            )


def _review(programme: Programme, students: list[Student], lead: Any) -> None:
    review = convene_review(
        programme=programme,
        held_on=datetime.date(2025, 12, 8),
        title="Autumn progress review",
        actor=lead,
    )
    outcomes = [
        (
            "concern",
            "a check-in with the supervisor every fortnight",
            "narrow the scope to one dataset",
            "Your plan is ambitious: agree a smaller first milestone with your supervisor.",
        ),
        ("on_track", "", "appropriate", "Good progress; keep going."),
        (
            "at_risk",
            "referral to the study-skills service",
            "reduce to a feasibility study",
            "Please book a meeting with the programme lead this week.",
        ),
    ]
    for student, (progress, support, scope, message) in zip(students, outcomes, strict=False):
        record_outcome(
            review=review,
            student=student,
            progress=progress,
            support=support,
            scope=scope,
            message=message,
            actor=lead,
        )
    for student in students[3:10]:
        record_outcome(
            review=review,
            student=student,
            progress="on_track",
            support="",
            scope="",
            message="",
            actor=lead,
        )

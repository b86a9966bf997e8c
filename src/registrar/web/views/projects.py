"""Research projects: proposals, the allocation, supervision meetings, the progress review.

Every page asks the rules table (`people/rules.py`); every change calls a function of
`registrar.projects.domain`, which writes the ledger.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.people.models import Role, Student
from registrar.people.rules import can, role_of, visible_students
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.projects.domain.meetings import hours_met, log_meeting, research_hours
from registrar.projects.domain.preferences import missing_prerequisite, rank_proposals, ranking_of
from registrar.projects.domain.proposals import (
    ProposalFields,
    decide_own_proposal,
    edit_proposal,
    proposals_for,
    propose_own,
    publish_proposal,
    withdraw_proposal,
)
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.projects.domain.reviews import at_risk, convene_review, record_outcome
from registrar.projects.domain.runs import (
    adjust_placement,
    confirm_allocation,
    current_run,
    project_of,
    quality,
    run_allocation,
)
from registrar.projects.domain.window import proposal_window_is_open, set_proposal_window
from registrar.projects.models import (
    MAX_CHOICES,
    AllocationRun,
    Progress,
    ProgressReview,
    Proposal,
    ProposalStatus,
    ReviewOutcome,
    RunStatus,
)
from registrar.registrations.domain.choice import running_electives
from registrar.teaching.domain.assignments import (
    TeachingRefusedError,
    accounts_with,
    assign_supervisor,
    staff_account,
)
from registrar.teaching.models import Supervision
from registrar.web.views.access import check, requires

# Proposals


def _programme(pk: int) -> Programme:
    programme = get_object_or_404(Programme, pk=pk)
    if not programme.versions.exists():
        raise Http404("this programme has no published specification")
    return programme


@requires("view_proposals")
def project_index(request: HttpRequest) -> HttpResponse:
    if role_of(request.user) == Role.STUDENT:
        return redirect("my-project")
    programmes = Programme.objects.filter(versions__isnull=False).distinct()
    return render(request, "registrar/projects/index.html", {"programmes": programmes})


def _visible_proposals(request: HttpRequest, programme: Programme) -> list[Proposal]:
    """Published proposals for every member of staff; a student's own only for the registry
    and the supervisor it names."""
    found = Proposal.objects.filter(programme=programme).select_related("supervisor", "student")
    user = request.user
    return [
        p
        for p in found
        if p.student_id is None or can(user, "run_allocation") or p.supervisor_id == user.pk
    ]


@requires("view_proposals")
def project_programme(request: HttpRequest, pk: int) -> HttpResponse:
    if role_of(request.user) == Role.STUDENT:
        return redirect("my-project")
    programme = _programme(pk)
    user = request.user
    rows = [
        {
            "proposal": p,
            "may_edit": can(user, "edit_proposal", p) and p.status == ProposalStatus.OPEN,
            "may_decide": can(user, "decide_own_proposal", p)
            and p.status == ProposalStatus.PROPOSED,
        }
        for p in _visible_proposals(request, programme)
    ]
    context = {
        "programme": programme,
        "rows": rows,
        "window_open": proposal_window_is_open(programme),
        "may_window": can(user, "manage_proposal_window"),
        "may_publish": can(user, "publish_proposal"),
        "may_allocation": can(user, "view_allocation"),
        "may_supervision": can(user, "view_meetings"),
        "may_reviews": can(user, "view_reviews"),
    }
    return render(request, "registrar/projects/programme.html", context)


@require_POST
@requires("manage_proposal_window")
def project_window(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    is_open = request.POST.get("open") == "yes"
    set_proposal_window(programme=programme, is_open=is_open, actor=request.user)
    messages.success(request, f"Project choice is now {'open' if is_open else 'closed'}.")
    return redirect("project-programme", pk=programme.pk)


def _fields(request: HttpRequest) -> ProposalFields:
    raw = request.POST.get("capacity", "").strip()
    if not raw.isdigit():
        raise ProjectRefusedError(f"capacity: {raw or 'nothing'} is not a whole number")
    return ProposalFields(
        title=request.POST.get("title", ""),
        description=request.POST.get("description", ""),
        area=request.POST.get("area", ""),
        capacity=int(raw),
        prerequisite=request.POST.get("prerequisite", ""),
        external_name=request.POST.get("external_name", ""),
        external_organisation=request.POST.get("external_organisation", ""),
    )


def _form(
    request: HttpRequest, programme: Programme, proposal: Proposal | None, status: int = 200
) -> HttpResponse:
    context = {
        "programme": programme,
        "proposal": proposal,
        "values": request.POST if request.method == "POST" else None,
        "electives": running_electives(current_specification(programme)),
        "for_registry": can(request.user, "run_allocation"),
        "supervisors": accounts_with(Role.PROJECT_SUPERVISOR),
    }
    return render(request, "registrar/projects/proposal_form.html", context, status=status)


@requires("publish_proposal")
def proposal_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    if request.method != "POST":
        return _form(request, programme, None)
    try:
        supervisor: Any = request.user
        if can(request.user, "run_allocation"):  # the registry names the supervisor
            name = request.POST.get("supervisor", "")
            supervisor = staff_account(name, Role.PROJECT_SUPERVISOR)
        proposal = publish_proposal(
            programme=programme, supervisor=supervisor, fields=_fields(request), actor=request.user
        )
    except (ProjectRefusedError, TeachingRefusedError) as refusal:
        messages.error(request, f"Not published: {refusal}.")
        return _form(request, programme, None, status=400)
    messages.success(request, f"{proposal.code} {proposal.title} is published.")
    return redirect("project-programme", pk=programme.pk)


def _proposal(request: HttpRequest, proposal_pk: int, permission: str) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.select_related("programme", "supervisor", "student"), pk=proposal_pk
    )
    check(request, permission, proposal)
    return proposal


@requires("publish_proposal")
def proposal_edit(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, proposal_pk, "edit_proposal")
    if request.method != "POST":
        return _form(request, proposal.programme, proposal)
    try:
        edit_proposal(proposal=proposal, fields=_fields(request), actor=request.user)
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not saved: {refusal}.")
        return _form(request, proposal.programme, proposal, status=400)
    messages.success(request, f"{proposal.code} is saved.")
    return redirect("project-programme", pk=proposal.programme_id)


@require_POST
@requires("publish_proposal")
def proposal_withdraw(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, proposal_pk, "edit_proposal")
    try:
        withdraw_proposal(proposal=proposal, actor=request.user)
        messages.success(request, f"{proposal.code} is withdrawn.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not withdrawn: {refusal}.")
    return redirect("project-programme", pk=proposal.programme_id)


@require_POST
@requires(None)
def proposal_decide(request: HttpRequest, proposal_pk: int) -> HttpResponse:
    proposal = _proposal(request, proposal_pk, "decide_own_proposal")
    accept = request.POST.get("decision") == "accept"
    try:
        decide_own_proposal(
            proposal=proposal, accept=accept, note=request.POST.get("note", ""), actor=request.user
        )
        messages.success(request, f"{proposal.code} is {'accepted' if accept else 'declined'}.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not decided: {refusal}.")
    return redirect("project-programme", pk=proposal.programme_id)


# The allocation


@requires("view_allocation")
def allocation_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    run = current_run(programme)
    context: dict[str, Any] = {
        "programme": programme,
        "run": run,
        "may_run": can(request.user, "run_allocation"),
        "window_open": proposal_window_is_open(programme),
    }
    if run is not None:
        result = quality(run)
        placements = list(run.placements.select_related("student", "proposal__supervisor"))
        context |= {
            "result": result,
            "placements": placements,
            "unallocated": [p for p in placements if p.proposal is None],
            "proposals": Proposal.objects.filter(programme=programme, status=ProposalStatus.OPEN),
            "preview": run.status == RunStatus.PREVIEW,
        }
    return render(request, "registrar/projects/allocation.html", context)


def _back_to_allocation(programme: Programme) -> HttpResponse:
    return redirect("project-allocation", pk=programme.pk)


@require_POST
@requires("run_allocation")
def allocation_run(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    try:
        run = run_allocation(programme=programme, actor=request.user)
        result = quality(run)
        messages.success(
            request,
            f"Allocation previewed: {result.allocated} allocated, {result.unallocated} "
            "unallocated. Nothing is final until you confirm it.",
        )
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not run: {refusal}.")
    return _back_to_allocation(programme)


def _preview(programme: Programme) -> AllocationRun:
    return get_object_or_404(AllocationRun, programme=programme, status=RunStatus.PREVIEW)


@require_POST
@requires("run_allocation")
def allocation_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    run = _preview(programme)
    student = get_object_or_404(
        Student, student_id=request.POST.get("student_id", ""), programme=programme
    )
    chosen = request.POST.get("proposal", "")
    proposal = None
    if chosen:
        proposal = get_object_or_404(Proposal, pk=chosen if chosen.isdigit() else 0)
    try:
        adjust_placement(
            run=run,
            student=student,
            proposal=proposal,
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
        where = f"{proposal.code} {proposal.title}" if proposal else "unallocated"
        messages.success(request, f"{student.student_id} is now {where}.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not adjusted: {refusal}.")
    return _back_to_allocation(programme)


@require_POST
@requires("run_allocation")
def allocation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    run = _preview(programme)
    try:
        made = confirm_allocation(run=run, actor=request.user)
        messages.success(
            request, f"Allocation confirmed: {len(made)} students now have a supervisor."
        )
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not confirmed: {refusal}.")
    return _back_to_allocation(programme)


# Supervision


def _hours(student: Student) -> dict[str, Any]:
    return {"met": hours_met(student), "expected": research_hours(student)}


@requires("view_meetings")
def supervision_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    students = visible_students(request.user).filter(programme=programme)
    if role_of(request.user) == Role.PROJECT_SUPERVISOR:
        students = students.filter(supervisions__supervisor=request.user).distinct()
    rows = [{"student": s, **_hours(s)} for s in students]
    context = {"programme": programme, "rows": rows}
    return render(request, "registrar/projects/supervision.html", context)


def _student(request: HttpRequest, student_id: str, permission: str) -> Student:
    """The student, 404 if the user may not read their supervision (as if missing), 403 if
    they may read it but not do this."""
    student = Student.objects.filter(student_id=student_id).select_related("programme").first()
    if student is None or not can(request.user, "view_meetings", student):
        raise Http404(f"no student {student_id}")
    check(request, permission, student)
    return student


def _supervisions(student: Student) -> list[Supervision]:
    return list(student.supervisions.select_related("supervisor").order_by("role"))


@requires("view_meetings")
def supervision_student(request: HttpRequest, student_id: str) -> HttpResponse:
    student = _student(request, student_id, "view_meetings")
    placement = project_of(student)
    context = {
        "student": student,
        "project": placement.proposal if placement else None,
        "supervisions": _supervisions(student),
        "meetings": list(student.meetings.select_related("logged_by")),
        "hours": _hours(student),
        "may_log": can(request.user, "log_meeting", student),
        "may_add": can(request.user, "add_co_supervisor"),
        "supervisor_accounts": accounts_with(Role.PROJECT_SUPERVISOR),
        "today": datetime.date.today().isoformat(),
    }
    return render(request, "registrar/projects/student.html", context)


def _meeting_back(request: HttpRequest, student: Student) -> HttpResponse:
    if can(request.user, "view_own_project"):
        return redirect("my-project")
    return redirect("project-student", student_id=student.student_id)


@require_POST
@requires(None)
def meeting_log(request: HttpRequest, student_id: str) -> HttpResponse:
    student = _student(request, student_id, "log_meeting")
    try:
        date = datetime.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "Not logged: date: give the meeting's date (YYYY-MM-DD).")
        return _meeting_back(request, student)
    raw = request.POST.get("minutes", "").strip()
    try:
        log_meeting(
            student=student,
            date=date,
            minutes=int(raw) if raw.isdigit() else 0,
            notes=request.POST.get("notes", ""),
            actions=request.POST.get("actions", ""),
            actor=request.user,
        )
        messages.success(request, f"Meeting of {date.isoformat()} logged.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not logged: {refusal}.")
    return _meeting_back(request, student)


@require_POST
@requires("add_co_supervisor")
def co_supervisor_add(request: HttpRequest, student_id: str) -> HttpResponse:
    student = _student(request, student_id, "view_meetings")
    try:
        supervision = assign_supervisor(
            student=student,
            supervisor=staff_account(request.POST.get("username", ""), Role.PROJECT_SUPERVISOR),
            role="co",
            external=request.POST.get("external") == "yes",
            organisation=request.POST.get("organisation", ""),
            actor=request.user,
        )
        messages.success(
            request, f"{supervision.supervisor.get_username()} is now a co-supervisor."
        )
    except TeachingRefusedError as refusal:
        messages.error(request, f"Not added: {refusal}.")
    return redirect("project-student", student_id=student.student_id)


# The progress review


@requires("view_reviews")
def review_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    context = {
        "programme": programme,
        "reviews": programme.progress_reviews.all(),
        "may_convene": can(request.user, "convene_review"),
        "today": datetime.date.today().isoformat(),
    }
    return render(request, "registrar/projects/reviews.html", context)


@require_POST
@requires("convene_review")
def review_convene(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(pk)
    try:
        held_on = datetime.date.fromisoformat(request.POST.get("held_on", ""))
        review = convene_review(
            programme=programme,
            held_on=held_on,
            title=request.POST.get("title", ""),
            actor=request.user,
        )
    except ValueError:
        messages.error(request, "Not convened: date: give the meeting's date (YYYY-MM-DD).")
        return redirect("project-reviews", pk=programme.pk)
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not convened: {refusal}.")
        return redirect("project-reviews", pk=programme.pk)
    messages.success(request, f"{review.title} convened.")
    return redirect("project-review", review_pk=review.pk)


@requires("view_reviews")
def review_page(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = get_object_or_404(ProgressReview.objects.select_related("programme"), pk=review_pk)
    outcomes = {o.student_id: o for o in review.outcomes.all()}
    students = Student.objects.filter(programme=review.programme).order_by("student_id")
    spec = current_specification(review.programme)
    context = {
        "review": review,
        "programme": review.programme,
        "rows": [{"student": s, "outcome": outcomes.get(s.pk)} for s in students],
        "at_risk": at_risk(review),
        "progress": Progress.choices,
        "may_record": can(request.user, "convene_review"),
        "project_module": spec.award.project_module,
        "may_moderation": can(request.user, "view_module"),
    }
    return render(request, "registrar/projects/review.html", context)


@require_POST
@requires("convene_review")
def review_record(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = get_object_or_404(ProgressReview, pk=review_pk)
    student = get_object_or_404(
        Student, student_id=request.POST.get("student_id", ""), programme=review.programme
    )
    try:
        record_outcome(
            review=review,
            student=student,
            progress=request.POST.get("progress", ""),
            support=request.POST.get("support", ""),
            scope=request.POST.get("scope", ""),
            message=request.POST.get("message", ""),
            actor=request.user,
        )
        messages.success(request, f"Outcome for {student.student_id} recorded.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not recorded: {refusal}.")
    response = redirect("project-review", review_pk=review.pk)
    response["Location"] += f"#student-{student.student_id}"
    return response


# The student's own page


def _own_student(request: HttpRequest) -> Student:
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("no student record is linked to this account")
    return student


@requires("view_own_project")
def my_project(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    ranking = ranking_of(student)
    ranked = {p.proposal_id: p.rank for p in ranking}
    rankable = [
        {"proposal": p, "rank": ranked.get(p.pk), "blocked": missing_prerequisite(student, p)}
        for p in proposals_for(student)
    ]
    placement = project_of(student)
    outcomes = ReviewOutcome.objects.filter(student=student).select_related("review")
    context = {
        "student": student,
        "window_open": proposal_window_is_open(student.programme),
        "ranking": ranking,
        "rankable": rankable,
        "choices": range(1, MAX_CHOICES + 1),
        "own": student.own_proposals.select_related("supervisor").order_by("-pk"),
        "supervisor_accounts": accounts_with(Role.PROJECT_SUPERVISOR),
        "project": placement.proposal if placement else None,
        "supervisions": _supervisions(student),
        "meetings": list(student.meetings.select_related("logged_by")),
        "hours": _hours(student),
        "outcomes": list(outcomes),
        "today": datetime.date.today().isoformat(),
    }
    return render(request, "registrar/projects/my_project.html", context)


@require_POST
@requires("view_own_project")
def my_ranking(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    check(request, "rank_proposals", student)
    picked: dict[int, int] = {}
    for key, value in request.POST.items():
        if key.startswith("rank-") and value.isdigit() and key[5:].isdigit():
            picked[int(key[5:])] = int(value)
    ranks = sorted(picked.values())
    try:
        if ranks != list(range(1, len(ranks) + 1)):
            raise ProjectRefusedError(
                "number your choices 1, 2, 3 … without a gap and without giving a number twice"
            )
        order = [pk for pk, _ in sorted(picked.items(), key=lambda kv: kv[1])]
        rank_proposals(student=student, proposal_ids=order, actor=request.user)
        messages.success(request, f"Your ranking of {len(order)} proposals is saved.")
    except ProjectRefusedError as refusal:
        messages.error(request, f"Not saved: {refusal}.")
    return redirect("my-project")


@require_POST
@requires("view_own_project")
def my_proposal(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    check(request, "rank_proposals", student)
    try:
        supervisor = staff_account(request.POST.get("supervisor", ""), Role.PROJECT_SUPERVISOR)
        proposal = propose_own(
            student=student,
            supervisor=supervisor,
            title=request.POST.get("title", ""),
            description=request.POST.get("description", ""),
            area=request.POST.get("area", ""),
            actor=request.user,
        )
        messages.success(
            request,
            f"Your proposal {proposal.code} is sent to {supervisor.get_username()} to accept.",
        )
    except (ProjectRefusedError, TeachingRefusedError) as refusal:
        messages.error(request, f"Not proposed: {refusal}.")
    return redirect("my-project")

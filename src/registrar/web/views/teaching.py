"""Who teaches what: module leaders and supervisors per programme cohort.

The registry assigns and removes (`assign_teaching`); other staff read what
concerns them (`view_teaching`). Every change calls the teaching domain.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.people.models import Role, Student
from registrar.people.rules import ModuleRef, can
from registrar.programmes.models import Programme
from registrar.teaching.domain.assignments import (
    TeachingRefusedError,
    accounts_with,
    assign_module_leader,
    assign_supervisor,
    staff_account,
    teaching_of,
    unassign_module_leader,
    unassign_supervisor,
)
from registrar.teaching.models import ModuleLeader, Supervision, SupervisorRole
from registrar.web.views.access import requires


@requires("view_teaching")
def teaching_index(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.filter(versions__isnull=False).distinct()
    return render(request, "registrar/teaching/index.html", {"programmes": programmes})


@requires("view_teaching")
def teaching_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    if not programme.versions.exists():
        return render(request, "registrar/programme_empty.html", {"programme": programme})
    teaching = teaching_of(programme, request.user)
    may_assign = can(request.user, "assign_teaching")
    user = request.user
    modules = [
        {
            "module": m.module,
            "leaders": m.leaders,
            "history": can(user, "view_module", ModuleRef(programme.pk, m.module.code)),
        }
        for m in teaching.modules
    ]
    students = [
        {
            "student": s.student,
            "supervisions": s.supervisions,
            "history": can(user, "view_student_history", s.student),
        }
        for s in teaching.students
    ]
    context = {
        "programme": programme,
        "modules": modules,
        "students": students,
        "shows_modules": teaching.shows_modules,
        "shows_students": teaching.shows_students,
        "may_assign": may_assign,
        "leader_accounts": accounts_with(Role.MODULE_LEADER) if may_assign else [],
        "supervisor_accounts": accounts_with(Role.PROJECT_SUPERVISOR) if may_assign else [],
        "roles": SupervisorRole.choices,
    }
    return render(request, "registrar/teaching/programme.html", context)


def _back(programme: Programme, anchor: str) -> HttpResponse:
    response = redirect("teaching-programme", pk=programme.pk)
    response["Location"] += f"#{anchor}"
    return response


@require_POST
@requires("assign_teaching")
def leader_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    code = request.POST.get("module_code", "").strip().upper()
    try:
        leader = assign_module_leader(
            programme=programme,
            module_code=code,
            user=staff_account(request.POST.get("username", ""), Role.MODULE_LEADER),
            actor=request.user,
        )
        messages.success(request, f"{leader.user.get_username()} now leads {leader.module_code}.")
    except TeachingRefusedError as refusal:
        messages.error(request, f"Not assigned: {refusal}.")
    return _back(programme, f"module-{code}")


@require_POST
@requires("assign_teaching")
def leader_remove(request: HttpRequest, pk: int, leader_pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    leader = get_object_or_404(
        ModuleLeader.objects.select_related("user"), pk=leader_pk, programme=programme
    )
    try:
        unassign_module_leader(leader=leader, actor=request.user)
        messages.success(
            request, f"{leader.user.get_username()} no longer leads {leader.module_code}."
        )
    except TeachingRefusedError as refusal:
        messages.error(request, f"Not removed: {refusal}.")
    return _back(programme, f"module-{leader.module_code}")


@require_POST
@requires("assign_teaching")
def supervisor_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    student = get_object_or_404(
        Student, student_id=request.POST.get("student_id", ""), programme=programme
    )
    try:
        supervision = assign_supervisor(
            student=student,
            supervisor=staff_account(request.POST.get("username", ""), Role.PROJECT_SUPERVISOR),
            role=request.POST.get("role", ""),
            external=request.POST.get("external") == "yes",
            organisation=request.POST.get("organisation", ""),
            actor=request.user,
        )
        messages.success(
            request,
            f"{supervision.supervisor.get_username()} is now "
            f"{supervision.get_role_display().lower()} of {student.student_id}.",
        )
    except TeachingRefusedError as refusal:
        messages.error(request, f"Not assigned: {refusal}.")
    return _back(programme, f"student-{student.student_id}")


@require_POST
@requires("assign_teaching")
def supervisor_remove(request: HttpRequest, pk: int, supervision_pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    supervision = get_object_or_404(
        Supervision.objects.select_related("student", "supervisor"),
        pk=supervision_pk,
        student__programme=programme,
    )
    sid = supervision.student.student_id
    try:
        unassign_supervisor(supervision=supervision, actor=request.user)
        messages.success(
            request, f"{supervision.supervisor.get_username()} no longer supervises {sid}."
        )
    except TeachingRefusedError as refusal:
        messages.error(request, f"Not removed: {refusal}.")
    return _back(programme, f"student-{sid}")

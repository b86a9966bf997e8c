"""A student's own pages, and the staff's student list and record."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.people.models import Student, StudentStatus
from registrar.people.rules import can, visible_students
from registrar.programmes.domain.versions import current_specification
from registrar.registrations.domain import workload
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    choose_elective,
    elective_quota,
    override_elective,
    registrations_of,
    running_electives,
    window_is_open,
    withdraw_elective,
)
from registrar.registrations.domain.listing import PAGE_SIZE, with_electives
from registrar.registrations.domain.skills import completed_codes
from registrar.web.views.access import check, requires
from registrar.web.views.history import student_entries

RECENT = 10  # entries shown on the record; the history page lists every one


def _own_student(request: HttpRequest) -> Student:
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("no student record is linked to this account")
    return student


def _record_context(request: HttpRequest, student: Student) -> dict[str, object]:
    spec = current_specification(student.programme)
    registrations = registrations_of(student)
    chosen = {r.module_code for r in registrations if r.category == "elective"}
    done = completed_codes(student)
    return {
        "student": student,
        "spec": spec,
        "registrations": registrations,
        "electives": running_electives(spec),
        "chosen": chosen,
        "quota": elective_quota(spec),
        "window_open": window_is_open(student.programme),
        "may_choose": can(request.user, "choose_elective", student),
        "may_override": can(request.user, "override_elective", student),
        "total_ects": sum(
            m.ects for r in registrations if (m := spec.module(r.module_code)) is not None
        ),
        # professional skills courses, done or outstanding (docs/rules.md#professional-skills)
        "skills": [(c, c.code in done) for c in spec.award.required_courses],
        "may_record_skills": can(request.user, "record_skills", student),
    }


@requires("view_own_record")
def my_record(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    return render(request, "registrar/my_record.html", _record_context(request, student))


@require_POST
@requires("view_own_record")
def my_elective(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    check(request, "choose_elective", student)
    code = request.POST.get("module_code", "")
    try:
        if request.POST.get("action") == "withdraw":
            withdraw_elective(student=student, module_code=code, actor=request.user)
            messages.success(request, f"You have withdrawn from {code}.")
        else:
            registration = choose_elective(student=student, module_code=code, actor=request.user)
            messages.success(
                request,
                f"You are registered on {registration.module_code} {registration.module_title}.",
            )
    except ChoiceRefusedError as refusal:
        messages.error(request, f"Not registered: {refusal}.")
    return redirect("my-record")


@requires("view_own_record")
def my_workload(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    return _workload_page(request, student)


def _workload_page(request: HttpRequest, student: Student) -> HttpResponse:
    terms = workload.student_workload(student)
    return render(
        request,
        "registrar/workload.html",
        {
            "student": student,
            "terms": terms,
            "contact": sum((t.contact_hours for t in terms), 0),
            "independent": sum((t.independent_hours for t in terms), 0),
            "own": student.user_id == request.user.pk,
        },
    )


@requires("view_students")
def student_list(request: HttpRequest) -> HttpResponse:
    students = with_electives(visible_students(request.user))
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if query:
        students = students.filter(
            Q(student_id__icontains=query)
            | Q(given_name__icontains=query)
            | Q(family_name__icontains=query)
            | Q(email__icontains=query)
        )
    if status in StudentStatus.values:
        students = students.filter(status=status)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registrar/student_list.html",
        {
            "page": page,
            "q": query,
            "status": status,
            "keep": urlencode({k: v for k, v in (("q", query), ("status", status)) if v}),
            "statuses": StudentStatus.choices,
        },
    )


def _readable_student(request: HttpRequest, student_id: str) -> Student:
    """The record if the user may read it. A record they may not read is answered exactly as
    one that does not exist (404, same page), so nobody learns which IDs exist."""
    student = Student.objects.select_related("programme").filter(student_id=student_id).first()
    if student is None or not can(request.user, "view_student", student):
        raise Http404(f"no student {student_id}")
    return student


@requires(None)
def student_record(request: HttpRequest, student_id: str) -> HttpResponse:
    student = _readable_student(request, student_id)
    context = _record_context(request, student)
    if can(request.user, "view_student_history", student):
        context["may_view_history"] = True
        context["audit"] = student_entries(student)[:RECENT]
    return render(request, "registrar/student_record.html", context)


@requires(None)
def student_workload(request: HttpRequest, student_id: str) -> HttpResponse:
    student = _readable_student(request, student_id)
    return _workload_page(request, student)


@require_POST
@requires("override_elective")
def student_override(request: HttpRequest, student_id: str) -> HttpResponse:
    student = get_object_or_404(Student, student_id=student_id)
    try:
        registration = override_elective(
            student=student,
            module_code=request.POST.get("module_code", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
        messages.success(
            request,
            f"{student.student_id} is registered on {registration.module_code} "
            f"{registration.module_title} (override recorded).",
        )
    except ChoiceRefusedError as refusal:
        messages.error(request, f"Not changed: {refusal}.")
    return redirect("student-record", student_id=student.student_id)

"""Professional skills courses: the registry records completions for a cohort (a table of
students × courses, or a CSV import, all or nothing); docs/rules.md#professional-skills."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.people.models import Student
from registrar.programmes.models import Programme
from registrar.registrations.domain.listing import PAGE_SIZE
from registrar.registrations.domain.skills import (
    SkillsImportRefusedError,
    SkillsRefusedError,
    import_completions,
    record_completion,
    required_courses,
    withdraw_completion,
)
from registrar.registrations.models import SkillsCompletion
from registrar.web import uploads
from registrar.web.views.access import requires


class SkillsUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=(
            "Columns: student_id, course (one row a completed course). Any bad row refuses "
            f"the whole file. At most {uploads.size_limit()}."
        ),
    )


@requires("record_skills")
def programme_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's students × the required courses, each cell recorded or not."""
    programme = get_object_or_404(Programme, pk=pk)
    courses = required_courses(programme)
    page = Paginator(Student.objects.filter(programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    done = set(
        SkillsCompletion.objects.filter(student__in=list(page.object_list)).values_list(
            "student_id", "course_code"
        )
    )
    rows = [(s, [(c, (s.pk, c.code) in done) for c in courses]) for s in page.object_list]
    return render(
        request,
        "registrar/skills.html",
        {
            "programme": programme,
            "courses": courses,
            "rows": rows,
            "page": page,
            "form": SkillsUploadForm(),
        },
    )


@require_POST
@requires("record_skills")
def programme_skills_record(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    student = get_object_or_404(
        Student, programme=programme, student_id=request.POST.get("student_id", "")
    )
    code = request.POST.get("course", "")
    try:
        if request.POST.get("action") == "withdraw":
            withdraw_completion(student=student, course_code=code, actor=request.user)
            messages.success(request, f"{code} is no longer recorded for {student.student_id}.")
        else:
            record_completion(student=student, course_code=code, actor=request.user)
            messages.success(request, f"{code} recorded as completed by {student.student_id}.")
    except SkillsRefusedError as refused:
        messages.error(request, f"{refused}.")
    return redirect("programme-skills", pk=programme.pk)


@require_POST
@requires("record_skills")
def programme_skills_import(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    form = SkillsUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file to import.")
        return redirect("programme-skills", pk=programme.pk)
    upload = form.cleaned_data["file"]
    name = " ".join((upload.name or "skills.csv").split())
    try:
        _, data = uploads.store(upload)
        result = import_completions(programme=programme, data=data, file=name, actor=request.user)
    except uploads.UploadTooLargeError as error:
        messages.error(request, f"{error}.")
        return redirect("programme-skills", pk=programme.pk)
    except SkillsImportRefusedError as refused:
        return render(
            request,
            "registrar/skills_refused.html",
            {
                "programme": programme,
                "preview": refused.preview,
                "problems": refused.preview.errors,
            },
            status=400,
        )
    messages.success(
        request,
        f"{name}: {len(result.added)} completion(s) recorded, "
        f"{len(result.unchanged)} already recorded.",
    )
    return redirect("programme-skills", pk=programme.pk)

"""Feedback: a module's feedback page for its markers, the student's released feedback, files.

No rule lives here: saving calls `assessment.domain.feedback.give_feedback`, the rows are
the marks grid's (`module_sheet`, the `enter_marks` rule cell by cell), and each file is
served only to whom `view_feedback` allows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.assessment.domain.feedback import (
    KIND,
    FeedbackRefusedError,
    feedback_policy,
    give_feedback,
    module_feedback,
    released_feedback,
    without_feedback,
)
from registrar.assessment.models import Feedback
from registrar.people.models import Student
from registrar.people.rules import can
from registrar.programmes.domain.versions import current_specification
from registrar.web.documents import ACCEPTED, download
from registrar.web.views.access import requires
from registrar.web.views.marks import _attempt, _sheet


@requires("give_feedback")
def module_feedback_page(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    attempt = _attempt(request)
    sheet = _sheet(request, programme_pk, module_code, attempt)
    stored = module_feedback(programme_id=programme_pk, module_code=module_code, attempt=attempt)
    rows: list[dict[str, Any]] = []
    for row in sheet.rows:
        cells = [
            {
                "component": cell.component,
                "may_give": cell.may_enter,
                "exam": without_feedback(sheet.module, cell.component),
                "feedback": stored.get((row.student.pk, cell.component)),
                "mark": cell.mark,
                "fid": f"{row.student.student_id}-{index}",
            }
            for index, cell in enumerate(row.cells)
        ]
        rows.append({"student": row.student, "cells": cells})
    return render(
        request,
        "registrar/feedback/module.html",
        {
            "programme": sheet.programme,
            "module": sheet.module,
            "sheet": sheet,
            "rows": rows,
            "policy": feedback_policy(current_specification(sheet.programme)),
            "limits": f"{ACCEPTED}, at most 10 MB",
        },
    )


@require_POST
@requires("give_feedback")
def feedback_save(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    attempt = _attempt(request)
    student = get_object_or_404(
        Student.objects.select_related("programme"),
        programme_id=programme_pk,
        student_id=request.POST.get("student_id", ""),
    )
    component = request.POST.get("component", "")
    try:
        give_feedback(
            student=student,
            module_code=module_code,
            component=component,
            attempt=attempt,
            text=request.POST.get("text", ""),
            file=request.FILES.get("file"),
            actor=request.user,
        )
        messages.success(
            request,
            f"Feedback saved for {student.student_id} on {module_code}"
            + (f" ({component})" if component else "")
            + ".",
        )
    except FeedbackRefusedError as refused:
        messages.error(request, f"Not saved: {refused}.")
    response = redirect("feedback-module", programme_pk=programme_pk, module_code=module_code)
    response["Location"] += f"?attempt={attempt}"
    return response


@requires("view_own_feedback")
def my_feedback(request: HttpRequest) -> HttpResponse:
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("this account has no student record")
    return render(
        request,
        "registrar/feedback/mine.html",
        {
            "student": student,
            "released": released_feedback(student),
            "policy": feedback_policy(current_specification(student.programme)),
        },
    )


@requires(None)
def feedback_file(request: HttpRequest, pk: int) -> HttpResponse:
    # Feedback one may not read is answered as feedback that does not exist (404), as a
    # claim is: a student learns nothing of another's feedback, nor of unreleased feedback.
    feedback = Feedback.objects.select_related("student__programme").filter(pk=pk).first()
    if feedback is None or not can(request.user, "view_feedback", feedback):
        raise Http404(f"no feedback {pk}")
    if not feedback.file_digest:
        raise Http404("this feedback has no file")
    return download(KIND, feedback.file_digest, feedback.file_name, feedback.file_type)

"""The ledger, read per student and per module: who changed what, when, from what to what, why.

Read-only: nothing here (or anywhere) edits or removes an entry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from registrar.audit.labels import label
from registrar.audit.models import AuditEntry
from registrar.people.models import Student
from registrar.people.rules import ModuleRef, can
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.web.views.access import check, requires

PER_PAGE = 200


def student_entries(student: Student) -> QuerySet[AuditEntry]:
    """Every entry filed under the student, newest first (and older entries that name the
    student only as their subject)."""
    sid = student.student_id
    return AuditEntry.objects.filter(
        Q(student_id=sid) | Q(student_id="", subject=sid)
    ).select_related("actor")


def module_entries(programme: Programme, module_code: str) -> QuerySet[AuditEntry]:
    """Every entry filed under the module of this programme cohort, newest first: those about
    one of its students, and those about the module itself (subject `CODE COHORT ...`)."""
    students = Student.objects.filter(programme=programme).values("student_id")
    about_module = Q(module_code=module_code) & (
        Q(student_id__in=students)
        | Q(student_id="", subject__startswith=f"{programme.code} {programme.cohort} ")
    )
    # Older registration entries name the student as subject and the module in their data.
    older = Q(module_code="", student_id="", subject__in=students, data__module=module_code)
    return AuditEntry.objects.filter(about_module | older).select_related("actor")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def changes_of(entry: AuditEntry) -> list[Change]:
    """The fields the entry changed, before → after; for an entry without before and after
    (older entries), its details as they were recorded."""
    before, after = entry.before or {}, entry.after or {}
    if not before and not after:
        return [Change(k, "", _text(v)) for k, v in (entry.data or {}).items()]
    keys = list(before) + [k for k in after if k not in before]
    changes = [Change(k, _text(before.get(k)), _text(after.get(k))) for k in keys]
    if before and after:  # a change: the fields that differ
        return [c for c in changes if before.get(c.field) != after.get(c.field)]
    return [c for c in changes if c.before or c.after]  # a creation or a removal: its values


def _rows(request: HttpRequest, entries: QuerySet[AuditEntry]) -> dict[str, Any]:
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rows": [{"entry": e, "label": label(e.action), "changes": changes_of(e)} for e in page],
    }


@requires("view_students")  # a student never reads a history, not even whether one exists
def student_history(request: HttpRequest, student_id: str) -> HttpResponse:
    student = Student.objects.select_related("programme").filter(student_id=student_id).first()
    if student is None or not can(request.user, "view_student_history", student):
        raise Http404(f"no student {student_id}")  # a history one may not read: as if missing
    context = {"student": student, **_rows(request, student_entries(student))}
    return render(request, "registrar/history/student.html", context)


@requires("view_module")
def module_history(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=programme_pk)
    if not programme.versions.exists():
        raise Http404(f"{programme} has no published specification")
    module = current_specification(programme).module(module_code)
    if module is None:
        raise Http404(f"no module {module_code} in {programme}")
    check(request, "view_module", ModuleRef(programme.pk, module.code))
    context = {
        "programme": programme,
        "module": module,
        **_rows(request, module_entries(programme, module.code)),
    }
    return render(request, "registrar/history/module.html", context)

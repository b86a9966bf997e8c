"""The API's assessment endpoints (mounted by api/app.py): marks read, uploaded and saved.

Every change goes through `assessment.domain` (the same functions as the marks
pages and `registrar marks import`); the `enter_marks` rule decides every row.
A refused upload or mark is 400 with every problem (`errors`: file, line, field,
severity, message, fix); a save from a stale version, or of a locked mark, is 409 with the
domain's message (who changed it, when, from what to what).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from registrar.api.access import ERRORS
from registrar.api.access import require as _require
from registrar.api.schemas import Message, ProblemOut
from registrar.assessment.domain.contract import decimal_text
from registrar.assessment.domain.entry import (
    MarkInput,
    UnknownModuleError,
    find_module,
    module_marks,
    module_sheet,
    save_marks,
)
from registrar.assessment.domain.imports import UnreadableFileError, workbook_text
from registrar.assessment.domain.saving import (
    MarksPreview,
    MarksRefusedError,
    Upload,
    check_marks,
    commit_marks,
)
from registrar.assessment.models import Mark
from registrar.people.models import Student
from registrar.people.rules import MarkTarget
from registrar.programmes.models import Programme

router = Router(tags=["assessment"])


class MarkOut(Schema):
    student_id: str
    module_code: str
    component: str
    attempt: int
    mark: str | None  # exact, two decimals ("64.50"); null with a flag
    flag: str
    late_hours: str | None
    version: int
    locked_by_run: int | None
    updated_at: datetime
    updated_by: str | None


class MarkIn(Schema):
    component: str = ""
    attempt: int = 1
    mark: str | None = None  # as text, e.g. "64.50"; null only with a flag
    flag: str = ""
    late_hours: str | None = None
    version: int  # the version you read (0 when no mark was stored)


class MarksUploadIn(Schema):
    filename: str = "marks.csv"
    csv: str | None = None  # the file's text, or
    xlsx_base64: str | None = None  # an XLSX workbook, base64-encoded
    module_code: str | None = None  # if given, the only module the file may touch
    commit: bool = False


class MarkChangeOut(Schema):
    line: int
    student_id: str
    module_code: str
    component: str
    attempt: int
    action: str  # add, change, unchanged
    before: dict[str, str] | None
    after: dict[str, str]


class MarksUploadOut(Schema):
    committed: bool
    added: int
    changed: int
    unchanged: int
    rows: list[MarkChangeOut]


class MarksRefusedOut(Schema):
    detail: str
    errors: list[ProblemOut]


def mark_out(mark: Mark) -> dict[str, Any]:
    return {
        "student_id": mark.student.student_id,
        "module_code": mark.module_code,
        "component": mark.component,
        "attempt": mark.attempt,
        "mark": decimal_text(mark.mark) or None,
        "flag": mark.flag,
        "late_hours": decimal_text(mark.late_hours) or None,
        "version": mark.version,
        "locked_by_run": mark.locked_by_id,
        "updated_at": mark.updated_at,
        "updated_by": mark.updated_by.get_username() if mark.updated_by else None,
    }


def _refused(preview: MarksPreview, what: str) -> Status[Any]:
    errors = preview.errors
    return Status(
        400,
        {
            "detail": f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in {what}; "
            "no marks were saved",
            "errors": [e.as_dict() for e in errors],
        },
    )


@router.get(
    "/programmes/{pk}/modules/{module_code}/marks",
    response={200: list[MarkOut], **ERRORS},
)
def marks_of_module(request: HttpRequest, pk: int, module_code: str) -> list[dict[str, Any]]:
    """The stored marks of a module, every attempt, of the students whose marks you may enter
    (the registry: all; a module leader: their modules'; a supervisor: their supervisees'
    project). 403 if you may enter none of the module's marks."""
    _require(request, "enter_marks")
    programme = get_object_or_404(Programme, pk=pk)
    try:
        sheet = module_sheet(programme=programme, module_code=module_code, user=request.user)
    except UnknownModuleError as error:
        raise Http404(str(error)) from error
    if sheet.registered and not sheet.rows:
        raise PermissionDenied("your role may not do this (enter_marks on this module)")
    marks = module_marks(programme=programme, module_code=module_code, user=request.user)
    return [mark_out(m) for m in marks]


@router.post(
    "/programmes/{pk}/marks/import",
    response={200: MarksUploadOut, 400: MarksRefusedOut, **ERRORS},
)
def upload_marks(request: HttpRequest, pk: int, payload: MarksUploadIn) -> Status[Any]:
    """Preview (`commit: false`) or commit a marks file: `csv` text, or `xlsx_base64`.

    The file is checked exactly as `registrar classify` checks it, and against the
    records (students of the cohort, their registrations, who may mark what, locked
    marks). Any problem refuses the whole file (400, every problem listed).
    """
    _require(request, "enter_marks")
    programme = get_object_or_404(Programme, pk=pk)
    if (payload.csv is None) == (payload.xlsx_base64 is None):
        raise HttpError(422, "invalid request: give the file as either csv or xlsx_base64")
    try:
        if payload.csv is not None:
            upload = Upload(payload.filename, payload.csv.removeprefix("\ufeff"))
        else:
            data = base64.b64decode(payload.xlsx_base64 or "", validate=True)
            upload = Upload(payload.filename, workbook_text(data, payload.filename))
    except binascii.Error as error:
        raise HttpError(422, "invalid request: xlsx_base64 is not base64") from error
    except UnreadableFileError as unreadable:
        return _refused(MarksPreview(payload.filename, errors=[unreadable.problem]), "the file")
    arguments = {
        "programme": programme,
        "upload": upload,
        "actor": request.user,
        "module_code": payload.module_code,
    }
    try:
        result = commit_marks(**arguments) if payload.commit else check_marks(**arguments)
    except MarksRefusedError as refused:
        return _refused(refused.preview, payload.filename)
    if not result.ok:
        return _refused(result, payload.filename)
    return Status(
        200,
        {
            "committed": result.committed,
            "added": result.count("add"),
            "changed": result.count("change"),
            "unchanged": result.count("unchanged"),
            "rows": [
                {
                    "line": r.line,
                    "student_id": r.student_id,
                    "module_code": r.module_code,
                    "component": r.component,
                    "attempt": r.attempt,
                    "action": r.action,
                    "before": r.before,
                    "after": r.after,
                }
                for r in result.rows
            ],
        },
    )


@router.put(
    "/programmes/{pk}/modules/{module_code}/marks/{student_id}",
    response={200: MarkOut, 400: MarksRefusedOut, 409: Message, **ERRORS},
)
def put_mark(
    request: HttpRequest, pk: int, module_code: str, student_id: str, payload: MarkIn
) -> Status[Any]:
    """Save one mark (a component's, or the module's with `component` empty) from the
    `version` you read (0 if none was stored). 409 if someone saved it since, naming
    who, when and what, or if a board run has locked it; nothing is saved then."""
    _require(request, "enter_marks")
    programme = get_object_or_404(Programme, pk=pk)
    try:
        find_module(programme, module_code)
    except UnknownModuleError as error:
        raise Http404(str(error)) from error
    student = (
        Student.objects.filter(programme=programme, student_id=student_id)
        .select_related("programme")
        .first()
    )
    if student is not None:
        _require(request, "enter_marks", MarkTarget(student, module_code, payload.component))
    entry = MarkInput(
        student_id=student_id,
        module_code=module_code,
        component=payload.component,
        attempt=payload.attempt,
        mark=payload.mark or "",
        flag=payload.flag,
        late_hours=payload.late_hours or "",
        version=payload.version,
    )
    try:
        save_marks(programme=programme, entries=[entry], actor=request.user, file="api")
    except MarksRefusedError as refused:
        return _refusal(refused.preview)
    saved = (
        Mark.objects.select_related("student", "updated_by")
        .filter(
            student=student,
            module_code=module_code,
            component=payload.component,
            attempt=payload.attempt,
        )
        .get()
    )
    return Status(200, mark_out(saved))


def _refusal(preview: MarksPreview) -> Status[Any]:
    if preview.conflicts and len(preview.conflicts) == len(preview.errors):
        return Status(
            409, {"detail": "; ".join(f"{p.message}; {p.fix}" for p in preview.conflicts)}
        )
    return _refused(preview, "the mark")

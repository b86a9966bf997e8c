"""The API: `/api/`, OpenAPI at `/api/openapi.json`, interactive docs at `/api/docs`.

Every endpoint asks the rules table (`registrar.people.rules.can`) and calls the
same domain function as the page that does the same thing. Errors are JSON:
`{"detail": "what went wrong and what to do"}`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.responses import Status

from registrar.api import assessment, boards, moderation, results, teaching
from registrar.api.access import ERRORS
from registrar.api.access import require as _require
from registrar.api.auth import session_auth, token_auth
from registrar.api.schemas import (
    ChangeOut,
    ElectiveIn,
    ImportIn,
    ImportOut,
    ImportRefusedOut,
    Me,
    Message,
    OverrideIn,
    ProgrammeOut,
    RegistrationOut,
    StudentOut,
    StudentRecordOut,
    TermOut,
    VersionOut,
    WindowIn,
    WindowOut,
)
from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import
from registrar.people.models import Student
from registrar.people.rules import can, role_of, visible_students
from registrar.programmes.domain.diff import diff_data
from registrar.programmes.models import Programme, SpecificationVersion
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    choose_elective,
    override_elective,
    registrations_of,
    window_is_open,
    withdraw_elective,
)
from registrar.registrations.domain.window import set_choice_window
from registrar.registrations.domain.workload import student_workload, tenths

api = NinjaAPI(
    title="Registrar API",
    version="1",
    description=(
        "Programmes, specification versions, students, registrations and module choice. "
        "Browser sessions are accepted (with the CSRF token for changes); scripts send "
        "`Authorization: Bearer <token>` with a token from the Account page."
    ),
    auth=[token_auth, session_auth],
    urls_namespace="api",
)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "sign in, or send 'Authorization: Bearer <token>' with a valid API token"},
        status=401,
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "not found"}, status=404)


@api.exception_handler(ChoiceRefusedError)
def _refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = [
        ".".join(str(p) for p in e.get("loc", ()) if p not in ("body", "payload"))
        + f": {e.get('msg', 'invalid')}"
        for e in exc.errors
    ]
    return api.create_response(
        request, {"detail": "invalid request: " + "; ".join(problems)}, status=422
    )


# Who am I


@api.get("/me", response={200: Me, **ERRORS}, tags=["account"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in account, its role and (for a student) their student ID."""
    role = role_of(request.user)
    student = Student.objects.filter(user=request.user).first()
    return {
        "username": request.user.get_username(),
        "role": role.value if role else None,
        "student_id": student.student_id if student else None,
    }


# Programmes and specification versions


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "code": programme.code,
        "cohort": programme.cohort,
        "title": programme.title,
        "institution": programme.institution,
        "choice_window_open": window_is_open(programme),
        "versions": list(programme.versions.order_by("number")),
    }


@api.get("/programmes", response={200: list[ProgrammeOut], **ERRORS}, tags=["programmes"])
def programmes(request: HttpRequest) -> list[dict[str, Any]]:
    """Every programme cohort with its published specification versions."""
    _require(request, "view_programme")
    return [_programme_out(p) for p in Programme.objects.all()]


@api.get("/programmes/{pk}", response={200: ProgrammeOut, **ERRORS}, tags=["programmes"])
def programme(request: HttpRequest, pk: int) -> dict[str, Any]:
    _require(request, "view_programme")
    return _programme_out(get_object_or_404(Programme, pk=pk))


@api.get(
    "/programmes/{pk}/versions/{number}",
    response={200: VersionOut, **ERRORS},
    tags=["programmes"],
)
def version(request: HttpRequest, pk: int, number: int) -> dict[str, Any]:
    """One published version: the whole specification as data."""
    _require(request, "view_programme")
    found = get_object_or_404(SpecificationVersion, programme_id=pk, number=number)
    return {
        "programme_id": found.programme_id,
        "number": found.number,
        "published_at": found.published_at,
        "source": found.source,
        "note": found.note,
        "specification": found.data,
    }


@api.get(
    "/programmes/{pk}/versions/{number}/changes",
    response={200: list[ChangeOut], **ERRORS},
    tags=["programmes"],
)
def version_changes(request: HttpRequest, pk: int, number: int) -> list[Any]:
    """What changed from the previous version (empty for the first)."""
    _require(request, "view_programme")
    found = get_object_or_404(SpecificationVersion, programme_id=pk, number=number)
    previous = (
        SpecificationVersion.objects.filter(programme_id=pk, number__lt=number)
        .order_by("-number")
        .first()
    )
    return diff_data(previous.data, found.data) if previous else []


@api.post(
    "/programmes/{pk}/choice-window",
    response={200: WindowOut, **ERRORS},
    tags=["module choice"],
)
def choice_window(request: HttpRequest, pk: int, payload: WindowIn) -> dict[str, Any]:
    """Open (`{"open": true}`) or close module choice for the programme cohort."""
    _require(request, "manage_choice_window")
    found = get_object_or_404(Programme, pk=pk)
    window = set_choice_window(programme=found, is_open=payload.open, actor=request.user)
    return {"programme_id": found.pk, "open": window.is_open}


# Students and registrations


def _student(request: HttpRequest, student_id: str) -> Student:
    _require(request, "view_programme")  # any role; the object check follows
    student = Student.objects.filter(student_id=student_id).select_related("programme").first()
    if student is None or not can(request.user, "view_student", student):
        # A record one may not read is answered exactly as a missing one: no ID leaks.
        raise Http404(f"no student {student_id}")
    return student


def _record(student: Student) -> dict[str, Any]:
    return {
        "student_id": student.student_id,
        "given_name": student.given_name,
        "family_name": student.family_name,
        "email": student.email,
        "status": student.status,
        "programme_id": student.programme_id,
        "registrations": registrations_of(student),
    }


@api.post(
    "/students/import",
    response={200: ImportOut, 400: ImportRefusedOut, **ERRORS},
    tags=["students"],
)
def import_csv(request: HttpRequest, payload: ImportIn) -> Status[Any]:
    """Preview (`commit: false`) or commit a students CSV. Any bad row refuses the whole file
    (400, every problem in `errors`). Committing a file already imported writes nothing."""
    _require(request, "import_students")
    found = get_object_or_404(Programme, pk=payload.programme_id)
    try:
        if payload.commit:
            result = import_students(
                programme=found, text=payload.csv, file=payload.filename, actor=request.user
            )
        else:
            result = preview_import(programme=found, text=payload.csv, file=payload.filename)
            if not result.ok:
                raise ImportRefusedError(result)
    except ImportRefusedError as refused:
        errors = refused.preview.errors
        return Status(
            400,
            {
                "detail": f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in "
                f"{payload.filename}; nothing was imported",
                "errors": [e.as_dict() for e in errors],
            },
        )
    return Status(
        200,
        {
            "committed": result.committed,
            "added": result.count("add"),
            "updated": result.count("update"),
            "unchanged": result.count("unchanged"),
            "rows": [
                {
                    "line": r.line,
                    "student_id": r.student_id,
                    "action": r.action,
                    "changes": {k: list(v) for k, v in r.changes.items()},
                }
                for r in result.rows
            ],
        },
    )


@api.get("/students", response={200: list[StudentOut], **ERRORS}, tags=["students"])
def students(request: HttpRequest, q: str = "", programme_id: int | None = None) -> Any:
    """The student records you may read (staff only: the whole cohort, or for a module leader
    the students on their modules and for a supervisor their supervisees), optionally
    filtered by a search term or programme."""
    _require(request, "view_students")
    found = visible_students(request.user)
    if q:
        found = found.filter(student_id__icontains=q) | found.filter(family_name__icontains=q)
    if programme_id is not None:
        found = found.filter(programme_id=programme_id)
    return found


@api.get("/students/{student_id}", response={200: StudentRecordOut, **ERRORS}, tags=["students"])
def student(request: HttpRequest, student_id: str) -> dict[str, Any]:
    """A student's record and registrations; a student may read only their own."""
    return _record(_student(request, student_id))


@api.get(
    "/students/{student_id}/workload", response={200: list[TermOut], **ERRORS}, tags=["students"]
)
def workload(request: HttpRequest, student_id: str) -> list[dict[str, Any]]:
    """The student's modules by term with contact and independent hours."""
    terms = student_workload(_student(request, student_id))
    return [
        {
            "term": t.term,
            "contact_hours": tenths(t.contact_hours),
            "independent_hours": tenths(t.independent_hours),
            "modules": [
                {
                    **vars(r),
                    "contact_hours": tenths(r.contact_hours),
                    "independent_hours": tenths(r.independent_hours),
                }
                for r in t.rows
            ],
        }
        for t in terms
    ]


@api.post(
    "/students/{student_id}/elective",
    response={201: RegistrationOut, 409: Message, **ERRORS},
    tags=["module choice"],
)
def choose(request: HttpRequest, student_id: str, payload: ElectiveIn) -> Status[Any]:
    """Choose an elective (the student, while module choice is open). 409 says why not."""
    found = _student(request, student_id)
    _require(request, "choose_elective", found)
    registration = choose_elective(
        student=found, module_code=payload.module_code.strip().upper(), actor=request.user
    )
    return Status(201, registration)


@api.delete(
    "/students/{student_id}/elective/{module_code}",
    response={204: None, 409: Message, **ERRORS},
    tags=["module choice"],
)
def withdraw(request: HttpRequest, student_id: str, module_code: str) -> Status[Any]:
    """Withdraw from an elective (the student, while module choice is open)."""
    found = _student(request, student_id)
    _require(request, "choose_elective", found)
    withdraw_elective(student=found, module_code=module_code.upper(), actor=request.user)
    return Status(204, None)


@api.post(
    "/students/{student_id}/override",
    response={201: RegistrationOut, 409: Message, **ERRORS},
    tags=["module choice"],
)
def override(request: HttpRequest, student_id: str, payload: OverrideIn) -> Status[Any]:
    """Set a student's elective on the administrator's authority, with a recorded reason."""
    _require(request, "override_elective")
    found = _student(request, student_id)
    registration = override_elective(
        student=found,
        module_code=payload.module_code.strip().upper(),
        reason=payload.reason,
        actor=request.user,
    )
    return Status(201, registration)


# Each area's endpoints live in its own module, with its own router.
for area in (teaching, assessment, moderation, boards, results):
    api.add_router("/", area.router)

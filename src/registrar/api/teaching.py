"""The API's teaching endpoints (mounted by api/app.py): who leads and supervises what.

Reading asks `view_teaching` (each user sees the assignments the teaching page
shows them); changes ask `assign_teaching` and call the same domain functions
as the page and the admin. A refused change is 409 with the domain's reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from registrar.api.access import ERRORS
from registrar.api.access import require as _require
from registrar.api.schemas import Message
from registrar.people.models import Student
from registrar.programmes.models import Programme
from registrar.teaching.domain.assignments import (
    TeachingRefusedError,
    assign_module_leader,
    assign_supervisor,
    teaching_of,
    unassign_module_leader,
    unassign_supervisor,
)
from registrar.teaching.models import ModuleLeader, Supervision

router = Router(tags=["teaching"])


class LeaderOut(Schema):
    id: int
    programme_id: int
    module_code: str
    username: str
    assigned_at: datetime


class SupervisionOut(Schema):
    id: int
    student_id: str
    username: str
    role: str
    external: bool
    organisation: str
    assigned_at: datetime


class TeachingOut(Schema):
    programme_id: int
    leaders: list[LeaderOut]
    supervisions: list[SupervisionOut]


class LeaderIn(Schema):
    programme_id: int
    module_code: str
    username: str


class SupervisorIn(Schema):
    student_id: str
    username: str
    role: Literal["lead", "co"] = "lead"
    external: bool = False
    organisation: str = ""


def _leader_out(leader: ModuleLeader) -> dict[str, Any]:
    return {
        "id": leader.pk,
        "programme_id": leader.programme_id,
        "module_code": leader.module_code,
        "username": leader.user.get_username(),
        "assigned_at": leader.assigned_at,
    }


def _supervision_out(supervision: Supervision) -> dict[str, Any]:
    return {
        "id": supervision.pk,
        "student_id": supervision.student.student_id,
        "username": supervision.supervisor.get_username(),
        "role": supervision.role,
        "external": supervision.external,
        "organisation": supervision.organisation,
        "assigned_at": supervision.assigned_at,
    }


def _account(username: str) -> Any:
    user = get_user_model().objects.filter(username=username.strip()).first()
    if user is None:
        raise Http404(f"no account {username.strip()!r}")
    return user


def _programme(pk: int) -> Programme:
    found = Programme.objects.filter(pk=pk).first()
    if found is None:
        raise Http404(f"no programme {pk}")
    return found


@router.get("/teaching", response={200: TeachingOut, **ERRORS})
def teaching(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    """The programme's module leaders and supervisors, as the teaching page shows them to
    you: all of them for the registry, the programme lead, the board and the external
    examiner; a module leader their modules; a supervisor their supervisees."""
    _require(request, "view_teaching")
    found = _programme(programme_id)
    seen = teaching_of(found, request.user)
    return {
        "programme_id": found.pk,
        "leaders": [_leader_out(x) for m in seen.modules for x in m.leaders],
        "supervisions": [_supervision_out(x) for s in seen.students for x in s.supervisions],
    }


@router.post("/teaching/leaders", response={201: LeaderOut, 409: Message, **ERRORS})
def add_leader(request: HttpRequest, payload: LeaderIn) -> Status[Any]:
    """Assign a module leader (an account with the role module leader) to a running module."""
    _require(request, "assign_teaching")
    found = _programme(payload.programme_id)
    try:
        leader = assign_module_leader(
            programme=found,
            module_code=payload.module_code,
            user=_account(payload.username),
            actor=request.user,
        )
    except TeachingRefusedError as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return Status(201, _leader_out(leader))


@router.delete("/teaching/leaders/{pk}", response={204: None, 409: Message, **ERRORS})
def remove_leader(request: HttpRequest, pk: int) -> Status[Any]:
    """Remove a module leader assignment (its `id` in `GET /api/teaching`)."""
    _require(request, "assign_teaching")
    leader = ModuleLeader.objects.select_related("user").filter(pk=pk).first()
    if leader is None:
        raise Http404(f"no module leader assignment {pk}")
    try:
        unassign_module_leader(leader=leader, actor=request.user)
    except TeachingRefusedError as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return Status(204, None)


@router.post("/teaching/supervisors", response={201: SupervisionOut, 409: Message, **ERRORS})
def add_supervisor(request: HttpRequest, payload: SupervisorIn) -> Status[Any]:
    """Assign a supervisor (`lead`, at most one) or co-supervisor (`co`, may be external with
    an organisation) to a student's project."""
    _require(request, "assign_teaching")
    found = (
        Student.objects.select_related("programme").filter(student_id=payload.student_id).first()
    )
    if found is None:
        raise Http404(f"no student {payload.student_id}")
    try:
        supervision = assign_supervisor(
            student=found,
            supervisor=_account(payload.username),
            role=payload.role,
            external=payload.external,
            organisation=payload.organisation,
            actor=request.user,
        )
    except TeachingRefusedError as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return Status(201, _supervision_out(supervision))


@router.delete("/teaching/supervisors/{pk}", response={204: None, 409: Message, **ERRORS})
def remove_supervisor(request: HttpRequest, pk: int) -> Status[Any]:
    """Remove a supervision (its `id` in `GET /api/teaching`)."""
    _require(request, "assign_teaching")
    supervision = Supervision.objects.select_related("student", "supervisor").filter(pk=pk).first()
    if supervision is None:
        raise Http404(f"no supervision {pk}")
    try:
        unassign_supervisor(supervision=supervision, actor=request.user)
    except TeachingRefusedError as refusal:
        raise HttpError(409, str(refusal)) from refusal
    return Status(204, None)

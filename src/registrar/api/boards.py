"""The API's boards endpoints (mounted by api/app.py): runs, decisions, the lock, and the external
examiner's comments and sign-off. Each change calls the same domain function as its page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from registrar.api.access import ERRORS, require
from registrar.api.schemas import Message
from registrar.boards.domain.broadsheet import broadsheet_of
from registrar.boards.domain.decisions import decide
from registrar.boards.domain.examiners import comment, sign_off
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.reading import explanation_of, outcome_of, outcomes, proposals
from registrar.boards.domain.runs import BoardRefusedError, run_board
from registrar.boards.domain.verify import verify_run
from registrar.boards.models import BoardRun, Decision, ExaminerComment, SignOff
from registrar.people.models import Student
from registrar.programmes.models import Programme

router = Router(tags=["boards"])
REFUSED = {409: Message}


class SignOffOut(Schema):
    examiner: str
    statement: str
    at: datetime


class RunSummaryOut(Schema):
    id: int
    programme_id: int
    programme: str
    created_at: datetime
    created_by: str | None
    version: int
    engine_version: str
    regulations_source: str
    hashes: dict[str, str]
    locked_at: datetime | None
    released_at: datetime | None
    student_count: int
    sign_offs: list[SignOffOut]


class StudentOutcomeOut(Schema):
    """The classification output contract (DESIGN.md) with the board's decision and flags."""

    student_id: str
    status: str
    award: str
    classification: str
    powa: str
    project_mark: str
    credits_earned: int
    credits_compensated: int
    referred_modules: str
    dic: bool
    reasons: str
    flags: list[str]
    decision: str
    decision_reason: str
    decided: bool


class RunOut(RunSummaryOut):
    students: list[StudentOutcomeOut]


class RunIn(Schema):
    programme_id: int


class DecisionIn(Schema):
    student_id: str
    status: str
    award: str = ""
    classification: str = ""
    reason: str = ""


class DecisionOut(Schema):
    run: int
    student_id: str
    status: str
    award: str
    classification: str
    agrees: bool
    reason: str
    decided_at: datetime
    decided_by: str | None


class CommentIn(Schema):
    text: str
    student_id: str | None = None


class CommentOut(Schema):
    id: int
    run: int
    student_id: str | None
    author: str
    text: str
    at: datetime


class SignOffIn(Schema):
    statement: str = ""


class VerifyOut(Schema):
    run: int
    identical: bool
    differences: list[str]


class ExplanationOut(Schema):
    run: int
    student: StudentOutcomeOut
    trace: dict[str, Any]


def _run(run_id: int) -> BoardRun:
    return get_object_or_404(
        BoardRun.objects.select_related("programme", "version", "created_by"), pk=run_id
    )


def _student(run: BoardRun, student_id: str) -> Student:
    student = Student.objects.filter(programme_id=run.programme_id, student_id=student_id).first()
    if student is None or student_id not in proposals(run):
        raise Http404(f"board run {run.pk} did not evaluate student {student_id}")
    return student


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _summary(run: BoardRun) -> dict[str, Any]:
    return {
        "id": run.pk,
        "programme_id": run.programme_id,
        "programme": f"{run.programme.code}/{run.programme.cohort}",
        "created_at": run.created_at,
        "created_by": _username(run.created_by),
        "version": run.version.number,
        "engine_version": run.engine_version,
        "regulations_source": run.regulations_source,
        "hashes": run.hashes,
        "locked_at": run.locked_at,
        "released_at": run.released_at,
        "student_count": len(proposals(run)),
        "sign_offs": [
            {"examiner": s.examiner.get_username(), "statement": s.statement, "at": s.at}
            for s in run.sign_offs.select_related("examiner")
        ],
    }


def _outcome(proposal: dict[str, str], flags: tuple[str, ...], outcome: Any) -> dict[str, Any]:
    return {
        **proposal,
        "credits_earned": int(proposal["credits_earned"]),
        "credits_compensated": int(proposal["credits_compensated"]),
        "dic": proposal["dic"] == "true",
        "flags": list(flags),
        "decision": outcome.decision_text,
        "decision_reason": outcome.decision_reason,
        "decided": outcome.decision is not None,
    }


def _detail(run: BoardRun) -> dict[str, Any]:
    flags = {row.student_id: row.flags for row in broadsheet_of(run).rows}
    return {
        **_summary(run),
        "students": [_outcome(o.proposal, flags[o.student_id], o) for o in outcomes(run)],
    }


def _decision(decision: Decision) -> dict[str, Any]:
    return {
        "run": decision.run_id,
        "student_id": decision.student.student_id,
        "status": decision.status,
        "award": decision.award,
        "classification": decision.classification,
        "agrees": decision.agrees,
        "reason": decision.reason,
        "decided_at": decision.decided_at,
        "decided_by": _username(decision.decided_by),
    }


def _refused(refusal: BoardRefusedError) -> HttpError:
    return HttpError(409, str(refusal))


@router.get("/boards", response={200: list[RunSummaryOut], **ERRORS})
def runs(request: HttpRequest, programme_id: int | None = None) -> list[dict[str, Any]]:
    """Every board run (latest first), optionally of one programme cohort: hashes and state."""
    require(request, "view_board")
    found = BoardRun.objects.select_related("programme", "version", "created_by").defer(
        "marks_csv", "registrations_csv", "regulations_text"
    )
    if programme_id is not None:
        found = found.filter(programme_id=programme_id)
    return [_summary(run) for run in found]


@router.post("/boards", response={201: RunOut, **REFUSED, **ERRORS})
def new_run(request: HttpRequest, payload: RunIn) -> Status[Any]:
    """Run a board: evaluate every enrolled student of the programme cohort from the stored
    marks and registrations, and store the run. 409 says why not."""
    require(request, "run_board")
    programme = get_object_or_404(Programme, pk=payload.programme_id)
    try:
        run = run_board(programme=programme, actor=request.user)
    except BoardRefusedError as refusal:
        raise _refused(refusal) from refusal
    return Status(201, _detail(_run(run.pk)))


@router.get("/boards/{run_id}", response={200: RunOut, **ERRORS})
def run_detail(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """A run: its hashes and state, and every student's proposal with the board's decision."""
    require(request, "view_board")
    return _detail(_run(run_id))


@router.get("/boards/{run_id}/students/{student_id}", response={200: ExplanationOut, **ERRORS})
def student_explanation(request: HttpRequest, run_id: int, student_id: str) -> dict[str, Any]:
    """One student of the run: the proposal, the decision, and the engine's trace step by step."""
    require(request, "view_board")
    run = _run(run_id)
    student = _student(run, student_id)
    outcome = outcome_of(run, student)
    assert outcome is not None
    flags = next(r.flags for r in broadsheet_of(run).rows if r.student_id == student_id)
    return {
        "run": run.pk,
        "student": _outcome(outcome.proposal, flags, outcome),
        "trace": explanation_of(run, student_id).as_dict(),
    }


@router.post("/boards/{run_id}/decisions", response={200: DecisionOut, **REFUSED, **ERRORS})
def record_decision(request: HttpRequest, run_id: int, payload: DecisionIn) -> dict[str, Any]:
    """The board's decision on one student. Differing from the proposal needs a reason; a locked
    run refuses (409)."""
    require(request, "decide_board")
    run = _run(run_id)
    student = _student(run, payload.student_id)
    try:
        decision = decide(
            run=run,
            student=student,
            actor=request.user,
            status=payload.status,
            award=payload.award,
            classification=payload.classification,
            reason=payload.reason,
        )
    except BoardRefusedError as refusal:
        raise _refused(refusal) from refusal
    return _decision(decision)


@router.post("/boards/{run_id}/lock", response={200: RunSummaryOut, **REFUSED, **ERRORS})
def lock(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Lock the run: its decisions become final and the marks it read can no longer change."""
    require(request, "lock_board")
    try:
        locked = lock_board(run=_run(run_id), actor=request.user)
    except BoardRefusedError as refusal:
        raise _refused(refusal) from refusal
    return _summary(_run(locked.pk))


@router.post("/boards/{run_id}/comments", response={201: CommentOut, **REFUSED, **ERRORS})
def add_comment(request: HttpRequest, run_id: int, payload: CommentIn) -> Status[Any]:
    """An external examiner's comment on the run, or on one student of it."""
    require(request, "comment_board")
    run = _run(run_id)
    student = _student(run, payload.student_id) if payload.student_id else None
    try:
        made: ExaminerComment = comment(
            run=run, actor=request.user, text=payload.text, student=student
        )
    except BoardRefusedError as refusal:
        raise _refused(refusal) from refusal
    return Status(
        201,
        {
            "id": made.pk,
            "run": run.pk,
            "student_id": student.student_id if student else None,
            "author": made.author.get_username(),
            "text": made.text,
            "at": made.at,
        },
    )


@router.post("/boards/{run_id}/sign-off", response={201: SignOffOut, **REFUSED, **ERRORS})
def add_sign_off(request: HttpRequest, run_id: int, payload: SignOffIn) -> Status[Any]:
    """The external examiner's sign-off on the run, once per examiner (a second is 409)."""
    require(request, "comment_board")
    try:
        made: SignOff = sign_off(run=_run(run_id), actor=request.user, statement=payload.statement)
    except BoardRefusedError as refusal:
        raise _refused(refusal) from refusal
    return Status(
        201, {"examiner": made.examiner.get_username(), "statement": made.statement, "at": made.at}
    )


@router.get("/boards/{run_id}/verify", response={200: VerifyOut, **ERRORS})
def verify(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Re-derive the run from what it stored; every difference (none: identical)."""
    require(request, "view_board")
    differences = verify_run(_run(run_id))
    return {"run": run_id, "identical": not differences, "differences": differences}

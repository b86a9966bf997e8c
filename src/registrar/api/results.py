"""The API's results endpoints (mounted by api/app.py): a student's released results, the release.

Before release a student gets 404 `{"detail": "your results have not been released yet"}`
and nothing of a mark, outcome or decision.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from registrar.api.access import ERRORS, require
from registrar.api.schemas import Message
from registrar.boards.domain.reading import proposals
from registrar.boards.domain.release import ReleaseRefusedError, release_results
from registrar.boards.domain.student_view import NOT_RELEASED, released_results
from registrar.boards.models import BoardRun
from registrar.people.models import Student

router = Router(tags=["results"])


class ResultsProgrammeOut(Schema):
    code: str
    title: str
    award: str
    cohort: str
    institution: str


class ResultsOutcomeOut(Schema):
    headline: str
    status: str
    award: str
    classification: str
    dic: bool
    decision: str  # "agreed", or the decided outcome when it differs from the proposal
    decision_reason: str


class ResultsMarkOut(Schema):
    component: str  # "" = the whole module
    attempt: int
    mark: str  # two decimals, or "" with a flag
    flag: str  # "", "NS" or "MC"
    late_hours: str


class ResultsModuleOut(Schema):
    module_code: str
    title: str
    category: str
    term: str
    fheq_level: int
    ects: int
    cats: int
    standing_mark: str
    result: str
    result_words: str
    sits_used: int
    marks: list[ResultsMarkOut]


class ResultsStepOut(Schema):
    title: str
    sentences: list[str]
    source: str


class ResultsNeededOut(Schema):
    module_code: str
    title: str
    kind: str  # "outstanding", "resit" or "to choose"
    attempt: int
    components: list[str]
    minimum: dict[str, str]  # band → "57.50" or "not reachable"


class MyResultsOut(Schema):
    student_id: str
    name: str
    programme: ResultsProgrammeOut
    run: int
    board_date: datetime | None
    released_at: datetime | None
    outcome: ResultsOutcomeOut
    powa: str
    project_mark: str
    credits_earned: int
    credits_compensated: int
    modules: list[ResultsModuleOut]
    explanation: list[ResultsStepOut]
    still_needed: list[ResultsNeededOut]
    notes: list[str]


class ResultsReleaseOut(Schema):
    run: int
    released_at: datetime
    released_by: str | None
    students: int


@router.get("/me/results", response={200: MyResultsOut, **ERRORS})
def my_results(request: HttpRequest) -> dict[str, Any]:
    """Your released results: marks per module and component, module results, the outcome
    as the board decided, the explanation and the marks still needed. 404 before release."""
    require(request, "view_own_results")
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("no student record is linked to this account")
    results = released_results(student)
    if results is None:
        raise Http404(NOT_RELEASED)
    return results.as_dict()


@router.post("/results/{run_id}/release", response={200: ResultsReleaseOut, 409: Message, **ERRORS})
def release(request: HttpRequest, run_id: int) -> dict[str, Any]:
    """Release a locked board run's results to its students (the administrator). 409 when the
    run is not locked or already released."""
    require(request, "release_results")
    run = BoardRun.objects.filter(pk=run_id).first()
    if run is None:
        raise Http404(f"no board run {run_id}")
    try:
        run = release_results(run=run, actor=request.user)
    except ReleaseRefusedError as refused:
        raise HttpError(409, str(refused)) from refused
    assert run.released_at is not None
    return {
        "run": run.pk,
        "released_at": run.released_at,
        "released_by": run.released_by.get_username() if run.released_by else None,
        "students": len(proposals(run)),
    }

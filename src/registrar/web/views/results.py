"""Results: a student's released results and transcript; the registry's release and transcripts.

No logic here: the pages call `boards.domain.release`, `student_view` and `transcripts`.
Before release a student sees a plain message and nothing of a mark, outcome or decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from registrar.boards.domain.release import (
    ReleaseRefusedError,
    outcome_counts,
    release_results,
)
from registrar.boards.domain.student_view import NOT_RELEASED, local_date, released_results
from registrar.boards.domain.transcripts import (
    TranscriptRefusedError,
    cohort_transcripts_zip,
    transcript_filename,
    transcript_pdf,
)
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.people.rules import can
from registrar.programmes.models import Programme
from registrar.web.views.access import check, requires


def _own_student(request: HttpRequest) -> Student:
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("no student record is linked to this account")
    return student


def _refused(request: HttpRequest, title: str, message: str, status: int = 404) -> HttpResponse:
    return render(
        request,
        "registrar/results/refused.html",
        {"title": title, "message": message},
        status=status,
    )


def _sentence(text: str) -> str:
    """A domain message as a sentence: capital first letter, full stop."""
    return text[:1].upper() + text[1:] + "."


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@requires("view_own_results")
def my_results(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    results = released_results(student)
    return render(
        request,
        "registrar/results/my_results.html",
        {
            "student": student,
            "r": results,
            "board_date": local_date(results.board_date) if results else "",
            "released": local_date(results.released_at) if results else "",
        },
    )


@requires("view_own_results")
def my_transcript(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    check(request, "view_transcript", student)
    try:
        pdf = transcript_pdf(student)
    except TranscriptRefusedError:
        return _refused(
            request, "No transcript yet", _sentence(f"{NOT_RELEASED}, so there is no transcript")
        )
    return _pdf(pdf, transcript_filename(student))


@requires(None)
def student_transcript(request: HttpRequest, student_id: str) -> HttpResponse:
    student = Student.objects.filter(student_id=student_id).select_related("programme").first()
    if student is None or not can(request.user, "view_transcript", student):
        # A transcript one may not see is answered exactly as a missing one: no ID leaks.
        raise Http404(f"no student {student_id}")
    try:
        pdf = transcript_pdf(student)
    except TranscriptRefusedError as refused:
        return _refused(request, "No transcript yet", _sentence(str(refused)))
    return _pdf(pdf, transcript_filename(student))


@requires("view_transcript")
def programme_transcripts(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=programme_pk)
    try:
        data = cohort_transcripts_zip(programme)
    except TranscriptRefusedError as refused:
        return _refused(request, "No transcripts yet", _sentence(str(refused)))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="transcripts-{programme.code}-{programme.cohort}.zip"'
    )
    return response


@requires("release_results")
def results_overview(request: HttpRequest) -> HttpResponse:
    runs = BoardRun.objects.select_related("programme", "locked_by", "released_by").order_by(
        "programme__code", "programme__cohort", "-created_at", "-id"
    )
    return render(request, "registrar/results/overview.html", {"runs": runs})


@require_http_methods(["GET", "POST"])
@requires("release_results")
def release(request: HttpRequest, run_pk: int) -> HttpResponse:
    run = get_object_or_404(BoardRun.objects.select_related("programme", "locked_by"), pk=run_pk)
    if request.method == "POST":
        try:
            release_results(run=run, actor=request.user)
        except ReleaseRefusedError as refused:
            messages.error(request, f"Not released: {refused}.")
            return redirect("results-release", run_pk=run.pk)
        messages.success(
            request,
            f"The results of board run {run.pk} are released: its students can now see "
            "them and download their transcripts.",
        )
        return redirect("results-overview")
    summary = outcome_counts(run)
    return render(
        request,
        "registrar/results/release.html",
        {
            "run": run,
            "summary": summary,
            "students": sum(n for _, n in summary),
            "locked": local_date(run.locked_at),
            "released": local_date(run.released_at),
        },
    )

"""The exam board's pages: runs, the broadsheet, each student's explanation and decision, the lock,
and the external examiner's comments and sign-off. No logic: each change is a domain function."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from registrar.boards.domain.broadsheet import (
    DECISION_FILTERS,
    ELECTIVES,
    FLAG_KEYS,
    SORTS,
    STATUS_ORDER,
    Broadsheet,
    ModuleCell,
    ModuleColumn,
    broadsheet_of,
    select_rows,
)
from registrar.boards.domain.decisions import STATUSES, award_names, band_names, decide
from registrar.boards.domain.evaluation import engine_version
from registrar.boards.domain.examiners import comment, sign_off
from registrar.boards.domain.export import CONTENT_TYPES, FORMATS, export
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.reading import (
    explanation_of,
    outcome_of,
    outcome_words,
    proposals,
)
from registrar.boards.domain.runs import BoardRefusedError, run_board
from registrar.boards.domain.verify import verify_run
from registrar.boards.models import BoardRun, ExaminerComment
from registrar.people.models import Student
from registrar.people.rules import can
from registrar.programmes.domain.versions import specification_of
from registrar.programmes.models import Programme
from registrar.web.views.access import requires

DECISION_FILTER_LABELS = {
    "differs": "the board differs from the proposal",
    "agreed": "the board agreed the proposal",
    "undecided": "no decision recorded yet",
}


def _run(pk: int) -> BoardRun:
    return get_object_or_404(
        BoardRun.objects.select_related("programme", "version", "created_by", "locked_by"), pk=pk
    )


def _facts(run: BoardRun) -> dict[str, Any]:
    """What every page of a run shows about it."""
    current = engine_version()
    return {
        "run": run,
        "programme": run.programme,
        "hashes": sorted(run.hashes.items()),
        "engine_differs": run.engine_version != current,
        "current_engine": current,
        "sign_offs": list(run.sign_offs.select_related("examiner")),
    }


def _may(request: HttpRequest, run: BoardRun) -> dict[str, bool]:
    user = request.user
    return {
        "may_decide": can(user, "decide_board") and not run.is_locked,
        "may_lock": can(user, "lock_board") and not run.is_locked,
        "may_comment": can(user, "comment_board"),
        "may_run": can(user, "run_board"),
    }


@requires("view_board")
def board_list(request: HttpRequest) -> HttpResponse:
    runs = (
        BoardRun.objects.select_related("programme", "version", "created_by")
        .defer("marks_csv", "registrations_csv", "regulations_text")
        .annotate(
            decided=Count("decisions", distinct=True), signed=Count("sign_offs", distinct=True)
        )
    )
    by_programme: dict[int, list[BoardRun]] = {}
    for run in runs:
        run.student_count = len(proposals(run))  # type: ignore[attr-defined]
        by_programme.setdefault(run.programme_id, []).append(run)
    programmes = [
        {"programme": p, "runs": by_programme.get(p.pk, [])} for p in Programme.objects.all()
    ]
    return render(
        request,
        "registrar/boards/list.html",
        {"programmes": programmes, "may_run": can(request.user, "run_board")},
    )


@require_POST
@requires("run_board")
def board_run_new(request: HttpRequest) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=request.POST.get("programme", "0") or 0)
    try:
        run = run_board(programme=programme, actor=request.user)
    except BoardRefusedError as refusal:
        messages.error(request, f"No board run: {refusal}.")
        return redirect("board-list")
    count = len(proposals(run))
    messages.success(request, f"Board run {run.pk}: {count} students evaluated from stored marks.")
    return redirect("board-run", pk=run.pk)


def _cell_html(cell: ModuleCell, elective: bool) -> str:
    parts = [f'<span class="code">{escape(cell.code)}</span> ' if elective else ""]
    parts.append(escape(cell.mark) if cell.mark else "—")
    if cell.note and cell.mark:
        parts.append(f' <b class="mark-note">{escape(cell.note)}</b>')
    if cell.mc:
        parts.append(' <b class="mark-note">MC</b>')
    return '<span class="nowrap">' + "".join(parts) + "</span>"


def _cells_html(
    columns: tuple[ModuleColumn, ...], cells: tuple[tuple[ModuleCell, ...], ...]
) -> SafeString:
    """A row's module cells as HTML: a thousand rows of them are too many template nodes to be
    quick, so the broadsheet's cells are written here (every value escaped)."""
    html = []
    for column, shown in zip(columns, cells, strict=True):
        elective = column.key == ELECTIVES
        inner = "<br>".join(_cell_html(c, elective) for c in shown) or "—"
        css = "" if elective else ' class="num"'
        html.append(f'<td data-label="{escape(column.label)}"{css}>{inner}</td>')
    return mark_safe("".join(html))  # every value above is escaped


def _flags_html(flags: tuple[str, ...], tags: dict[str, str], sentences: dict[str, str]) -> str:
    return mark_safe(  # every value is escaped
        " ".join(
            f'<span class="tag tag-flag" title="{escape(sentences[f])}">{escape(tags[f])}</span>'
            for f in flags
        )
    )


@lru_cache(maxsize=4)
def _written_rows(sheet: Broadsheet) -> dict[str, dict[str, str]]:
    """What of each row never changes for a run (its cells, flags and proposal), written once."""
    tags = {key: sheet.flag_tag(key) for key in FLAG_KEYS}
    sentences = {key: sheet.flag_sentence(key) for key in FLAG_KEYS}
    return {
        row.student_id: {
            "cells": _cells_html(sheet.columns, row.cells),
            "flags": _flags_html(row.flags, tags, sentences),
            "proposed": outcome_words(
                row.proposal["status"], row.proposal["award"], row.proposal["classification"]
            ),
        }
        for row in sheet.rows
    }


def _query(params: dict[str, str], **changes: str) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v})


@requires("view_board")
def board_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    sheet = broadsheet_of(run)
    status = request.GET.get("status", "")
    flag = request.GET.get("flag", "")
    sort = request.GET.get("sort", "id")
    sort = sort if sort in SORTS else "id"
    descending = request.GET.get("order") == "desc"
    rows = select_rows(run, status=status, flag=flag, sort=sort, descending=descending)
    names = {
        sid: f"{given} {family}"
        for sid, given, family in Student.objects.filter(programme_id=run.programme_id).values_list(
            "student_id", "given_name", "family_name"
        )
    }
    commented = dict(
        ExaminerComment.objects.filter(run=run, student__isnull=False)
        .values_list("student__student_id")
        .annotate(n=Count("id"))
    )
    tags = {key: sheet.flag_tag(key) for key in FLAG_KEYS}
    sentences = {key: sheet.flag_sentence(key) for key in FLAG_KEYS}
    written = _written_rows(sheet)
    shown = [
        {
            "id": r.student_id,
            "name": names.get(r.student_id, ""),
            "p": r.sheet.proposal,
            **written[r.student_id],
            "decided": r.decided,
            "differs": r.differs,
            "decision": r.outcome.decision_text,
            "comments": commented.get(r.student_id, 0),
        }
        for r in rows
    ]
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in sheet.rows:
        counts[row.proposal["status"]] = counts.get(row.proposal["status"], 0) + 1
    params = {
        "status": status if status in STATUS_ORDER else "",
        "flag": flag if flag in FLAG_KEYS or flag in DECISION_FILTERS else "",
        "sort": sort,
        "order": "desc" if descending else "",
    }
    sort_links = {
        key: "?"
        + _query(
            params,
            sort=key,
            order="desc" if key == sort and not descending else "",
        )
        for key in SORTS
    }
    return render(
        request,
        "registrar/boards/run.html",
        {
            **_facts(run),
            **_may(request, run),
            "columns": sheet.columns,
            "rows": shown,
            "student_base": reverse("board-run", args=[run.pk]) + "students/",
            "total": len(sheet.rows),
            "counts": [(s, counts[s]) for s in counts],
            "flag_options": [(k, sentences[k]) for k in FLAG_KEYS]
            + [(k, DECISION_FILTER_LABELS[k]) for k in DECISION_FILTERS],
            "legend": [(tags[k], sentences[k]) for k in FLAG_KEYS],
            "params": params,
            "sort_links": sort_links,
            "descending": descending,
            "formats": FORMATS,
            "run_comments": list(
                run.comments.filter(student__isnull=True).select_related("author")
            ),
            "student_comments": list(
                run.comments.filter(student__isnull=False).select_related("author", "student")
            ),
            "signed_by_me": any(s.examiner_id == request.user.pk for s in run.sign_offs.all()),
        },
    )


def _student_of(run: BoardRun, student_id: str) -> Student:
    student = Student.objects.filter(programme_id=run.programme_id, student_id=student_id).first()
    if student is None or student_id not in proposals(run):
        raise Http404(f"board run {run.pk} did not evaluate student {student_id}")
    return student


def _student_context(
    request: HttpRequest, run: BoardRun, student: Student, form: dict[str, str] | None = None
) -> dict[str, Any]:
    outcome = outcome_of(run, student)
    assert outcome is not None
    trace = explanation_of(run, student.student_id)
    spec = specification_of(run.version)
    sheet = broadsheet_of(run)
    row = next(r for r in sheet.rows if r.student_id == student.student_id)
    titles = {m.code: m.title for m in spec.modules}
    ids = sorted(proposals(run))
    at = ids.index(student.student_id)
    p = outcome.proposal
    current = form or {
        "status": outcome.status,
        "award": outcome.award,
        "classification": outcome.classification,
        "reason": outcome.decision.reason if outcome.decision else "",
    }
    return {
        **_facts(run),
        **_may(request, run),
        "student": student,
        "outcome": outcome,
        "proposal": p,
        "proposed": outcome_words(p["status"], p["award"], p["classification"]),
        "decided": outcome_words(outcome.status, outcome.award, outcome.classification),
        "trace": trace,
        "modules": [(cell, titles.get(cell.code, "")) for cells in row.cells for cell in cells],
        "flags": [(sheet.flag_tag(f), sheet.flag_sentence(f)) for f in row.flags],
        "statuses": STATUSES,
        "awards": award_names(spec),
        "bands": band_names(spec),
        "form": current,
        "previous": ids[at - 1] if at > 0 else None,
        "next": ids[at + 1] if at + 1 < len(ids) else None,
        "comments": list(
            run.comments.filter(student=student).select_related("author").order_by("at", "id")
        ),
    }


@requires("view_board")
def board_student(request: HttpRequest, pk: int, student_id: str) -> HttpResponse:
    run = _run(pk)
    student = _student_of(run, student_id)
    return render(request, "registrar/boards/student.html", _student_context(request, run, student))


@require_POST
@requires("decide_board")
def board_decide(request: HttpRequest, pk: int, student_id: str) -> HttpResponse:
    run = _run(pk)
    student = _student_of(run, student_id)
    form = {k: request.POST.get(k, "") for k in ("status", "award", "classification", "reason")}
    try:
        decision = decide(run=run, student=student, actor=request.user, **form)
    except BoardRefusedError as refusal:
        context = _student_context(request, run, student, form)
        context["refusal"] = f"Not recorded: {refusal}."
        return render(request, "registrar/boards/student.html", context, status=409)
    if decision.agrees:
        text = f"Recorded for {student_id}: the board agrees the proposal."
    else:
        words = outcome_words(decision.status, decision.award, decision.classification)
        text = f"Recorded for {student_id}: {words}, differing from the proposal."
    messages.success(request, text)
    return redirect("board-student", pk=run.pk, student_id=student_id)


@requires("lock_board")
def board_lock(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    if request.method == "POST":
        try:
            locked = lock_board(run=run, actor=request.user)
        except BoardRefusedError as refusal:
            messages.error(request, f"Not locked: {refusal}.")
            return redirect("board-run", pk=run.pk)
        messages.success(
            request,
            f"Board run {locked.pk} is locked: its decisions are final and the marks it read "
            "can no longer change.",
        )
        return redirect("board-run", pk=run.pk)
    decisions = list(run.decisions.all())
    return render(
        request,
        "registrar/boards/lock.html",
        {
            **_facts(run),
            "students": len(proposals(run)),
            "decided": len(decisions),
            "undecided": len(proposals(run)) - len(decisions),
            "differing": sum(1 for d in decisions if not d.agrees),
            "marks": max(run.marks_csv.count("\n") - 1, 0),
        },
    )


@require_POST
@requires("comment_board")
def board_comment(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    student_id = request.POST.get("student_id", "")
    student = _student_of(run, student_id) if student_id else None
    try:
        comment(run=run, actor=request.user, text=request.POST.get("text", ""), student=student)
    except BoardRefusedError as refusal:
        messages.error(request, f"Not recorded: {refusal}.")
    else:
        messages.success(request, "Your comment is recorded; the board reads it with the run.")
    if student is not None:
        return redirect("board-student", pk=run.pk, student_id=student.student_id)
    return redirect("board-run", pk=run.pk)


@require_POST
@requires("comment_board")
def board_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    try:
        made = sign_off(run=run, actor=request.user, statement=request.POST.get("statement", ""))
    except BoardRefusedError as refusal:
        messages.error(request, f"Not signed off: {refusal}.")
    else:
        at = timezone.localtime(made.at)
        messages.success(request, f"You signed off board run {run.pk} on {at:%d %B %Y at %H:%M}.")
    return redirect("board-run", pk=run.pk)


@requires("view_board")
def board_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    if file_format not in FORMATS:
        raise Http404(f"no export format {file_format}; use one of {', '.join(FORMATS)}")
    run = _run(pk)
    response = HttpResponse(export(run, file_format), content_type=CONTENT_TYPES[file_format])
    name = f"board-run-{run.pk}-{run.programme.code}-{run.programme.cohort}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires("view_board")
def board_verify(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    return render(
        request,
        "registrar/boards/verify.html",
        {**_facts(run), "differences": verify_run(run)},
    )

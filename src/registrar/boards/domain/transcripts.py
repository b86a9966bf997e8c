"""Transcripts: one PDF per student from their released results, and a ZIP for the cohort.

A transcript shows only released results: the latest released board run that
evaluated the student (`reading.released_run_for`), read as the student sees it
(`student_view.results_of`). Before release it is refused (TranscriptRefusedError).

The document is HTML from `templates/boards/transcript.html.j2` with the stylesheet
beside it, printed to A4 by WeasyPrint. Its footer carries the board run's ID and a
verification hash: the SHA-256 of the transcript's content (`transcript_facts`), which
the registry can recompute from the run to check a transcript it is shown.
Nothing here changes a record, so no ledger entry is written.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from typing import Any

from django.utils import timezone
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from registrar.boards.domain.evaluation import sha256
from registrar.boards.domain.reading import evaluation_of, proposals, released_run_for
from registrar.boards.domain.student_view import StudentResults, local_date, results_of
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.programmes.models import Programme


class TranscriptRefusedError(Exception):
    """No transcript: the results are not released. The message says why and what to do."""


def transcript_filename(student: Student) -> str:
    return f"transcript-{student.student_id}.pdf"


def released_for_transcript(student: Student) -> StudentResults:
    """The student's released results, or TranscriptRefusedError before their release."""
    run = released_run_for(student)
    if run is None:
        raise TranscriptRefusedError(
            f"no released results for student {student.student_id} ({student.name}): a "
            "transcript shows only released results; release the locked board's results "
            "first (registrar results release RUN)"
        )
    return results_of(run, student, detail=False)


def transcript_facts(results: StudentResults) -> dict[str, Any]:
    """What the transcript states, as JSON-ready data: the content the verification hash seals."""
    run = results.run
    return {
        "run": run.pk,
        "run_hashes": run.hashes,
        "engine_version": run.engine_version,
        "board_date": run.locked_at.isoformat() if run.locked_at else None,
        "released_at": run.released_at.isoformat() if run.released_at else None,
        "student_id": results.student.student_id,
        "name": results.student.name,
        "programme": [results.spec.programme.code, results.spec.year],
        "modules": [
            [m.code, m.ects, m.cats, m.level, m.standing, m.result] for m in results.modules
        ],
        "outcome": [
            results.outcome.status,
            results.outcome.award,
            results.outcome.classification,
            results.dic,
        ],
        "powa": results.powa,
        "credits_earned": results.credits_earned,
    }


def verification_hash(results: StudentResults) -> str:
    """SHA-256 of the transcript's facts (canonical JSON): the code printed in its footer."""
    return sha256(json.dumps(transcript_facts(results), sort_keys=True, separators=(",", ":")))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("registrar.boards", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    return (files("registrar.boards") / "templates" / "boards" / "transcript.css").read_text(
        encoding="utf-8"
    )


def _outcome_lines(results: StudentResults) -> list[tuple[str, str]]:
    """(label, value) of the award box, as the board decided."""
    outcome = results.outcome
    spec = results.spec
    lines: list[tuple[str, str]] = []
    if outcome.status == "awarded":
        lines.append(("Award", outcome.award or spec.award.name))
        lines.append(("Classification", outcome.classification or "—"))
    else:
        status = {
            "referred": "Referred: resit due",
            "incomplete": "Incomplete: marks to come",
            "failed": "Not awarded",
        }.get(outcome.status, outcome.status)
        lines.append(("Outcome", status))
        lines.append(("Award", outcome.award or "None"))
    if spec.ownership.associateship:
        lines.append((spec.ownership.associateship, "Awarded" if results.dic else "Not awarded"))
    if results.powa:
        lines.append(("Programme Overall Weighted Average", results.powa))
    lines.append(
        (
            "Credits earned",
            f"{results.credits_earned} ECTS ({results.cats_earned} CATS) of "
            f"{spec.award.min_credits} ECTS required",
        )
    )
    return lines


def transcript_html(results: StudentResults, *, issued: datetime | None = None) -> str:
    """The transcript as standalone HTML (the stylesheet inlined), ready for WeasyPrint."""
    spec = results.spec
    ects_total = sum(m.ects for m in results.modules)
    levels = sorted({m.level for m in results.modules})
    pass_marks = _pass_marks(results, levels)
    return (
        _environment()
        .get_template("boards/transcript.html.j2")
        .render(
            r=results,
            spec=spec,
            stylesheet=Markup(_stylesheet()),  # our own stylesheet, not input: not escaped
            outcome_lines=_outcome_lines(results),
            ects_total=ects_total,
            cats_total=ects_total * spec.programme.cats_per_ects,
            bands=", ".join(f"{b.name} {b.min_mark:.2f}" for b in spec.award.bands),
            pass_marks=pass_marks,
            board_date=local_date(results.board_date),
            released=local_date(results.released_at),
            issued=local_date(issued or timezone.now()),
            verification=verification_hash(results),
            decided=results.outcome.decision is not None,
        )
    )


def _pass_marks(results: StudentResults, levels: list[int]) -> str:
    """`level 7: 50.00`: the pass marks of the levels on the transcript, from the regulations."""
    value = evaluation_of(results.run).parameters["pass_mark"].value
    assert isinstance(value, dict)
    return ", ".join(f"FHEQ level {lvl}: {value[lvl]}" for lvl in levels if lvl in value)


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported late: it is slow

    pdf = HTML(string=html).write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without target
        raise TypeError("WeasyPrint returned no PDF")
    return pdf


def transcript_pdf(student: Student) -> bytes:
    """The student's transcript as PDF; TranscriptRefusedError before their results' release."""
    return render_pdf(transcript_html(released_for_transcript(student)))


def _released_runs(programme: Programme) -> dict[str, BoardRun]:
    """For each student ID: the latest released run of the programme that evaluated them."""
    runs = BoardRun.objects.filter(programme=programme, released_at__isnull=False).select_related(
        "version"
    )
    latest: dict[str, BoardRun] = {}
    for run in runs.order_by("-released_at", "-id"):
        for student_id in proposals(run):
            latest.setdefault(student_id, run)
    return latest


def cohort_transcripts(programme: Programme) -> Iterator[tuple[Student, bytes]]:
    """Every released student's transcript (student ID order), rendered one by one as the
    iterator is read; TranscriptRefusedError at once when no result of the cohort is released."""
    latest = _released_runs(programme)
    if not latest:
        raise TranscriptRefusedError(
            f"no results of {programme.code}/{programme.cohort} have been released yet: "
            "transcripts show only released results; release the locked board's results "
            "first (registrar results release RUN)"
        )
    students = Student.objects.filter(programme=programme, student_id__in=latest).order_by(
        "student_id"
    )
    return (
        (s, render_pdf(transcript_html(results_of(latest[s.student_id], s, detail=False))))
        for s in students
    )


def cohort_transcripts_zip(programme: Programme) -> bytes:
    """One ZIP of every released student's transcript PDF, named transcript-<ID>.pdf."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for student, pdf in cohort_transcripts(programme):
            archive.writestr(transcript_filename(student), pdf)
    return buffer.getvalue()


__all__ = [
    "TranscriptRefusedError",
    "cohort_transcripts",
    "cohort_transcripts_zip",
    "released_for_transcript",
    "transcript_facts",
    "transcript_filename",
    "transcript_html",
    "transcript_pdf",
    "verification_hash",
]

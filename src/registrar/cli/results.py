"""`registrar results release RUN` and `registrar transcript ...`: results on the database.

Django is imported inside each command, so `registrar spec ...` never needs it.
"""

from __future__ import annotations

from pathlib import Path

import typer

from registrar.cli.board import RUN, find_run
from registrar.cli.output import EXIT_UNREADABLE, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme

app = typer.Typer(help="Release a locked board's results to its students.", no_args_is_help=True)


@app.command("release")
def release(run_id: str = RUN) -> None:
    """Release a locked board run's results: its students may then see them and their
    transcripts. Refused (exit 1) when the run is unknown, not locked or already released."""
    django_ready()
    from registrar.boards.domain.reading import proposals
    from registrar.boards.domain.release import ReleaseRefusedError, release_results

    run = find_run(run_id)
    try:
        run = release_results(run=run, actor=None)
    except ReleaseRefusedError as refused:
        fail(str(refused))
    count = len(proposals(run))
    out.print(
        f"Released the results of board run {run.pk} ({run.programme.code}/"
        f"{run.programme.cohort}): {count} student{'s' if count != 1 else ''} can now see "
        "them and their transcripts.",
        markup=False,
    )


def transcript(
    student_id: str = typer.Argument(
        "", metavar="STUDENT_ID", help="One student's transcript (omit with --programme)."
    ),
    programme: str = PROGRAMME,
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help="The PDF to write for one student; the folder to write into for a cohort.",
    ),
) -> None:
    """Write a transcript PDF of released results: one student's to OUT.pdf, or with
    --programme CODE/COHORT (and no STUDENT_ID) every released student's into a folder.
    Refused (exit 1) before the results are released."""
    django_ready()
    from registrar.boards.domain.transcripts import (
        TranscriptRefusedError,
        cohort_transcripts,
        transcript_filename,
        transcript_pdf,
    )
    from registrar.people.models import Student

    if student_id:
        student = Student.objects.select_related("programme").filter(student_id=student_id).first()
        if student is None:
            fail(f"no student {student_id}")
        if programme:
            named = find_programme(programme)
            if student.programme_id != named.pk:
                fail(f"student {student_id} is not on {programme}")
        try:
            pdf = transcript_pdf(student)
        except TranscriptRefusedError as refused:
            fail(str(refused))
        _write(output, pdf)
        out.print(
            f"Wrote {output}: the transcript of {student.student_id} {student.name}.",
            markup=False,
        )
        return
    found = find_programme(programme)
    try:
        transcripts = cohort_transcripts(found)
    except TranscriptRefusedError as refused:
        fail(str(refused))
    if output.exists() and not output.is_dir():
        fail(f"{output} is a file; with --programme, -o names a folder to write the PDFs into")
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"{output}: cannot create the folder ({error})", EXIT_UNREADABLE)
    written = 0
    for student, pdf in transcripts:
        _write(output / transcript_filename(student), pdf)
        written += 1
    left = found.students.count() - written
    out.print(
        f"Wrote {written} transcript{'s' if written != 1 else ''} of {found.code}/{found.cohort} "
        f"into {output}"
        + (
            f"; {left} student{'s' if left != 1 else ''} without released results left out."
            if left
            else "."
        ),
        markup=False,
    )


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        fail(f"{path}: cannot write it ({error})", EXIT_UNREADABLE)

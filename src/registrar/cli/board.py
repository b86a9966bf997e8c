"""`registrar board run | verify | export | lock`: the exam board on the command line (DESIGN.md).

The commands act as the registry (no signed-in user) and call the same domain
functions as the pages and the API. Exit 0 done; 1 refused, unknown run, or (verify)
a difference found, each problem on stderr, one per line.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from registrar.cli.output import err, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme

app = typer.Typer(
    help="The exam board: run it on the stored marks, verify, export and lock a run.",
    no_args_is_help=True,
)

RUN = typer.Argument(..., help="The board run's ID (printed by `registrar board run`).")


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


def find_run(text: str) -> Any:
    """The BoardRun with ID `text`, or a clear stop. Call after `django_ready()`."""
    from registrar.boards.models import BoardRun

    run = (
        BoardRun.objects.select_related("programme", "version").filter(pk=int(text)).first()
        if text.isdigit()
        else None
    )
    if run is None:
        fail(f"no board run {text}; `registrar board run` prints the ID of each run it makes")
    return run


def student_records(run: Any) -> list[dict[str, Any]]:
    """The run's stored results as the classification output contract's JSON records: the same
    records `registrar classify --format json` gives for the run's marks and registrations."""
    import polars as pl

    from registrar.rules.engine import EXTRA_COLUMNS, RESULT_COLUMNS
    from registrar.rules.outputs import results_json

    text_columns = dict.fromkeys((*RESULT_COLUMNS, *EXTRA_COLUMNS), pl.String)
    schema = {
        **text_columns,
        "credits_earned": pl.Int64,
        "credits_compensated": pl.Int64,
        "dic": pl.Boolean,
    }
    frame = pl.read_csv(
        run.results_csv.encode("utf-8"), schema_overrides=schema, infer_schema=False
    )
    frame = frame.with_columns(pl.col(pl.String).fill_null(""))
    records: list[dict[str, Any]] = json.loads(results_json(frame))
    return records


@app.command("run")
def run_command(
    programme: str = PROGRAMME,
    as_json: bool = typer.Option(
        False, "--json", help='Print {"run": ID, "hashes": {...}, "students": [...]}.'
    ),
) -> None:
    """Evaluate every enrolled student of the cohort from the stored marks and registrations,
    store the run with the hashes of what it read, and print its ID."""
    django_ready()
    from registrar.boards.domain.runs import BoardRefusedError, run_board

    found = find_programme(programme)
    try:
        run = run_board(programme=found, actor=None)
    except BoardRefusedError as refusal:
        fail(str(refusal))
    if as_json:
        document = {"run": run.pk, "hashes": run.hashes, "students": student_records(run)}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        out.print(str(run.pk), markup=False)


@app.command("verify")
def verify_command(run: str = RUN) -> None:
    """Re-derive a run from what it stored: exit 0 when identical, 1 listing every difference."""
    django_ready()
    from registrar.boards.domain.verify import verify_run

    found = find_run(run)
    differences = verify_run(found)
    if differences:
        for difference in differences:
            err.print(difference, markup=False)
        count = len(differences)
        fail(
            f"board run {found.pk} differs from what it stored: "
            f"{count} difference{'s' if count != 1 else ''}"
        )
    out.print(
        f"board run {found.pk} is identical: every hash matches and re-deriving it gives "
        f"the stored results of its {len(found.results_csv.splitlines()) - 1} students exactly",
        markup=False,
    )


@app.command("export")
def export_command(
    run: str = RUN,
    file_format: ExportFormat = typer.Option(
        ..., "--format", help="csv, xlsx or pdf.", case_sensitive=False
    ),
    output: Path = typer.Option(..., "-o", "--output", help="The file to write."),
) -> None:
    """Write a run's classification columns plus `decision` and `decision_reason`."""
    django_ready()
    from registrar.boards.domain.export import export

    found = find_run(run)
    content = export(found, file_format.value)
    try:
        output.write_bytes(content)
    except OSError as error:
        fail(f"{output}: cannot write ({error.strerror})")
    out.print(f"wrote {output} ({file_format.value}, board run {found.pk})", markup=False)


@app.command("lock")
def lock_command(run: str = RUN) -> None:
    """Lock a run: its decisions become final and the marks it read can no longer change."""
    django_ready()
    from registrar.boards.domain.locking import lock_board
    from registrar.boards.domain.runs import BoardRefusedError

    found = find_run(run)
    try:
        locked = lock_board(run=found, actor=None)
    except BoardRefusedError as refusal:
        fail(str(refusal))
    marks = locked.marks_csv.count("\n") - 1
    out.print(
        f"board run {locked.pk} is locked: its decisions are final and the {marks} stored "
        "mark rows it read can no longer change",
        markup=False,
    )

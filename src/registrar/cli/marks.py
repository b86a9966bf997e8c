"""`registrar marks import | export`: marks on the database, in the marks contract (DESIGN.md).

`import` previews by default and writes only with `--commit`, all or nothing:
exit 0 valid (or committed), 1 refused (every problem on stderr as
`FILE:LINE: column: reason`, nothing written), 2 the file cannot be read.
`export` writes exactly the stored marks a board run reads (`marks_csv`), so that
export → `registrar classify` gives the board's result. Both act as the system.
"""

from __future__ import annotations

from pathlib import Path

import typer

from registrar.cli.output import EXIT_UNREADABLE, err, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme

app = typer.Typer(
    help="Marks on the database: import (CSV or XLSX) and export.", no_args_is_help=True
)


@app.command("import")
def import_marks(
    file: Path = typer.Argument(..., help="Marks CSV or XLSX (the marks contract)."),
    programme: str = PROGRAMME,
    commit: bool = typer.Option(False, "--commit", help="Write the marks (default: preview)."),
) -> None:
    """Preview (default) or commit a marks file; any bad row refuses the whole file."""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"{file}: cannot read it ({error.strerror})", EXIT_UNREADABLE)
    django_ready()
    from registrar.assessment.domain.imports import (
        UnreadableFileError,
        import_upload,
        preview_upload,
    )
    from registrar.assessment.domain.saving import MarksRefusedError

    found = find_programme(programme)
    name = str(file)
    try:
        if commit:
            result = import_upload(programme=found, data=data, file=name, actor=None)
        else:
            result = preview_upload(programme=found, data=data, file=name, actor=None)
            if not result.ok:
                raise MarksRefusedError(result)
    except UnreadableFileError as unreadable:
        err.print(str(unreadable.problem), markup=False)
        raise typer.Exit(EXIT_UNREADABLE) from None
    except MarksRefusedError as refused:
        for problem in refused.preview.errors:
            err.print(str(problem), markup=False)
        count = len(refused.preview.errors)
        fail(f"{count} problem{'s' if count != 1 else ''}; no marks were saved")
    for row in result.changed:
        part = f" {row.component}" if row.component else ""
        out.print(
            f"line {row.line}: {row.action} {row.student_id} {row.module_code}{part} "
            f"attempt {row.attempt}: {row.describe()}",
            markup=False,
        )
    verb = "saved" if commit else "would save (run again with --commit)"
    out.print(
        f"{file}: {verb}: {result.count('add')} added, {result.count('change')} changed, "
        f"{result.count('unchanged')} unchanged",
        markup=False,
    )


@app.command("export")
def export_marks(
    programme: str = PROGRAMME,
    output: Path = typer.Option(..., "-o", "--output", help="The marks CSV to write."),
) -> None:
    """Write the enrolled students' stored marks as a marks CSV (what a board run reads)."""
    django_ready()
    from registrar.assessment.domain.contract import marks_csv

    found = find_programme(programme)
    text = marks_csv(found)
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        fail(f"{output}: cannot write it ({error.strerror})")
    rows = text.count("\n") - 1
    out.print(f"{output}: {rows} mark{'s' if rows != 1 else ''} of {found}", markup=False)

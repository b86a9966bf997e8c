"""`registrar import-students`: students from a CSV into a programme cohort, on the database.

Previews by default and writes only with `--commit`, all or nothing: exit 0 valid (or
committed), 1 refused (every problem on stderr as `FILE:LINE: severity: field: what.
Fix: how.`, nothing written), 2 the file cannot be read. Acts as the system.
"""

from __future__ import annotations

from pathlib import Path

import typer

from registrar.cli.output import EXIT_UNREADABLE, err, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme


def import_students_command(
    file: Path = typer.Argument(..., help="Students CSV to import."),
    programme: str = PROGRAMME,
    commit: bool = typer.Option(False, "--commit", help="Write the changes (default: preview)."),
) -> None:
    """Preview (default) or commit a students CSV; any bad row refuses the whole file."""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"{file}: cannot read it ({error.strerror})", EXIT_UNREADABLE)
    django_ready()
    from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import

    found = find_programme(programme)
    try:
        if commit:
            result = import_students(programme=found, text=data, file=str(file), actor=None)
        else:
            result = preview_import(programme=found, text=data, file=str(file))
            if not result.ok:
                raise ImportRefusedError(result)
    except ImportRefusedError as refused:
        for problem in refused.preview.errors:
            err.print(str(problem), markup=False)
        count = len(refused.preview.errors)
        fail(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")
    for row in result.rows:
        detail = "; ".join(f"{k}: {a} → {b}" for k, (a, b) in row.changes.items())
        out.print(f"line {row.line}: {row.action} {row.student_id} {detail}".rstrip(), markup=False)
    if commit and not result.changed:
        out.print(
            f"{file}: nothing to import: every row is already in the records (it may have been "
            "imported already); nothing was written",
            markup=False,
        )
        return
    verb = "imported" if commit else "would import (run again with --commit)"
    out.print(
        f"{file}: {verb}: {result.count('add')} added, {result.count('update')} updated, "
        f"{result.count('unchanged')} unchanged",
        markup=False,
    )

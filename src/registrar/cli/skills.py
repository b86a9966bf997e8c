"""`registrar skills import`: professional skills completions from a CSV, on the database.

Previews by default and writes only with `--commit`, all or nothing: exit 0 valid (or
committed), 1 refused (every problem on stderr as `FILE:LINE: severity: field: what.
Fix: how.`, nothing written), 2 the file cannot be read. Acts as the system.
The file is the engine's `--skills` contract, `student_id,course`
(docs/rules.md#professional-skills); every student must be one of the cohort's.
"""

from __future__ import annotations

from pathlib import Path

import typer

from registrar.cli.output import EXIT_UNREADABLE, err, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme

app = typer.Typer(
    help="Professional skills courses: completions per student.", no_args_is_help=True
)


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="Completions CSV (student_id,course)."),
    programme: str = PROGRAMME,
    commit: bool = typer.Option(False, "--commit", help="Write the changes (default: preview)."),
) -> None:
    """Preview (default) or record a completions CSV; any bad row refuses the whole file."""
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"{file}: cannot read it ({error.strerror})", EXIT_UNREADABLE)
    django_ready()
    from registrar.registrations.domain.skills import (
        SkillsImportRefusedError,
        import_completions,
        preview_completions,
    )

    found = find_programme(programme)
    try:
        if commit:
            result = import_completions(programme=found, data=data, file=str(file), actor=None)
        else:
            result = preview_completions(programme=found, data=data, file=str(file))
            if not result.ok:
                raise SkillsImportRefusedError(result)
    except SkillsImportRefusedError as refused:
        for problem in refused.preview.errors:
            err.print(str(problem), markup=False)
        count = len(refused.preview.errors)
        fail(f"{count} problem{'s' if count != 1 else ''}; nothing was recorded")
    verb = "recorded" if commit else "would record (run again with --commit)"
    out.print(
        f"{file}: {verb}: {len(result.added)} completion(s), "
        f"{len(result.unchanged)} already recorded",
        markup=False,
    )

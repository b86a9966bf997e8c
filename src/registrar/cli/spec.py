"""`registrar spec ...`: validate, show and render programme specifications."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from registrar.cli.output import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, err, out
from registrar.spec.loading import SourceError, read_specification
from registrar.spec.problems import Problem

app = typer.Typer(help="Validate, show and render programme specifications.", no_args_is_help=True)


def _count(items: list[Problem], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="Specification YAML files to check."),
    as_json: bool = typer.Option(False, "--json", help="Print problems as JSON."),
) -> None:
    """Check specification files and list every problem with file, line and field.

    Exit status: 0 all valid (warnings allowed), 1 some invalid, 2 some unreadable.
    """
    status = EXIT_OK
    report: list[dict[str, str | int]] = []
    for path in files:
        try:
            result = read_specification(path)
        except SourceError as error:
            err.print(f"{error}", markup=False)
            report.append(
                {
                    "file": str(path),
                    "line": error.line or 0,
                    "severity": "unreadable",
                    "field": "",
                    "message": error.message,
                    "fix": "write valid YAML",
                }
            )
            status = EXIT_UNREADABLE
            continue
        for problem in result.problems:
            err.print(str(problem), markup=False)
            report.append(problem.as_dict())
        if result.errors:
            status = max(status, EXIT_INVALID)
            if not as_json:
                out.print(f"{path}: invalid ({_count(result.errors, 'error')})", markup=False)
        elif not as_json:
            warned = f", {_count(result.warnings, 'warning')}" if result.warnings else ""
            out.print(f"{path}: valid{warned}", markup=False)
    if as_json:
        out.print(json.dumps(report, indent=2), markup=False)
    raise typer.Exit(status)

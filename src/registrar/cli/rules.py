"""`registrar classify | explain | whatif | diff`: the regulations engine on the command line.

Contracts in DESIGN.md ("Interfaces that others rely on"). Bad input is
refused whole: every problem goes to stderr as one line, nothing is written,
exit 1. Students who fail are a result, not an error: exit 0.
"""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import NoReturn

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

from registrar.cli.output import EXIT_INVALID, fail
from registrar.rules.chunks import write_classification_csv
from registrar.rules.diff import OUTCOME_COLUMNS, changed_columns, diff_outcomes, shown
from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import InputError, InputProblem, Inputs, load_inputs
from registrar.rules.outputs import results_csv, results_json
from registrar.rules.parameters import (
    Parameter,
    ParameterError,
    load_regulations,
    regulations_missing,
    regulations_path,
)
from registrar.rules.trace import UnknownStudentError, explain_one
from registrar.rules.whatif import what_if
from registrar.spec.loading import SourceError, SpecificationError, load_specification
from registrar.spec.model import Specification


class Format(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


PROGRAMME = typer.Option(..., "--programme", help="The programme specification (YAML).")
REGISTRATIONS = typer.Option(
    None, "--registrations", help="Registrations CSV (student_id,module_code)."
)
REGULATIONS = typer.Option(
    None,
    "--regulations",
    help="Regulations YAML (default: the ones the specification names, e.g. "
    "regulations: imperial/taught).",
)
SKILLS = typer.Option(
    None,
    "--skills",
    help="Professional skills completions CSV (student_id,course); without it the "
    "courses are not checked (docs/rules.md#professional-skills).",
)
MARKS = typer.Argument(..., help="Marks CSV (student_id,module_code,mark[,component,...]).")


def _stop(lines: list[str]) -> None:
    """Every problem on stderr, one line each, then exit 1."""
    sys.stderr.write("".join(f"{line}\n" for line in lines))
    raise typer.Exit(EXIT_INVALID)


def _specification(path: Path) -> Specification:
    try:
        return load_specification(path)
    except SourceError as error:
        fail(str(error))
    except SpecificationError as error:
        _stop([str(p) for p in error.problems])
        raise  # unreachable: _stop always exits


def _problem(file: Path | str, field: str, message: str, fix: str) -> NoReturn:
    """One problem in the house form (on line 1: it is about the file, not a row), exit 1."""
    sys.stderr.write(f"{InputProblem(file, 1, field, message, fix)}\n")
    raise typer.Exit(EXIT_INVALID)


def default_regulations(spec: Specification, programme: Path) -> Path:
    """The regulations the specification answers to, or a clear stop if there are none."""
    found = regulations_path(spec)
    if found is None:
        _problem(
            programme,
            "regulations",
            regulations_missing(spec),
            "name them in the specification (regulations: institution/framework) "
            "or give --regulations FILE",
        )
    return found


def _parameters(
    spec: Specification, programme: Path, regulations: Path | None
) -> dict[str, Parameter]:
    path = regulations if regulations is not None else default_regulations(spec, programme)
    try:
        return parameters_for(spec, load_regulations(path))
    except ParameterError as error:
        _stop([str(p) for p in error.problems])
        raise
    except ValueError as error:
        _problem(
            path,
            "(regulations)",
            str(error),
            "give the regulations a value for every level of the specification's modules",
        )


def _inputs(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: Path,
    registrations: Path | None,
    skills: Path | None = None,
) -> Inputs:
    try:
        return load_inputs(spec, parameters, marks, registrations, skills)
    except InputError as error:
        _stop([str(p) for p in error.problems])
        raise


def _unknown(marks: Path, error: UnknownStudentError) -> NoReturn:
    _problem(marks, "--student", str(error), "give the id of a student in the marks file")


def _run(
    programme: Path,
    marks: Path,
    registrations: Path | None,
    regulations: Path | None,
    skills: Path | None = None,
) -> tuple[Specification, dict[str, Parameter], Inputs, Evaluation]:
    spec = _specification(programme)
    parameters = _parameters(spec, programme, regulations)
    inputs = _inputs(spec, parameters, marks, registrations, skills)
    evaluation = evaluate(
        spec, parameters, inputs.marks, inputs.registrations, skills=inputs.skills
    )
    return spec, parameters, inputs, evaluation


def _table(frame: pl.DataFrame, title: str) -> str:
    table = Table(show_lines=False)
    for column in frame.columns:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in frame.iter_rows():
        table.add_row(
            *[
                ("true" if v else "false") if isinstance(v, bool) else ("" if v is None else str(v))
                for v in row
            ]
        )
    buffer = io.StringIO()
    Console(file=buffer, width=200, highlight=False, soft_wrap=False).print(table)
    return f"{title}\n{buffer.getvalue()}"


WRITABLE = "give a file in a folder you can write to"


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    _make_folder(output)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _cannot_write(output, error.strerror)


def _make_folder(output: Path) -> None:
    """The folders of `-o reports/2026/out.csv`, made if missing."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # FileExistsError: a file stands where a folder of the path should be
        _problem(output, "--output", f"cannot make its folder ({error.strerror})", WRITABLE)


def _cannot_write(output: Path, why: str | None) -> NoReturn:
    _problem(output, "--output", f"cannot write ({why})", WRITABLE)


def classify(
    marks: Path = MARKS,
    programme: Path = PROGRAMME,
    registrations: Path | None = REGISTRATIONS,
    regulations: Path | None = REGULATIONS,
    output_format: Format = typer.Option(
        Format.TABLE, "--format", help="table, csv or json.", case_sensitive=False
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
    skills: Path | None = SKILLS,
) -> None:
    """Classify every student: status, award, classification, POWA and reasons."""
    if output_format == Format.CSV and output is not None:
        # evaluated and written a chunk of students at a time: a large cohort's frames and
        # CSV are never held whole
        spec = _specification(programme)
        parameters = _parameters(spec, programme, regulations)
        inputs = _inputs(spec, parameters, marks, registrations, skills)
        _make_folder(output)
        try:
            write_classification_csv(
                spec,
                parameters,
                inputs.marks,
                inputs.registrations,
                output,
                skills=inputs.skills,
            )
        except OSError as error:
            _cannot_write(output, error.strerror)
        except pl.exceptions.PolarsError as error:
            _cannot_write(output, str(error).splitlines()[0] if str(error) else None)
        return
    _, _, _, evaluation = _run(programme, marks, registrations, regulations, skills)
    results = evaluation.results
    if output_format == Format.JSON:
        text = results_json(results)
    elif output_format == Format.CSV:
        text = results_csv(results)
    else:
        text = _table(
            results.drop("assumed_parameters"), f"Classification of {results.height} student(s)"
        )
    _emit(text, output)


def explain(
    marks: Path = MARKS,
    programme: Path = PROGRAMME,
    student: str = typer.Option(..., "--student", help="The student's id."),
    registrations: Path | None = REGISTRATIONS,
    regulations: Path | None = REGULATIONS,
    as_json: bool = typer.Option(False, "--json", help="Print the trace as JSON."),
    skills: Path | None = SKILLS,
) -> None:
    """Explain one student's outcome step by step, with clauses and parameters."""
    spec = _specification(programme)
    parameters = _parameters(spec, programme, regulations)
    inputs = _inputs(spec, parameters, marks, registrations, skills)  # every row checked
    try:  # only this student's rows are evaluated
        trace = explain_one(
            spec, parameters, inputs.marks, inputs.registrations, student, inputs.skills
        )
    except UnknownStudentError as error:
        _unknown(marks, error)
    if as_json:
        _emit(json.dumps(trace.as_dict(), indent=2, ensure_ascii=False), None)
    else:
        _emit(trace.render(), None)


def whatif(
    marks: Path = MARKS,
    programme: Path = PROGRAMME,
    student: str = typer.Option(..., "--student", help="The student's id."),
    registrations: Path | None = REGISTRATIONS,
    regulations: Path | None = REGULATIONS,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """The minimum mark in each outstanding or resittable module for each band."""
    spec, parameters, inputs, _ = _run(programme, marks, registrations, regulations)
    try:
        report = what_if(spec, parameters, inputs.marks, inputs.registrations, student)
    except UnknownStudentError as error:
        _unknown(marks, error)
    if as_json:
        _emit(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), None)
    else:
        _emit(report.render(), None)


def diff(
    marks: Path = MARKS,
    programme: Path = PROGRAMME,
    regulations: Path = typer.Option(..., "--regulations", help="The regulations in force."),
    against: Path = typer.Option(..., "--against", help="The changed regulations."),
    registrations: Path | None = REGISTRATIONS,
    output_format: Format = typer.Option(
        Format.TABLE, "--format", help="table, csv or json.", case_sensitive=False
    ),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Re-run a cohort under changed parameters; list the students whose outcome changes."""
    spec = _specification(programme)
    old_parameters = _parameters(spec, programme, regulations)
    new_parameters = _parameters(spec, programme, against)
    inputs = _inputs(spec, old_parameters, marks, registrations)
    if old_parameters["max_sits"].value != new_parameters["max_sits"].value:
        _inputs(spec, new_parameters, marks, registrations)  # the marks must suit both
    old = evaluate(spec, old_parameters, inputs.marks, inputs.registrations)
    new = evaluate(spec, new_parameters, inputs.marks, inputs.registrations)
    changes = diff_outcomes(old, new)
    if output_format == Format.JSON:
        records = [
            {
                "student_id": row["student_id"],
                "old": {c: row[f"old_{c}"] for c in OUTCOME_COLUMNS},
                "new": {c: row[f"new_{c}"] for c in OUTCOME_COLUMNS},
            }
            for row in changes.iter_rows(named=True)
        ]
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    elif output_format == Format.CSV:
        text = results_csv(changes)
    else:
        rows = [
            {
                "student_id": row["student_id"],
                "what": column,
                "old": shown(row[f"old_{column}"]),
                "new": shown(row[f"new_{column}"]),
            }
            for row in changes.iter_rows(named=True)
            for column in changed_columns(row)
        ]
        long = pl.DataFrame(
            rows,
            schema={"student_id": pl.String, "what": pl.String, "old": pl.String, "new": pl.String},
        )
        text = _table(long, f"{changes.height} student(s) whose outcome changes")
    _emit(text, output)


def register(app: typer.Typer) -> None:
    """Add the commands to the main application."""
    app.command("classify")(classify)
    app.command("explain")(explain)
    app.command("whatif")(whatif)
    app.command("diff")(diff)

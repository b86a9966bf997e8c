"""The marks and registrations CSV files, read and checked whole, into Polars frames.

The contracts are in DESIGN.md ("Interfaces that others rely on"). A file is
refused whole: `InputError` lists every bad row in the house form
`FILE:LINE: error: column: what. Fix: how.` (docs/rules.md#bad-input).
A plain CSV is read and checked a slice (~16 MB) at a time, Parquet 1M rows at a time
(`reading.read_slices`), each slice kept only as the compact frame it becomes; any other
file is read whole, with the same checks and the same problems.
One file per thing: `reading` (CSV or Parquet into a table of strings), `rows`
(checks of each row alone), `cross` (checks across rows), `marks` and
`registrations` (each file, read and checked), `problems` (what is reported).
Marks become integer hundredths (`mark`), late hours hundredths of an hour
(`late`); nothing is a float.

Frames handed to the engine (`Inputs.marks`, `Inputs.registrations`):

- marks: student_id, module_code (an Enum of the specification's codes, in code order),
  component (an Enum of its component names; null = whole module), attempt,
  mark (Int64 hundredths, null when empty), flag (an Enum: null, "NS" or "MC"),
  late (Int64 hundredths of an hour, 0 when empty), line. The codes are one byte a row
  rather than a string (a 1M cohort's marks are 8.8M rows); they compare equal to
  their text (`pl.col("flag") == "NS"`) and cast to it (`.cast(pl.String)`);
- registrations: student_id, module_code, line;
- skills (optional, docs/rules.md#professional-skills): student_id, course, line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from registrar.rules.inputs.marks import read_marks
from registrar.rules.inputs.problems import InputError, InputProblem
from registrar.rules.inputs.reading import read_table
from registrar.rules.inputs.registrations import read_registrations
from registrar.rules.inputs.rows import FLAGS, MARKS_OPTIONAL, MARKS_REQUIRED
from registrar.rules.inputs.skills import SKILLS_REQUIRED, read_skills
from registrar.rules.parameters import Parameter
from registrar.spec.model import Specification


@dataclass(frozen=True)
class Inputs:
    marks: pl.DataFrame
    registrations: pl.DataFrame | None
    # completed professional skills courses; None: not supplied, so not checked
    skills: pl.DataFrame | None = None


def load_inputs(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks_path: Path,
    registrations_path: Path | None = None,
    skills_path: Path | None = None,
) -> Inputs:
    """The files, checked; InputError lists every problem in all of them."""
    registrations = None
    skills = None
    problems: list[InputProblem] = []
    if skills_path is not None:
        try:
            skills = read_skills(skills_path, spec)
        except InputError as error:
            problems += error.problems
    if registrations_path is not None:
        try:
            registrations = read_registrations(registrations_path, spec)
        except InputError as error:
            problems += error.problems
    try:
        marks = read_marks(marks_path, spec, parameters, registrations, str(registrations_path))
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return Inputs(marks, registrations, skills)


__all__ = [
    "FLAGS",
    "MARKS_OPTIONAL",
    "MARKS_REQUIRED",
    "SKILLS_REQUIRED",
    "InputError",
    "InputProblem",
    "Inputs",
    "load_inputs",
    "read_marks",
    "read_registrations",
    "read_skills",
    "read_table",
]

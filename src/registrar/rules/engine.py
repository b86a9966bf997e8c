"""The cohort evaluation: marks in, one outcome per student out, every step kept.

One vectorised implementation serves one student or a million: each step of
`steps.py` is a set of columns on a Polars frame (per row, per attempt, per
module, per student), and the trace of one student is read off these same
frames (`trace.py`). Marks are integer hundredths; a mean is computed with
integers and rounded once, half up (`numbers.round_half_up`). Compensation's
choice is in `compensation.py`, the wording of reasons in `reasons.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from registrar.rules.numbers import as_decimal, hundredths_text, round_half_up
from registrar.rules.parameters import (
    Parameter,
    ParameterError,
    ParameterProblem,
    Regulations,
    pass_marks,
    programme_parameters,
)
from registrar.rules.reads import ParameterReads, Read
from registrar.rules.reasons import add_reasons
from registrar.rules.run import Run, component_type, module_type
from registrar.rules.steps import STEPS, Step
from registrar.spec.model import Specification

# Contract columns of the classification output, in order (DESIGN.md).
RESULT_COLUMNS = (
    "student_id",
    "status",
    "award",
    "classification",
    "powa",
    "project_mark",
    "credits_earned",
    "credits_compensated",
    "referred_modules",
    "dic",
    "reasons",
)
EXTRA_COLUMNS = ("flags", "assumed_parameters")

MARKS_SCHEMA = {
    "student_id": pl.String,
    "module_code": pl.String,
    "component": pl.String,
    "attempt": pl.Int64,
    "mark": pl.Int64,
    "flag": pl.String,
    "late": pl.Int64,
    "line": pl.Int64,
}


def parameters_for(spec: Specification, regulations: Regulations) -> dict[str, Parameter]:
    """Every parameter in force for the specification's cohort, programme ones included.

    ParameterError if a value is missing for the cohort, or the pass mark is not given
    for a level the programme's modules (or its award) are at.
    """
    values = {**regulations.for_year(spec.details.cohort), **programme_parameters(spec)}
    pass_mark = values["pass_mark"]
    levels = {m.fheq_level for m in spec.modules} | {spec.award.min_level}
    missing = sorted(levels - set(pass_marks(values)))
    if missing:
        listed = ", ".join(str(level) for level in missing)
        raise ParameterError(
            [
                ParameterProblem(
                    Path(pass_mark.origin),
                    pass_mark.line,
                    ("parameters", "pass_mark"),
                    f"no pass mark for FHEQ level {listed} in {pass_mark.effective_from}, "
                    f"which the programme's modules or award are at",
                    f"add a pass mark for level {listed} to pass_mark",
                )
            ]
        )
    return values


@dataclass(frozen=True)
class Evaluation:
    """The outcome of a cohort with every intermediate frame the trace reads.

    Frames are keyed by `sid`, a small integer per student (see `students`), and
    `module_code` as an Enum; `of_student` gives one student's rows with plain codes.

    - `rows`: each marks row with `row_mark` (after NS and late work), `row_effect`;
    - `attempts`: per (student, module, attempt): `set_aside`, `complete`, `mark`,
      `sit`, `counted`;
    - `modules`: per (student, module) taken: `standing`, `sits_used`, `sits_left`,
      `zone`, `compensated`, `result`, `referred`;
    - `students`: per student, numbers in hundredths and the outcome;
    - `results`: the contract columns (DESIGN.md), students in ascending id order.
    """

    spec: Specification
    parameters: dict[str, Parameter]
    modules_table: pl.DataFrame
    rows: pl.DataFrame
    attempts: pl.DataFrame
    modules: pl.DataFrame
    students: pl.DataFrame
    results: pl.DataFrame
    reads: tuple[Read, ...] = ()  # every parameter read, by step (reads.py)
    steps: tuple[Step, ...] = STEPS  # the steps that computed it, in order

    def student_ids(self) -> list[str]:
        return list(self.results["student_id"])

    def of_student(self, student_id: str) -> StudentView | None:
        """One student's rows of every frame (module codes as text), or None if unknown."""
        found = self.students.filter(pl.col("student_id") == student_id)
        if found.height == 0:
            return None
        sid = found["sid"][0]

        def mine(frame: pl.DataFrame, order: tuple[str, ...]) -> pl.DataFrame:
            return (
                frame.filter(pl.col("sid") == sid)
                .sort(*order, nulls_last=False)
                .drop("sid")
                .with_columns(pl.col(pl.Enum).cast(pl.String))
            )

        return StudentView(
            student_id,
            mine(self.rows, ("module_code", "attempt", "component")),
            mine(self.attempts, ("module_code", "attempt")),
            mine(self.modules, ("module_code",)),
            found.drop("sid").row(0, named=True),
            self.results.filter(pl.col("student_id") == student_id).row(0, named=True),
        )


@dataclass(frozen=True)
class StudentView:
    """One student's part of an evaluation: the same frames, filtered."""

    student_id: str
    rows: pl.DataFrame
    attempts: pl.DataFrame
    modules: pl.DataFrame
    student: dict[str, Any]
    result: dict[str, Any]


def module_table(spec: Specification, parameters: dict[str, Parameter]) -> pl.DataFrame:
    """The specification's modules with their pass marks (hundredths)."""
    by_level = pass_marks(parameters)
    missing = sorted({m.fheq_level for m in spec.modules} - set(by_level))
    if missing:
        levels = ", ".join(str(level) for level in missing)
        raise ValueError(f"the regulations give no pass mark for FHEQ level {levels}")
    return pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules],
            "category": [m.category.value for m in spec.modules],
            "group": [m.group for m in spec.modules],
            "ects": [m.ects for m in spec.modules],
            "level": [m.fheq_level for m in spec.modules],
            "running": [m.runs_in(spec.year) for m in spec.modules],
            "n_components": [len(m.components) for m in spec.modules],
            "weight_total": [sum(int(c.weight * 100) for c in m.components) for m in spec.modules],
            "pass": [by_level[m.fheq_level] for m in spec.modules],
        },
        schema={
            "module_code": pl.String,
            "category": pl.String,
            "group": pl.String,
            "ects": pl.Int64,
            "level": pl.Int64,
            "running": pl.Boolean,
            "n_components": pl.Int64,
            "weight_total": pl.Int64,
            "pass": pl.Int64,
        },
    )


def _student_index(
    marks: pl.DataFrame, registrations: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(students: sid, student_id in student_id order; marks with `sid` added)."""
    sid_ = pl.col("student_id")
    if (
        registrations is None
        and marks.height > 0
        and marks.select(
            (sid_.null_count() == 0) & (sid_ >= sid_.shift(1)).all().fill_null(True)
        ).item()
    ):
        # the common file lists each student's rows together, in id order: number the runs
        new = (sid_ != sid_.shift(1)).fill_null(True)
        marks = marks.with_columns(new.alias("_new")).with_columns(
            (pl.col("_new").cast(pl.UInt32).cum_sum() - 1).alias("sid")
        )
        students = marks.filter(pl.col("_new")).select("sid", "student_id")
        return students, marks.drop("_new")
    ids = [marks.select("student_id")]
    if registrations is not None:
        ids.append(registrations.select(pl.col("student_id").cast(pl.String)))
    students = pl.concat(ids).unique().sort("student_id").with_row_index("sid")
    return students, marks.join(students, on="student_id")


def evaluate(
    spec: Specification,
    regulations: Regulations | dict[str, Parameter],
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None = None,
    *,
    steps: tuple[Step, ...] = STEPS,
    skills: pl.DataFrame | None = None,
) -> Evaluation:
    """Evaluate a cohort: run the declared steps in order (`steps.py`), then word the
    reasons and disclose the assumed parameters the reads recorded.

    `marks` / `registrations` / `skills` are the frames of `inputs.py`; with `skills`
    None the professional skills courses are not checked (docs/rules.md#professional-skills).
    """
    p = parameters_for(spec, regulations) if isinstance(regulations, Regulations) else regulations
    table = module_table(spec, p)
    # the codes as the engine's Enums (checked input has them already: no copy)
    schema = {**MARKS_SCHEMA, "module_code": module_type(spec), "component": component_type(spec)}
    marks = marks.select(list(schema)).cast(schema)  # type: ignore[arg-type]
    # every student gets a small integer id (in student_id order) and every (student,
    # module) an integer key: joins and groups on them are far cheaper than on strings
    students, marks = _student_index(marks, registrations)
    table = table.with_columns(pl.col("module_code").cast(module_type(spec)))
    run = Run(spec, table, marks, registrations, students, skills)
    reads = ParameterReads(p)
    for declared in steps:
        declared.compute(run, reads.for_step(declared.name, declared.parameters))
    band_names = [b.name for b in spec.award.bands]
    s = add_reasons(run.s, run.modules, p, band_names, spec.award.name)
    s = s.with_columns(reads.disclosure().alias("assumed_parameters")).sort("sid")
    results = s.select(
        "student_id",
        "status",
        pl.col("award").fill_null(""),
        pl.col("classification").fill_null(""),
        as_decimal(pl.col("powa")).fill_null("").alias("powa"),
        as_decimal(pl.col("project_mark")).fill_null("").alias("project_mark"),
        "credits_earned",
        "credits_compensated",
        "referred_modules",
        "dic",
        "reasons",
        "flags",
        "assumed_parameters",
    )
    attempts = run.attempts.select(
        "sid",
        "module_code",
        "attempt",
        "set_aside",
        "whole",
        "n_given",
        "complete",
        "uses_sit",
        "mark",
        "sit",
        "counted",
        "component_failed",
    )
    modules = run.modules.drop("mk", "had_ns", "had_late", "had_mc", "had_resit", "blocked")
    return Evaluation(
        spec, p, table, run.rows, attempts, modules, s, results, tuple(reads.reads), steps
    )


__all__ = [
    "EXTRA_COLUMNS",
    "MARKS_SCHEMA",
    "RESULT_COLUMNS",
    "Evaluation",
    "StudentView",
    "as_decimal",
    "component_type",
    "evaluate",
    "hundredths_text",
    "module_table",
    "module_type",
    "parameters_for",
    "round_half_up",
]

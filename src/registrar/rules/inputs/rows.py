"""Checks of each row alone: columns, values, the modules and components it names."""

from __future__ import annotations

import polars as pl

from registrar.rules.inputs.problems import InputProblem, shown_expr
from registrar.spec.model import Specification

MARKS_REQUIRED = ("student_id", "module_code", "mark")
MARKS_OPTIONAL = ("component", "attempt", "flag", "late_hours")
REGISTRATIONS_REQUIRED = ("student_id", "module_code")
FLAGS = ("NS", "MC")

DECIMAL = r"^[0-9]+(\.[0-9]{1,2})?$"
NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
# bounds on the numbers a file may hold, so that none can overflow the engine's integers:
# no module is sat 99 times, and work a year late is as late as work a day late
MAX_ATTEMPT = 99
MAX_LATE_HOURS = 10_000


# a row check: the condition a bad row meets, its column, what is wrong (worded from the
# row) and how to fix it
Check = tuple[pl.Expr, str, pl.Expr, str]


def _problems(
    frame: pl.DataFrame,
    file: str,
    checks: list[Check],
    suspect: pl.Expr | None = None,
) -> list[InputProblem]:
    """Rows where each condition holds, as problems (column, what, fix).

    What is wrong is worded from its own row only (it is evaluated on the bad rows alone).
    `suspect`, if given, is a cheap condition that holds on every row that breaks a
    check (and maybe others): the checks themselves are then computed on those rows only.

    All conditions are computed in one pass; reasons are worded only for the rows that
    break one, so that a large clean file costs one scan.
    """
    if not checks:
        return []
    flags = [
        condition.fill_null(False).alias(f"_bad{i}")
        for i, (condition, _, _, _) in enumerate(checks)
    ]
    rows = frame.lazy()
    if suspect is not None:
        rows = rows.filter(suspect.fill_null(True))
    bad = (
        rows.with_columns(flags)
        .filter(pl.any_horizontal(f"_bad{i}" for i in range(len(checks))))
        .collect()
    )
    if bad.height == 0:
        return []
    out: list[InputProblem] = []
    for i, (_, column, what, fix) in enumerate(checks):
        found = bad.filter(pl.col(f"_bad{i}")).select("line", what.alias("_what"))
        out += [InputProblem(file, line, column, why, fix) for line, why in found.iter_rows()]
    return out


def _hundredths(column: str) -> pl.Expr:
    """A checked decimal string with at most two places → integer hundredths."""
    parts = pl.col(column).str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int64, strict=False)
    frac = (
        parts.struct.field("field_1").fill_null("").str.pad_end(2, "0").cast(pl.Int64, strict=False)
    )
    return whole * 100 + frac


def _modules_frame(spec: Specification) -> tuple[pl.DataFrame, pl.DataFrame]:
    modules = pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules],
            "category": [m.category.value for m in spec.modules],
            "group": [m.group for m in spec.modules],
            "running": [m.runs_in(spec.year) for m in spec.modules],
            "has_components": [bool(m.components) for m in spec.modules],
            "n_components": [len(m.components) for m in spec.modules],
        },
        schema={
            "module_code": pl.String,
            "category": pl.String,
            "group": pl.String,
            "running": pl.Boolean,
            "has_components": pl.Boolean,
            "n_components": pl.UInt32,
        },
    )
    components = pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules for _ in m.components],
            "component": [c.name for m in spec.modules for c in m.components],
            "known_component": [True for m in spec.modules for _ in m.components],
        },
        schema={"module_code": pl.String, "component": pl.String, "known_component": pl.Boolean},
    )
    return modules, components


def _module_checks(spec: Specification) -> list[Check]:
    """The checks of student_id and module_code, for `_problems`."""
    codes = [m.code for m in spec.modules]
    resting = [m.code for m in spec.modules if not m.runs_in(spec.year)]
    return [
        (pl.col("student_id").is_null(), "student_id", pl.lit("empty"), "give the student's id"),
        (pl.col("module_code").is_null(), "module_code", pl.lit("empty"), "give a module code"),
        (
            pl.col("module_code").is_not_null()
            & pl.col("module_code").is_in(pl.Series(codes, dtype=pl.String).implode()).not_(),
            "module_code",
            pl.format(
                "unknown module {} (not in the programme specification)", shown_expr("module_code")
            ),
            "give the code of a module of the specification",
        ),
        (
            pl.col("module_code").is_in(pl.Series(resting, dtype=pl.String).implode()),
            "module_code",
            pl.format("module {} is not running in {}", "module_code", pl.lit(spec.year)),
            "give marks only for modules running this year",
        ),
    ]

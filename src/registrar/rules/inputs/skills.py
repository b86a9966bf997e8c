"""The professional skills completions file, read and checked (docs/rules.md#professional-skills).

One row a completed course: `student_id,course`, the course one of the specification's
`award.required_courses` codes. Refused whole as the other inputs are: an empty field,
an unknown course or a repeated row is a problem of its line.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from registrar.rules.inputs.problems import InputError, shown_expr
from registrar.rules.inputs.reading import read_table
from registrar.rules.inputs.rows import _problems
from registrar.spec.model import Specification

SKILLS_REQUIRED = ("student_id", "course")


def read_skills(path: Path, spec: Specification) -> pl.DataFrame:
    """The completions file, checked: student_id, course, line; InputError lists every
    problem."""
    frame, problems = read_table(path, SKILLS_REQUIRED, ())
    if frame is None:
        raise InputError(problems)
    file = str(path)
    codes = pl.Series([c.code for c in spec.award.required_courses], dtype=pl.String)
    first = pl.col("_first")
    problems += _problems(
        frame.with_columns(pl.col("line").min().over("student_id", "course").alias("_first")),
        file,
        [
            (
                pl.col("student_id").is_null(),
                "student_id",
                pl.lit("empty"),
                "give the student's id",
            ),
            (pl.col("course").is_null(), "course", pl.lit("empty"), "give a course code"),
            (
                pl.col("course").is_not_null() & pl.col("course").is_in(codes.implode()).not_(),
                "course",
                pl.format(
                    "unknown course {} (not a required course of the programme specification)",
                    shown_expr("course"),
                ),
                "give the code of a course listed under award.required_courses",
            ),
            (
                pl.col("student_id").is_not_null()
                & pl.col("course").is_not_null()
                & (pl.col("line") != first),
                "course",
                pl.format("duplicate completion (first at line {})", first),
                "give each completion once",
            ),
        ],
    )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return frame.select("student_id", "course", "line")

"""The registrations file, read and checked."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from registrar.rules.inputs.cross import _selection_checks
from registrar.rules.inputs.problems import InputError
from registrar.rules.inputs.reading import read_table
from registrar.rules.inputs.rows import REGISTRATIONS_REQUIRED, _module_checks, _problems
from registrar.spec.model import Specification


def read_registrations(path: Path, spec: Specification) -> pl.DataFrame:
    """The registrations file, checked; InputError lists every problem."""
    frame, problems = read_table(path, REGISTRATIONS_REQUIRED, ())
    if frame is None:
        raise InputError(problems)
    file = str(path)
    problems += _problems(frame, file, _module_checks(spec))
    # the first line of each registration, over the whole file (reasons are worded on
    # the bad rows alone, so no reason may look at other rows)
    first = pl.col("_first")
    problems += _problems(
        frame.with_columns(pl.col("line").min().over("student_id", "module_code").alias("_first")),
        file,
        [
            (
                pl.col("student_id").is_not_null()
                & pl.col("module_code").is_not_null()
                & (pl.col("line") != first),
                "module_code",
                pl.format("duplicate registration (first at line {})", first),
                "give each registration once",
            )
        ],
    )
    if not problems:
        firsts = frame.group_by("student_id", "module_code").agg(pl.col("line").min())
        problems += _selection_checks(firsts, spec, file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return frame.select("student_id", "module_code", "line")

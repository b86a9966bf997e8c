"""A large cohort classified a chunk of students at a time, its CSV written as it goes.

The engine's frames for a million students (rows, attempts, modules, each with its
intermediate columns) cost several times the marks they come from; a chunk of
`CHUNK_STUDENTS` costs a tenth of that, and is dropped once its rows of the results CSV
are written. A student is never split across chunks, and every rule of the engine looks
at one student's rows alone, so the CSV is byte for byte the one a single `evaluate` of
the whole cohort writes (tests/rules/test_chunks.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import polars as pl

from registrar.rules.engine import evaluate
from registrar.rules.outputs import for_csv, write_results_csv
from registrar.rules.parameters import Parameter
from registrar.spec.model import Specification

CHUNK_STUDENTS = 100_000


def student_chunks(marks: pl.DataFrame, size: int = CHUNK_STUDENTS) -> Iterator[pl.DataFrame]:
    """`marks` (each student's rows together: `in_student_order`) in slices of `size`
    students each."""
    sid = pl.col("student_id")
    starts = marks.select(pl.arg_where((sid != sid.shift(1)).fill_null(True)))["student_id"]
    bounds = [*starts.gather_every(size).to_list(), marks.height]
    for start, end in pairwise(bounds):
        yield marks.slice(start, end - start)


def in_student_order(marks: pl.DataFrame) -> bool:
    """Every row names a student, and each student's rows come together in id order."""
    sid = pl.col("student_id")
    return marks.height > 0 and bool(
        marks.select((sid.null_count() == 0) & (sid >= sid.shift(1)).all().fill_null(True)).item()
    )


def write_classification_csv(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None,
    path: Path,
    size: int = CHUNK_STUDENTS,
    skills: pl.DataFrame | None = None,
) -> int:
    """`registrar classify --format csv -o PATH`: evaluate and write, a chunk of students at
    a time where the file allows it; the number of students classified."""
    if registrations is not None or not in_student_order(marks):
        # registered students without marks, or rows out of order: the whole cohort at once
        results = evaluate(spec, parameters, marks, registrations, skills=skills).results
        write_results_csv(results, path)
        return results.height
    students = 0
    with path.open("wb") as handle:
        for chunk in student_chunks(marks, size):
            results = evaluate(spec, parameters, chunk, skills=skills).results
            for_csv(results).write_csv(
                handle,
                include_header=students == 0,
                line_terminator="\n",
                quote_style="necessary",
            )
            students += results.height
    return students

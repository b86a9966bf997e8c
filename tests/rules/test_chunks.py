"""`registrar classify --format csv -o FILE` evaluates a chunk of students at a time: the
CSV is byte for byte the one a single evaluation of the whole cohort writes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from bench.cohort import write_cohort
from registrar.rules.chunks import in_student_order, student_chunks, write_classification_csv
from registrar.rules.engine import evaluate
from registrar.rules.inputs import load_inputs
from registrar.rules.outputs import write_results_csv
from tests.rules.helpers import mres, taught

STUDENTS = 600


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cohort")
    marks, registrations = folder / "marks.csv", folder / "registrations.csv"
    write_cohort(marks, mres(), STUDENTS, 20251001, registrations=registrations)
    return marks, registrations


def _whole(marks: pl.DataFrame, registrations: pl.DataFrame | None, path: Path) -> bytes:
    write_results_csv(evaluate(mres(), taught(), marks, registrations).results, path)
    return path.read_bytes()


@pytest.mark.parametrize("size", [37, 250, 10**6])
def test_chunked_csv_is_the_whole_evaluations(
    cohort: tuple[Path, Path], tmp_path: Path, size: int
) -> None:
    inputs = load_inputs(mres(), taught(), cohort[0])
    expected = _whole(inputs.marks, None, tmp_path / "whole.csv")
    written = write_classification_csv(
        mres(), taught(), inputs.marks, None, tmp_path / "chunked.csv", size
    )
    assert written == STUDENTS
    assert (tmp_path / "chunked.csv").read_bytes() == expected
    assert expected.count(b"\n") == STUDENTS + 1


def test_chunks_never_split_a_student(cohort: tuple[Path, Path]) -> None:
    marks = load_inputs(mres(), taught(), cohort[0]).marks
    chunks = list(student_chunks(marks, 7))
    assert len(chunks) == -(-STUDENTS // 7)
    assert [c["student_id"].n_unique() for c in chunks] == [7] * (STUDENTS // 7) + [STUDENTS % 7]
    assert sum(c.height for c in chunks) == marks.height
    last = [c["student_id"][-1] for c in chunks[:-1]]
    first = [c["student_id"][0] for c in chunks[1:]]
    assert all(a < b for a, b in zip(last, first, strict=True))


def test_rows_out_of_order_or_registrations_are_evaluated_whole(
    cohort: tuple[Path, Path], tmp_path: Path
) -> None:
    inputs = load_inputs(mres(), taught(), cohort[0], cohort[1])
    assert inputs.registrations is not None
    expected = _whole(inputs.marks, inputs.registrations, tmp_path / "whole.csv")
    write_classification_csv(
        mres(), taught(), inputs.marks, inputs.registrations, tmp_path / "out.csv", 5
    )
    assert (tmp_path / "out.csv").read_bytes() == expected

    shuffled = inputs.marks.sample(fraction=1.0, shuffle=True, seed=1)
    assert not in_student_order(shuffled)
    expected = _whole(shuffled, None, tmp_path / "whole.csv")
    write_classification_csv(mres(), taught(), shuffled, None, tmp_path / "out.csv", 5)
    assert (tmp_path / "out.csv").read_bytes() == expected
    assert in_student_order(inputs.marks)
    assert not in_student_order(inputs.marks.clear())

"""The marks and registrations CSV contracts: good files read exactly, bad ones refused whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from registrar.rules.engine import parameters_for
from registrar.rules.inputs import InputError, load_inputs
from registrar.rules.parameters import Parameter, load_regulations
from registrar.spec.loading import load_specification
from registrar.spec.model import Specification

ROOT = Path(__file__).resolve().parents[2]
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
TAUGHT = ROOT / "regulations" / "imperial" / "taught.yaml"
HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours\n"


@pytest.fixture(scope="module")
def spec() -> Specification:
    return load_specification(MRES)


@pytest.fixture(scope="module")
def parameters(spec: Specification) -> dict[str, Parameter]:
    return parameters_for(spec, load_regulations(TAUGHT))


def problems_of(
    tmp_path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: bytes,
    registrations: bytes | None = None,
) -> list[str]:
    marks_path = tmp_path / "marks.csv"
    marks_path.write_bytes(marks)
    registrations_path = None
    if registrations is not None:
        registrations_path = tmp_path / "registrations.csv"
        registrations_path.write_bytes(registrations)
    with pytest.raises(InputError) as caught:
        load_inputs(spec, parameters, marks_path, registrations_path)
    return [str(p).replace(f"{tmp_path}/", "") for p in caught.value.problems]


def test_marks_become_integer_hundredths_with_defaults(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        "student_id,module_code,mark,late_hours\nS1,COMP70076,69.5,6\nS1,COMP70010,45,\n",
        encoding="utf-8",
    )

    marks = load_inputs(spec, parameters, path).marks

    assert marks.rows() == [
        ("S1", "COMP70076", None, 1, 6950, None, 600, 2),
        ("S1", "COMP70010", None, 1, 4500, None, 0, 3),
    ]
    assert marks.schema["mark"] == pl.Int64


def test_bom_and_crlf_are_read_like_plain_utf8(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.csv"
    path.write_bytes(
        ("\ufeff" + HEADER + "S1,COMP70076,,1,70.25,,\n").replace("\n", "\r\n").encode()
    )

    marks = load_inputs(spec, parameters, path).marks

    assert marks.rows() == [("S1", "COMP70076", None, 1, 7025, None, 0, 2)]


def test_blank_lines_are_skipped_and_line_numbers_kept(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(HEADER + "\nS1,COMP70076,,1,70,,\n", encoding="utf-8")

    marks = load_inputs(spec, parameters, path).marks

    assert marks["line"].to_list() == [3]


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (
            b"",
            [
                "marks.csv:1: (file): the file is empty; expected a header row: "
                "student_id,module_code,mark"
            ],
        ),
        (
            b"student_id,module_code\nS1,COMP70076\n",
            ["marks.csv:1: mark: this required column is missing"],
        ),
        (
            b"student_id,module_code,mark,grade\nS1,COMP70076,70,A\n",
            [
                "marks.csv:1: grade: unknown column (expected: student_id, module_code, mark, "
                "component, attempt, flag, late_hours)"
            ],
        ),
        (
            b"student_id,module_code,mark,mark\nS1,COMP70076,70,70\n",
            ["marks.csv:1: mark: this column is given twice"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,100.001,,\n").encode(),
            ["marks.csv:2: mark: 100.001 has more than two decimals; round it to two"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,100.01,,\n").encode(),
            ["marks.csv:2: mark: 100.01 is above 100; marks are from 0 to 100"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,-1,,\n").encode(),
            ["marks.csv:2: mark: -1 is below 0; marks are from 0 to 100"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,abc,,\n").encode(),
            [
                "marks.csv:2: mark: 'abc' is not a mark; write a number from 0 to 100 with at "
                "most two decimals"
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,,,\n").encode(),
            ["marks.csv:2: mark: empty; give a mark, or flag the row NS (not submitted) or MC"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,\nS1,COMP70076,,1,71,,\n").encode(),
            ["marks.csv:3: (row): duplicate row (first at line 2)"],
        ),
        (
            (HEADER + "S1,COMP70076,,2,70,,\n").encode(),
            ["marks.csv:2: attempt: a resit (attempt 2) without a first attempt"],
        ),
        (
            (
                HEADER + "S1,COMP70076,,1,40,,\nS1,COMP70076,,2,45,,\nS1,COMP70076,,3,45,,\n"
            ).encode(),
            [
                "marks.csv:4: attempt: attempt 3 would be sit 3 of S1 at COMP70076; only 2 sits "
                "are allowed"
            ],
        ),
        (
            (HEADER + "S1,COMP70010,,1,70,,\nS1,COMP70028,,1,70,,\n").encode(),
            [
                "marks.csv:3: module_code: student S1 takes 2 elective modules "
                "(COMP70010, COMP70028); the selection rule allows 1"
            ],
        ),
        (
            (HEADER + "S1,COMP99999,,1,70,,\n").encode(),
            [
                "marks.csv:2: module_code: unknown module COMP99999 (not in the programme "
                "specification)"
            ],
        ),
        (
            (HEADER + "S1,COMP70101,,1,70,,\n").encode(),
            ["marks.csv:2: module_code: module COMP70101 is not running in 2025-26"],
        ),
        (
            (HEADER + "S1,COMP70059,Poster,1,70,,\n").encode(),
            ["marks.csv:2: component: unknown component Poster of module COMP70059"],
        ),
        (
            (HEADER + "S1,COMP70076,Essay,1,70,,\n").encode(),
            [
                "marks.csv:2: component: module COMP70076 has no components in the "
                "specification; leave component empty"
            ],
        ),
        (
            (HEADER + "S1,COMP70059,,1,70,,\nS1,COMP70059,Research thesis,1,70,,\n").encode(),
            [
                "marks.csv:2: component: a whole-module mark and component marks in one "
                "attempt; give one or the other"
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,-2\n").encode(),
            ["marks.csv:2: late_hours: -2 is negative; hours late are 0 or more"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,soon\n").encode(),
            ["marks.csv:2: late_hours: 'soon' is not a number of hours"],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,XX,\n").encode(),
            ["marks.csv:2: flag: unknown flag XX (expected NS, MC or empty)"],
        ),
        (
            (HEADER + "S1,COMP70076,,first,70,,\n").encode(),
            [
                "marks.csv:2: attempt: 'first' is not an attempt; write 1 (first sit), 2 (resit), "
                "..."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70\n").encode(),
            ["marks.csv:2: (row): expected 7 fields, found 5"],
        ),
        (
            (HEADER + ",COMP70076,,1,70,,\n").encode(),
            ["marks.csv:2: student_id: empty; give the student's id"],
        ),
        (
            b"student_id,module_code,mark\nS1,COMP70076,\xff\n",
            ["marks.csv:2: (file): not UTF-8 text; save it as UTF-8"],
        ),
    ],
    ids=[
        "empty-file",
        "missing-required-column",
        "unknown-column",
        "column-twice",
        "mark-three-decimals",
        "mark-above-100",
        "mark-negative",
        "mark-not-a-number",
        "empty-mark-without-flag",
        "duplicate-row",
        "resit-without-first-attempt",
        "third-sit",
        "two-electives",
        "unknown-module",
        "module-not-running",
        "unknown-component",
        "component-for-module-without-components",
        "whole-and-component-in-one-attempt",
        "late-hours-negative",
        "late-hours-not-a-number",
        "unknown-flag",
        "attempt-not-a-number",
        "wrong-number-of-fields",
        "empty-student-id",
        "not-utf8",
    ],
)
def test_bad_marks_file_is_refused_with_the_reason(
    tmp_path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: bytes,
    expected: list[str],
) -> None:
    assert problems_of(tmp_path, spec, parameters, marks) == expected


def test_every_bad_row_is_reported_in_line_order(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + "S1,COMP70076,,1,101,,\nS1,COMP70060,,1,70,,\nS2,COMP99999,,1,70,NS,\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: mark: 101 is above 100; marks are from 0 to 100",
        "marks.csv:4: module_code: unknown module COMP99999 (not in the programme specification)",
    ]


def test_an_mc_attempt_allows_a_third_attempt(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER + "S1,COMP70076,,1,,MC,\nS1,COMP70076,,2,40,,\nS1,COMP70076,,3,55,,\n",
        encoding="utf-8",
    )

    assert load_inputs(spec, parameters, path).marks.height == 3


def test_marks_for_an_unregistered_module_are_refused(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + "S1,COMP70076,,1,70,,\n"
    registrations = "student_id,module_code\nS1,COMP70059\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode(), registrations.encode()) == [
        "marks.csv:2: module_code: student S1 is not registered for COMP70076 in registrations.csv"
    ]


@pytest.mark.parametrize(
    ("registrations", "expected"),
    [
        (
            "student_id,module_code\nS1,COMP70059\nS1,COMP70059\n",
            ["registrations.csv:3: module_code: duplicate registration (first at line 2)"],
        ),
        (
            "student_id,module_code\nS1,COMP70010\nS1,COMP70028\n",
            [
                "registrations.csv:3: module_code: student S1 takes 2 elective modules "
                "(COMP70010, COMP70028); the selection rule allows 1"
            ],
        ),
        (
            "student_id,module_code\nS1,COMP12345\n",
            [
                "registrations.csv:2: module_code: unknown module COMP12345 (not in the "
                "programme specification)"
            ],
        ),
        (
            "student\nS1\n",
            [
                "registrations.csv:1: student: unknown column (expected: student_id, module_code)",
                "registrations.csv:1: student_id: this required column is missing",
                "registrations.csv:1: module_code: this required column is missing",
            ],
        ),
    ],
    ids=["duplicate", "two-electives", "unknown-module", "wrong-header"],
)
def test_bad_registrations_file_is_refused_with_the_reason(
    tmp_path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    registrations: str,
    expected: list[str],
) -> None:
    marks = HEADER + "S1,COMP70059,,1,70,,\n"

    assert (
        problems_of(tmp_path, spec, parameters, marks.encode(), registrations.encode()) == expected
    )


def test_quoted_fields_read_the_same_as_plain_ones(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text(HEADER + "S1,COMP70059,Research thesis,1, 70.5 ,,\n", encoding="utf-8")
    quoted = tmp_path / "quoted.csv"
    quoted.write_text(HEADER + 'S1,COMP70059,"Research thesis",1," 70.5 ",,\n', encoding="utf-8")

    assert load_inputs(spec, parameters, plain).marks.equals(
        load_inputs(spec, parameters, quoted).marks
    )


def test_marks_too_long_for_int64_are_above_100_not_garbage(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = (
        HEADER + "S1,COMP70059,,1,99999999999999999,,\n"  # ×100 would wrap around Int64
        "S1,COMP70060,,1,100000000000000000000,,\n"  # too long for Int64 at all
        "S1,COMP70061,,1,0000000000000000050.5,,\n"  # long only by its leading zeros
    )

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: mark: 99999999999999999 is above 100; marks are from 0 to 100",
        "marks.csv:3: mark: 100000000000000000000 is above 100; marks are from 0 to 100",
    ]


# --- Parquet input, with the same checks (issue 8, point 6) -------------------------------


def test_a_parquet_marks_file_gives_the_same_results_as_its_csv(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    from registrar.rules.engine import evaluate
    from tests.rules.golden import COHORT_SEED, cohort_marks

    csv_path = cohort_marks(300, COHORT_SEED, tmp_path / "marks.csv")
    parquet_path = tmp_path / "marks.parquet"
    pl.read_csv(csv_path, infer_schema=False).write_parquet(parquet_path)

    from_csv = load_inputs(spec, parameters, csv_path)
    from_parquet = load_inputs(spec, parameters, parquet_path)

    assert from_parquet.marks.equals(from_csv.marks)
    assert evaluate(spec, parameters, from_parquet.marks).results.equals(
        evaluate(spec, parameters, from_csv.marks).results
    )


def test_a_bad_parquet_marks_file_is_refused_with_each_row_as_its_csv_line(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.parquet"
    pl.DataFrame(
        {
            "student_id": ["S1", "S1", "S2"],
            "module_code": ["COMP70059", "COMP99999", "COMP70059"],
            "mark": ["70", "60", "101"],
        }
    ).write_parquet(path)

    with pytest.raises(InputError) as refused:
        load_inputs(spec, parameters, path)

    assert [(p.line, p.column) for p in refused.value.problems] == [
        (3, "module_code"),
        (4, "mark"),
    ]


def test_a_parquet_file_with_an_unknown_column_is_refused(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.parquet"
    pl.DataFrame(
        {"student_id": ["S1"], "module_code": ["COMP70059"], "grade": ["70"]}
    ).write_parquet(path)

    with pytest.raises(InputError) as refused:
        load_inputs(spec, parameters, path)

    assert [str(p) for p in refused.value.problems] == [
        f"{path}:1: grade: unknown column (expected: student_id, module_code, mark, component, "
        "attempt, flag, late_hours)",
        f"{path}:1: mark: this required column is missing",
    ]

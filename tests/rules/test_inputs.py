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
                "marks.csv:1: error: (file): the file is empty. "
                "Fix: start it with the header row student_id,module_code,mark."
            ],
        ),
        (
            b"student_id,module_code\nS1,COMP70076\n",
            [
                "marks.csv:1: error: mark: this required column is missing. "
                "Fix: add it to the header row (student_id, module_code, mark are required)."
            ],
        ),
        (
            b"student_id,module_code,mark,grade\nS1,COMP70076,70,A\n",
            [
                "marks.csv:1: error: grade: unknown column. Fix: name each column one of: "
                "student_id, module_code, mark, component, attempt, flag, late_hours."
            ],
        ),
        (
            b"student_id,module_code,mark,mark\nS1,COMP70076,70,70\n",
            ["marks.csv:1: error: mark: this column is given twice. Fix: keep one of the two."],
        ),
        (
            (HEADER + "S1,COMP70076,,1,100.001,,\n").encode(),
            ["marks.csv:2: error: mark: 100.001 has more than two decimals. Fix: round it to two."],
        ),
        (
            (HEADER + "S1,COMP70076,,1,100.01,,\n").encode(),
            ["marks.csv:2: error: mark: 100.01 is above 100. Fix: give a mark from 0 to 100."],
        ),
        (
            (HEADER + "S1,COMP70076,,1,-1,,\n").encode(),
            ["marks.csv:2: error: mark: -1 is below 0. Fix: give a mark from 0 to 100."],
        ),
        (
            (HEADER + "S1,COMP70076,,1,abc,,\n").encode(),
            [
                "marks.csv:2: error: mark: 'abc' is not a mark. "
                "Fix: write a number from 0 to 100 with at most two decimals."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,,,\n").encode(),
            [
                "marks.csv:2: error: mark: empty. "
                "Fix: give a mark, or flag the row NS (not submitted) or MC."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,\nS1,COMP70076,,1,71,,\n").encode(),
            [
                "marks.csv:3: error: (row): duplicate row (first at line 2). "
                "Fix: give each mark once; a resit is a new attempt."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,2,70,,\n").encode(),
            [
                "marks.csv:2: error: attempt: a resit (attempt 2) without a first attempt. "
                "Fix: give the earlier attempt's mark too, or correct the attempt number."
            ],
        ),
        (
            (
                HEADER + "S1,COMP70076,,1,40,,\nS1,COMP70076,,2,45,,\nS1,COMP70076,,3,45,,\n"
            ).encode(),
            [
                "marks.csv:4: error: attempt: attempt 3 would be sit 3 of S1 at COMP70076; "
                "only 2 sits are allowed. Fix: remove the row, or flag an attempt MC if "
                "mitigating circumstances were upheld."
            ],
        ),
        (
            (HEADER + "S1,COMP70010,,1,70,,\nS1,COMP70028,,1,70,,\n").encode(),
            [
                "marks.csv:3: error: module_code: student S1 takes 2 elective modules "
                "(COMP70010, COMP70028); the selection rule allows 1. "
                "Fix: remove the rows of the modules the student does not take."
            ],
        ),
        (
            (HEADER + "S1,COMP99999,,1,70,,\n").encode(),
            [
                "marks.csv:2: error: module_code: unknown module COMP99999 (not in the "
                "programme specification). Fix: give the code of a module of the specification."
            ],
        ),
        (
            (HEADER + "S1,COMP70101,,1,70,,\n").encode(),
            [
                "marks.csv:2: error: module_code: module COMP70101 is not running in 2025-26. "
                "Fix: give marks only for modules running this year."
            ],
        ),
        (
            (HEADER + "S1,COMP70059,Poster,1,70,,\n").encode(),
            [
                "marks.csv:2: error: component: unknown component Poster of module COMP70059. "
                "Fix: name a component of the module in the specification, or leave it empty "
                "for the whole module's mark."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,Essay,1,70,,\n").encode(),
            [
                "marks.csv:2: error: component: module COMP70076 has no components in the "
                "specification. Fix: leave component empty."
            ],
        ),
        (
            (HEADER + "S1,COMP70059,,1,70,,\nS1,COMP70059,Research thesis,1,70,,\n").encode(),
            [
                "marks.csv:2: error: component: a whole-module mark and component marks in one "
                "attempt. Fix: give either the whole module's mark or its components' marks."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,-2\n").encode(),
            ["marks.csv:2: error: late_hours: -2 is negative. Fix: write 0 or more hours late."],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,,soon\n").encode(),
            [
                "marks.csv:2: error: late_hours: 'soon' is not a number of hours. "
                "Fix: write the hours late, e.g. 3 or 1.5, or leave it empty."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70,XX,\n").encode(),
            [
                "marks.csv:2: error: flag: unknown flag XX. "
                "Fix: write NS (not submitted), MC (mitigating circumstances) or leave it empty."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,first,70,,\n").encode(),
            [
                "marks.csv:2: error: attempt: 'first' is not an attempt. "
                "Fix: write 1 for the first sit, 2 for the resit, and so on."
            ],
        ),
        (
            (HEADER + "S1,COMP70076,,1,70\n").encode(),
            [
                "marks.csv:2: error: (row): expected 7 fields, found 5. "
                "Fix: give every row the header's columns, separated by commas."
            ],
        ),
        (
            (HEADER + ",COMP70076,,1,70,,\n").encode(),
            ["marks.csv:2: error: student_id: empty. Fix: give the student's id."],
        ),
        (
            b"student_id,module_code,mark\nS1,COMP70076,\xff\n",
            ["marks.csv:2: error: (file): not UTF-8 text. Fix: save it as UTF-8."],
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
        "marks.csv:2: error: mark: 101 is above 100. Fix: give a mark from 0 to 100.",
        "marks.csv:4: error: module_code: unknown module COMP99999 (not in the programme "
        "specification). Fix: give the code of a module of the specification.",
        "marks.csv:4: error: mark: a mark (70) with the flag NS (not submitted). "
        "Fix: leave the mark empty for work not submitted, or remove the NS flag.",
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
        "marks.csv:2: error: module_code: student S1 is not registered for COMP70076 in "
        "registrations.csv. Fix: register the student for the module, or remove the row."
    ]


@pytest.mark.parametrize(
    ("registrations", "expected"),
    [
        (
            "student_id,module_code\nS1,COMP70059\nS1,COMP70059\n",
            [
                "registrations.csv:3: error: module_code: duplicate registration "
                "(first at line 2). Fix: give each registration once."
            ],
        ),
        (
            "student_id,module_code\nS1,COMP70010\nS1,COMP70028\n",
            [
                "registrations.csv:3: error: module_code: student S1 takes 2 elective modules "
                "(COMP70010, COMP70028); the selection rule allows 1. "
                "Fix: remove the rows of the modules the student does not take."
            ],
        ),
        (
            "student_id,module_code\nS1,COMP12345\n",
            [
                "registrations.csv:2: error: module_code: unknown module COMP12345 (not in the "
                "programme specification). Fix: give the code of a module of the specification."
            ],
        ),
        (
            "student\nS1\n",
            [
                "registrations.csv:1: error: student: unknown column. "
                "Fix: name each column one of: student_id, module_code.",
                "registrations.csv:1: error: student_id: this required column is missing. "
                "Fix: add it to the header row (student_id, module_code are required).",
                "registrations.csv:1: error: module_code: this required column is missing. "
                "Fix: add it to the header row (student_id, module_code are required).",
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
        "marks.csv:2: error: mark: 99999999999999999 is above 100. Fix: give a mark from 0 to 100.",
        "marks.csv:3: error: mark: 100000000000000000000 is above 100. "
        "Fix: give a mark from 0 to 100.",
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
        f"{path}:1: error: grade: unknown column. Fix: name each column one of: "
        "student_id, module_code, mark, component, attempt, flag, late_hours.",
        f"{path}:1: error: mark: this required column is missing. "
        "Fix: add it to the header row (student_id, module_code, mark are required).",
    ]


# --- hostile input (issue 9): bounds, and every problem on one line ------------------------


def test_a_quoted_field_over_the_csv_limit_is_one_problem_not_a_crash(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + 'S1,COMP70076,,1,"' + "9" * 140_000 + '",,\n'

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: error: (row): a field longer than 131,072 characters. "
        "Fix: check the quotes: a quote left open joins the rows after it into one field."
    ]


def test_an_attempt_beyond_64_bits_is_refused(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + "S1,COMP70076,,99999999999999999999999,70,,\nS1,COMP70059,,100,70,,\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: error: attempt: attempt 99999999999999999999999 is beyond 99. "
        "Fix: write the attempt's number: 1 for the first sit, 2 for the resit, and so on.",
        "marks.csv:3: error: attempt: attempt 100 is beyond 99. "
        "Fix: write the attempt's number: 1 for the first sit, 2 for the resit, and so on.",
    ]


def test_late_hours_beyond_the_bound_are_refused_not_wrapped_to_on_time(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    # 20 digits used to wrap to a negative number of hours, that is, on time
    marks = HEADER + "S1,COMP70076,,1,70,,99999999999999999999\nS1,COMP70059,,1,70,,10000.01\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: error: late_hours: 99999999999999999999 hours is beyond 10000. "
        "Fix: write the hours late, at most 10000 (over a year).",
        "marks.csv:3: error: late_hours: 10000.01 hours is beyond 10000. "
        "Fix: write the hours late, at most 10000 (over a year).",
    ]


def test_late_hours_at_the_bound_are_read_exactly(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.csv"
    path.write_text(HEADER + "S1,COMP70076,,1,70,,10000\n", encoding="utf-8")

    assert load_inputs(spec, parameters, path).marks["late"].to_list() == [1_000_000]


def test_a_mark_with_ns_is_refused(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + "S1,COMP70076,,1,64,NS,\nS1,COMP70059,,1,,ns,\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: error: mark: a mark (64) with the flag NS (not submitted). "
        "Fix: leave the mark empty for work not submitted, or remove the NS flag."
    ]


def test_a_newline_inside_a_field_is_escaped_and_reported_on_the_row_s_first_line(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + 'S1,COMP70076,,1,"6\n0\\",,\n'

    problems = problems_of(tmp_path, spec, parameters, marks.encode())

    assert problems == [
        "marks.csv:2: error: mark: '6\\n0\\\\' is not a mark. "
        "Fix: write a number from 0 to 100 with at most two decimals."
    ]
    assert "\n" not in problems[0]


def test_a_long_value_is_echoed_cut_short(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = HEADER + "S1,COMP70076,,1," + "x" * 50_000 + ",,\n"

    assert problems_of(tmp_path, spec, parameters, marks.encode()) == [
        "marks.csv:2: error: mark: '" + "x" * 40 + "… (50000 characters)' is not a mark. "
        "Fix: write a number from 0 to 100 with at most two decimals."
    ]


def test_a_column_without_a_name_is_named_by_its_place(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    marks = b"student_id,module_code,mark,,\nS1,COMP70076,70,,\n"

    assert problems_of(tmp_path, spec, parameters, marks) == [
        "marks.csv:1: error: column 4 (no name): unknown column. Fix: name each column one of: "
        "student_id, module_code, mark, component, attempt, flag, late_hours.",
        "marks.csv:1: error: column 5 (no name): this column is given twice. "
        "Fix: keep one of the two.",
    ]


def test_a_parquet_column_of_lists_is_refused_by_name(
    tmp_path: Path, spec: Specification, parameters: dict[str, Parameter]
) -> None:
    path = tmp_path / "marks.parquet"
    pl.DataFrame(
        {"student_id": ["S1"], "module_code": ["COMP70059"], "mark": [[70, 71]]}
    ).write_parquet(path)

    with pytest.raises(InputError) as refused:
        load_inputs(spec, parameters, path)

    assert [str(p) for p in refused.value.problems] == [
        f"{path}:1: error: mark: a column of List(Int64) where values are expected. "
        "Fix: save the column as text or numbers."
    ]

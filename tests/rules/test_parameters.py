"""The regulations loader: dated values, and one tiny bad file per failure mode."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from registrar.rules.engine import parameters_for
from registrar.rules.parameters import (
    KINDS,
    ParameterError,
    Status,
    load_regulations,
    programme_parameters,
    regulations_path,
)
from registrar.spec.loading import load_specification

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "regulations"
TAUGHT = ROOT / "regulations" / "imperial" / "taught.yaml"
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"


def messages(name: str) -> list[str]:
    path = FIXTURES / name
    with pytest.raises(ParameterError) as caught:
        load_regulations(path)
    return [str(p) for p in caught.value.problems]


def test_imperial_regulations_give_every_parameter_for_2025_26() -> None:
    values = load_regulations(TAUGHT).for_year("2025-26")

    assert sorted(values) == sorted(KINDS)
    assert values["pass_mark"].value == {
        4: Decimal("40.00"),
        5: Decimal("40.00"),
        6: Decimal("40.00"),
        7: Decimal("50.00"),
    }
    assert values["max_sits"].value == 2
    assert values["compensation_zone"].value == Decimal("10.00")
    assert values["late_capped_up_to_hours"].value == Decimal("24.00")
    assert values["pass_mark"].status == Status.ASSUMED
    assert values["pass_mark"].effective_from == "2023-24"


def test_value_is_the_latest_taking_effect_by_the_cohort_year() -> None:
    regulations = load_regulations(FIXTURES / "valid.yaml")

    assert regulations.parameter("max_sits", "2025-26").value == 2
    assert regulations.parameter("max_sits", "2025-26").effective_from == "2020-21"
    assert regulations.parameter("max_sits", "2026-27").value == 3
    assert regulations.parameter("max_sits", "2030-31").value == 3


def test_cohort_before_every_value_is_refused() -> None:
    regulations = load_regulations(FIXTURES / "valid.yaml")

    with pytest.raises(ParameterError) as caught:
        regulations.parameter("max_sits", "2019-20")

    assert str(caught.value) == (
        f"{FIXTURES / 'valid.yaml'}:7: error: parameters.max_sits: no value takes effect by "
        "2019-20 (the earliest is for 2020-21). Fix: add a value for 2019-20 or earlier."
    )


def test_parameter_missing_from_the_file_is_refused_when_needed() -> None:
    regulations = load_regulations(FIXTURES / "valid.yaml")

    with pytest.raises(ParameterError) as caught:
        regulations.for_year("2025-26")

    assert len(caught.value.problems) == len(KINDS) - 1
    assert str(caught.value.problems[0]) == (
        f"{FIXTURES / 'valid.yaml'}:1: error: parameters.pass_mark: "
        "this parameter is missing; the engine needs a value for it. "
        "Fix: add pass_mark under parameters, with a value for 2025-26 or earlier."
    )


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "unknown_top_key.yaml",
            "5: error: colour: unknown key (expected one of: institution, framework, title, "
            "source, parameters). Fix: remove it or correct its spelling.",
        ),
        (
            "unknown_parameter.yaml",
            "6: error: parameters.max_sitz: unknown parameter (expected one of: "
            + ", ".join(KINDS)
            + "). Fix: remove it or correct its spelling.",
        ),
        (
            "unknown_parameter_key.yaml",
            "11: error: parameters.max_sits.note: unknown key (expected one of: description, "
            "unit, status, reference, values). Fix: remove it or correct its spelling.",
        ),
        (
            "duplicate_key.yaml",
            "13: error: parameters.max_sits.values.2020-21: this key is given twice "
            "(first at line 12). Fix: keep one of the two.",
        ),
        (
            "year_without_value.yaml",
            "13: error: parameters.max_sits.values.2024-25: this year has no value. "
            "Fix: give one or remove the year.",
        ),
        (
            "missing_reference.yaml",
            "6: error: parameters.max_sits.reference: this required key is missing. "
            "Fix: add reference: with a text.",
        ),
        (
            "bad_status.yaml",
            "9: error: parameters.max_sits.status: 'guessed' is not a status. "
            "Fix: write stated (a source says it) or assumed (our reading).",
        ),
        (
            "bad_year.yaml",
            "12: error: parameters.max_sits.values.2020: 2020 is not an academic year. "
            "Fix: write the academic year the value takes effect from, like 2025-26.",
        ),
        (
            "bad_value.yaml",
            "12: error: parameters.borderline_margin.values.2020-21: 1.005 has more than two "
            "decimal places. Fix: use at most two decimal places.",
        ),
        (
            "not_yaml.yaml",
            "3: error: (file): not valid YAML: did not find expected ',' or ']' (while parsing "
            "a flow sequence from line 2). Fix: correct the YAML at this line.",
        ),
    ],
)
def test_bad_file_is_refused_with_its_message(fixture: str, expected: str) -> None:
    assert messages(fixture) == [f"{FIXTURES / fixture}:{expected}"]


def test_error_carries_file_line_and_field() -> None:
    with pytest.raises(ParameterError) as caught:
        load_regulations(FIXTURES / "bad_status.yaml")

    assert caught.value.file == FIXTURES / "bad_status.yaml"
    assert caught.value.line == 9
    assert caught.value.field == "parameters.max_sits.status"


def test_programme_parameters_come_from_the_specification_as_stated() -> None:
    values = programme_parameters(load_specification(MRES))

    assert values["award_credits"].value == 90
    assert values["max_compensated_credits"].value == 15
    assert values["project_module"].value == "COMP70059"
    assert {p.status for p in values.values()} == {Status.STATED}


def test_pass_mark_missing_for_a_level_the_programme_uses_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "taught.yaml"
    path.write_text(
        TAUGHT.read_text(encoding="utf-8").replace(
            "{4: 40.00, 5: 40.00, 6: 40.00, 7: 50.00}", "{6: 40.00}"
        ),
        encoding="utf-8",
    )

    with pytest.raises(ParameterError) as caught:
        parameters_for(load_specification(MRES), load_regulations(path))

    assert str(caught.value) == (
        f"{path}:13: error: parameters.pass_mark: no pass mark for FHEQ level 7 in 2023-24, "
        "which the programme's modules or award are at. "
        "Fix: add a pass mark for level 7 to pass_mark."
    )


# --- a specification names its regulations (issue 8, point 5) -----------------------------


def test_the_specification_names_its_regulations() -> None:
    spec = load_specification(MRES)

    assert spec.regulations == "imperial/taught"
    assert regulations_path(spec) == TAUGHT


def test_regulations_named_by_the_specification_are_found_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "regulations" / "imperial" / "research.yaml"
    named.parent.mkdir(parents=True)
    named.write_text(TAUGHT.read_text(encoding="utf-8"), encoding="utf-8")
    spec = load_specification(MRES).model_copy(update={"regulations": "imperial/research"})
    monkeypatch.chdir(tmp_path)

    assert regulations_path(spec) == tmp_path / "regulations" / "imperial" / "research.yaml"


def test_regulations_the_specification_names_but_nobody_wrote_are_not_found() -> None:
    spec = load_specification(MRES).model_copy(update={"regulations": "imperial/nowhere"})

    assert regulations_path(spec) is None


def test_a_specification_naming_no_regulations_uses_the_institutions_only_framework() -> None:
    spec = load_specification(MRES).model_copy(update={"regulations": None})

    assert regulations_path(spec) == TAUGHT


def test_classify_stops_clearly_when_the_named_regulations_are_missing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from registrar.cli import app

    text = MRES.read_text(encoding="utf-8").replace(
        "regulations: imperial/taught", "regulations: imperial/nowhere"
    )
    programme = tmp_path / "programme.yaml"
    programme.write_text(text, encoding="utf-8")
    marks = tmp_path / "marks.csv"
    marks.write_text("student_id,module_code,mark\nS1,COMP70059,70\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["classify", "--programme", str(programme), str(marks)])

    assert result.exit_code != 0
    assert "no regulations found for imperial/nowhere (regulations/imperial/nowhere.yaml)" in (
        result.output
    )


# --- bounds on every number, and the house form (issue 9, points 4 and 7) -------------------


def one_parameter(tmp_path: Path, name: str, value: str, year: str = "2020-21") -> Path:
    """A regulations file with the one parameter `name`, valued `value` from `year`."""
    path = tmp_path / "regulations.yaml"
    path.write_text(
        "institution: test\nframework: taught\ntitle: Test\nsource: a test\nparameters:\n"
        f"  {name}:\n    description: d\n    unit: u\n    status: assumed\n"
        f"    reference: r\n    values:\n      {year}: {value}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "max_sits",
            "99999999999999999999",
            "99999999999999999999 is out of range. Fix: write a whole number from 1 to 10.",
        ),
        ("max_sits", "0", "0 is out of range. Fix: write a whole number from 1 to 10."),
        ("max_sits", "11", "11 is out of range. Fix: write a whole number from 1 to 10."),
        (
            "max_sits",
            "2.5",
            "not a whole number (got 2.5). Fix: write a whole number from 1 to 10.",
        ),
        (
            "max_sits",
            "true",
            "not a whole number (got True). Fix: write a whole number from 1 to 10.",
        ),
        (
            "non_submission_mark",
            "100.01",
            "100.01 is out of range. "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "non_submission_mark",
            "-0.01",
            "-0.01 is out of range. "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "non_submission_mark",
            "12.345",
            "12.345 has more than two decimal places. Fix: use at most two decimal places.",
        ),
        (
            "non_submission_mark",
            ".inf",
            "not a finite number (got inf). "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "non_submission_mark",
            ".nan",
            "not a finite number (got nan). "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "non_submission_mark",
            "'1e300'",
            "'1e300' is out of range. "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "late_capped_up_to_hours",
            "8760.01",
            "8760.01 is out of range. "
            "Fix: write a number from 0 to 8760 with at most two decimal places.",
        ),
        (
            "compensation_zone",
            "50.01",
            "50.01 is out of range. "
            "Fix: write a number from 0 to 50 with at most two decimal places.",
        ),
        (
            "borderline_margin",
            "10.5",
            "10.5 is out of range. "
            "Fix: write a number from 0 to 10 with at most two decimal places.",
        ),
        (
            "late_beyond_cap",
            "101",
            "101 is out of range. Fix: write zero, or the marks deducted per day late beyond "
            "the window (0 to 100, e.g. 10.00).",
        ),
        (
            "pass_mark",
            "{7: 100.5}",
            "100.5 is out of range. "
            "Fix: write a number from 0 to 100 with at most two decimal places.",
        ),
        (
            "pass_mark",
            "{9: 50}",
            "FHEQ level 9 is not a whole number from 3 to 8. "
            "Fix: key each pass mark by an FHEQ level from 3 to 8.",
        ),
        (
            "rounding",
            "half_down",
            "'half_down' is not one of the choices. "
            "Fix: write one of 'half_up_2dp', 'half_even_2dp'.",
        ),
        (
            "compensation_requires_pass_average",
            "1",
            "not true or false (got 1). Fix: write true or false.",
        ),
    ],
)
def test_every_number_has_a_range_and_every_refusal_a_fix(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    path = one_parameter(tmp_path, name, value)
    with pytest.raises(ParameterError) as caught:
        load_regulations(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:12: error: parameters.{name}.values.2020-21: {message}"
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("max_sits", "1", 1),
        ("max_sits", "10", 10),
        ("non_submission_mark", "0", Decimal("0.00")),
        ("non_submission_mark", "100.00", Decimal("100.00")),
        ("late_capped_up_to_hours", "8760", Decimal("8760.00")),
        ("compensation_zone", "50", Decimal("50.00")),
        ("borderline_margin", "10.00", Decimal("10.00")),
        ("late_beyond_cap", "zero", "zero"),
    ],
)
def test_the_ends_of_each_range_are_accepted(
    tmp_path: Path, name: str, value: str, expected: object
) -> None:
    regulations = load_regulations(one_parameter(tmp_path, name, value))
    assert regulations.parameter(name, "2025-26").value == expected


@pytest.mark.parametrize("year", ["2025-27", "'2025-26\\n'", "1999-01"])
def test_a_year_that_is_not_an_academic_year_is_refused(tmp_path: Path, year: str) -> None:
    path = one_parameter(tmp_path, "max_sits", "2", year=year)
    with pytest.raises(ParameterError) as caught:
        load_regulations(path)
    (problem,) = caught.value.problems
    assert problem.line == 12
    assert str(problem).endswith(
        "is not an academic year. "
        "Fix: write the academic year the value takes effect from, like 2025-26."
    )


def test_a_regulations_problem_is_the_house_problem() -> None:
    from registrar.rules.parameters import ParameterProblem
    from registrar.spec.problems import Problem

    with pytest.raises(ParameterError) as caught:
        load_regulations(FIXTURES / "bad_status.yaml")
    assert ParameterProblem is Problem
    assert all(isinstance(p, Problem) for p in caught.value.problems)
    assert (
        caught.value.problems[0].fix == "write stated (a source says it) or assumed (our reading)"
    )


def test_an_alias_bomb_in_the_regulations_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "regulations.yaml"
    path.write_text(
        "institution: &i test\nframework: *i\ntitle: T\nsource: s\nparameters: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError) as caught:
        load_regulations(path)
    assert str(caught.value) == (
        f"{path}:1: error: (file): aliases are not allowed (&i names a value to repeat). "
        "Fix: remove the &name and write each value out in full where it is used."
    )

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
        f"{FIXTURES / 'valid.yaml'}:7: parameters.max_sits: no value takes effect by 2019-20 "
        "(the earliest is for 2020-21); add a value for 2019-20 or earlier"
    )


def test_parameter_missing_from_the_file_is_refused_when_needed() -> None:
    regulations = load_regulations(FIXTURES / "valid.yaml")

    with pytest.raises(ParameterError) as caught:
        regulations.for_year("2025-26")

    assert len(caught.value.problems) == len(KINDS) - 1
    assert str(caught.value.problems[0]) == (
        f"{FIXTURES / 'valid.yaml'}:1: parameters.pass_mark: "
        "this parameter is missing; the engine needs a value for it"
    )


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "unknown_top_key.yaml",
            "5: colour: unknown key (expected one of: institution, framework, title, source, "
            "parameters)",
        ),
        (
            "unknown_parameter.yaml",
            "6: parameters.max_sitz: unknown parameter (expected one of: " + ", ".join(KINDS) + ")",
        ),
        (
            "unknown_parameter_key.yaml",
            "11: parameters.max_sits.note: unknown key (expected one of: description, unit, "
            "status, reference, values)",
        ),
        (
            "duplicate_key.yaml",
            "13: parameters.max_sits.values.2020-21: this key is given twice "
            "(first at line 12); keep one",
        ),
        (
            "year_without_value.yaml",
            "13: parameters.max_sits.values.2024-25: this year has no value; "
            "give one or remove the year",
        ),
        (
            "missing_reference.yaml",
            "6: parameters.max_sits.reference: this required key is missing",
        ),
        (
            "bad_status.yaml",
            "9: parameters.max_sits.status: must be 'stated' or 'assumed' (got 'guessed')",
        ),
        (
            "bad_year.yaml",
            "12: parameters.max_sits.values.2020: not an academic year; write it like 2025-26",
        ),
        (
            "bad_value.yaml",
            "12: parameters.borderline_margin.values.2020-21: use at most two decimal places "
            "(got 1.005)",
        ),
        (
            "not_yaml.yaml",
            "3: (file): not valid YAML: expected ',' or ']', but got '<stream end>'",
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
        f"{path}:13: parameters.pass_mark: no pass mark for FHEQ level 7 in 2023-24, "
        "which the programme's modules or award are at"
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

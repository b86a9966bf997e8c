"""A cohort under changed parameters: exactly the students whose outcome changes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from registrar.rules.diff import changed_columns, diff_outcomes
from registrar.rules.engine import evaluate
from registrar.rules.inputs import load_inputs
from registrar.rules.parameters import Parameter
from tests.rules.helpers import HEADER, mres, run, student, taught


def with_value(name: str, value: object) -> dict[str, Parameter]:
    parameters = dict(taught())
    parameters[name] = Parameter(**{**parameters[name].__dict__, "value": value})
    return parameters


def test_diff_lists_exactly_the_students_whose_outcome_changes(tmp_path: Path) -> None:
    # zone narrowed to 5 marks (45.00-49.99): A (elective 44) loses compensation,
    # B (elective 46) keeps it, C (all 70) is untouched
    path = tmp_path / "marks.csv"
    path.write_text(
        HEADER
        + student(elective="44", sid="A")
        + student(elective="46", sid="B")
        + student(sid="C"),
        encoding="utf-8",
    )
    marks = load_inputs(mres(), taught(), path).marks
    base = evaluate(mres(), taught(), marks)
    narrower = evaluate(mres(), with_value("compensation_zone", Decimal(5)), marks)

    changes = diff_outcomes(base, narrower)

    assert changes["student_id"].to_list() == ["A"]
    row = changes.row(0, named=True)
    assert changed_columns(row) == [
        "status",
        "award",
        "classification",
        "credits_earned",
        "credits_compensated",
        "referred_modules",
        "dic",
    ]
    assert (row["old_status"], row["new_status"]) == ("awarded", "referred")
    assert (row["old_referred_modules"], row["new_referred_modules"]) == ("", "COMP70010")


def test_no_change_gives_an_empty_diff() -> None:
    base = run(student(sid="A"))

    assert diff_outcomes(base, base).height == 0

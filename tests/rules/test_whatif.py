"""Minimum marks still needed, checked against hand arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from registrar.rules.inputs import load_inputs
from registrar.rules.trace import UnknownStudentError
from registrar.rules.whatif import NOT_REACHABLE, WhatIf, what_if
from tests.rules.helpers import HEADER, mres, taught

CORE = ("COMP70059", "COMP70060", "COMP70061", "COMP70076")


def report(
    tmp_path: Path, marks: str, registrations: str | None = None, student: str = "S1"
) -> WhatIf:
    marks_path = tmp_path / "marks.csv"
    marks_path.write_text(HEADER + marks, encoding="utf-8")
    registrations_path = None
    if registrations is not None:
        registrations_path = tmp_path / "registrations.csv"
        registrations_path.write_text("student_id,module_code\n" + registrations, encoding="utf-8")
    inputs = load_inputs(mres(), taught(), marks_path, registrations_path)
    return what_if(mres(), taught(), inputs.marks, inputs.registrations, student)


# project 62, proposal 55, tutorial 55, ethics 55: 62·60 + 55·10 + 55·10 + 55·5 = 5095.
# With elective e (5 ECTS): POWA = (5095 + 5e)/90, rounded half up to two places.
#   Merit: (509500 + 5·e₁₀₀)/90 ≥ 5999.5 ⟺ 5·e₁₀₀ ≥ 30455 ⟺ e ≥ 60.91
#   Distinction: 5·e₁₀₀ ≥ 120455 ⟺ e ≥ 240.91 → not reachable
#   Pass: e ≥ 40.00 (zone; POWA (509500 + 20000)/90 = 58.83 ≥ 50 → compensated)
MISSING_ELECTIVE = (
    "S1,COMP70059,,1,62,,\nS1,COMP70060,,1,55,,\nS1,COMP70061,,1,55,,\nS1,COMP70076,,1,55,,\n"
)


def test_registered_elective_without_marks(tmp_path: Path) -> None:
    registrations = "".join(f"S1,{c}\n" for c in (*CORE, "COMP70028"))

    got = report(tmp_path, MISSING_ELECTIVE, registrations)

    assert [t.as_dict() for t in got.targets] == [
        {
            "module_code": "COMP70028",
            "kind": "outstanding",
            "attempt": 1,
            "components": [],
            "minimum": {"Distinction": NOT_REACHABLE, "Merit": "60.91", "Pass": "40.00"},
        }
    ]
    assert got.outcome["status"] == "incomplete"


def test_elective_still_to_choose_without_registrations(tmp_path: Path) -> None:
    got = report(tmp_path, MISSING_ELECTIVE)

    assert [(t.module_code, t.kind, t.minimum) for t in got.targets] == [
        (
            "COMP70053",
            "to choose",
            {"Distinction": NOT_REACHABLE, "Merit": "60.91", "Pass": "40.00"},
        )
    ]


def test_resit_is_capped_so_distinction_may_be_out_of_reach(tmp_path: Path) -> None:
    # project 75, proposal 80, tutorial 80, ethics 80, elective 30 (referred; resit capped 50):
    # POWA = (75·60 + 80·25 + 5·min(m, 50))/90 = (6500 + 5·min(m, 50))/90
    #   m = 40.00: 6700/90 = 74.44 → Distinction; below 40 no credit at the last sit → failed
    marks = (
        "S1,COMP70059,,1,75,,\nS1,COMP70060,,1,80,,\nS1,COMP70061,,1,80,,\n"
        "S1,COMP70076,,1,80,,\nS1,COMP70010,,1,30,,\n"
    )

    got = report(tmp_path, marks)

    assert [(t.module_code, t.kind, t.attempt, t.minimum) for t in got.targets] == [
        ("COMP70010", "resit", 2, {"Distinction": "40.00", "Merit": "40.00", "Pass": "40.00"})
    ]


def test_core_resit_needs_the_pass_mark(tmp_path: Path) -> None:
    # core proposal 30 → resit; core is never compensated → 50.00 for every band reached:
    # POWA with 50: (70·60 + 50·10 + 70·20)/90 = 6100/90 = 67.78 → Merit at best
    marks = (
        "S1,COMP70059,,1,70,,\nS1,COMP70060,,1,30,,\nS1,COMP70061,,1,70,,\n"
        "S1,COMP70076,,1,70,,\nS1,COMP70010,,1,70,,\n"
    )

    got = report(tmp_path, marks)

    assert got.targets[0].minimum == {
        "Distinction": NOT_REACHABLE,
        "Merit": "50.00",
        "Pass": "50.00",
    }


def test_missing_components_are_asked_for_alone(tmp_path: Path) -> None:
    # project: Background report 70 (20%), Research thesis 70 (50%), oral o missing (30%);
    # in hundredths the mark is round_half_up(4900 + 0.3·o); all else 70.
    # The project must reach the band too (and pass: it is core):
    #   Distinction: 4900 + 0.3·o ≥ 6999.5 ⟺ o ≥ 6998.33… → 69.99
    #   Merit:       4900 + 0.3·o ≥ 5999.5 ⟺ o ≥ 3665      → 36.65
    #   Pass:        4900 + 0.3·o ≥ 4999.5 ⟺ o ≥ 331.66…   → 3.32
    marks = (
        "S1,COMP70059,Background report,1,70,,\nS1,COMP70059,Research thesis,1,70,,\n"
        "S1,COMP70060,,1,70,,\nS1,COMP70061,,1,70,,\nS1,COMP70076,,1,70,,\n"
        "S1,COMP70010,,1,70,,\n"
    )

    got = report(tmp_path, marks)

    assert [(t.module_code, t.components, t.minimum) for t in got.targets] == [
        (
            "COMP70059",
            ["Oral presentation"],
            {"Distinction": "69.99", "Merit": "36.65", "Pass": "3.32"},
        )
    ]


def test_nothing_outstanding_for_an_awarded_student(tmp_path: Path) -> None:
    marks = "".join(f"S1,{c},,1,70,,\n" for c in (*CORE, "COMP70010"))

    got = report(tmp_path, marks)

    assert got.targets == []
    assert "No module is outstanding or open to a resit." in got.render()


def test_unknown_student_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownStudentError):
        report(tmp_path, MISSING_ELECTIVE, student="S9")


def test_with_two_resits_each_minimum_assumes_the_other_at_its_best(tmp_path: Path) -> None:
    # project 72, proposal 35 (core, resit), tutorial 75, ethics 30 (resit), elective 80.
    # Resits count at most 50.00. Proposal: core, so 50.00 at least; with ethics at its
    # best (50): (72·60 + 50·10 + 75·10 + 50·5 + 80·5)/90 = 6220/90 = 69.11 → Merit at best.
    # Ethics: 40.00 enters the zone; with the proposal at 50:
    # (4320 + 500 + 750 + 200 + 400)/90 = 6170/90 = 68.56 ≥ 50 → compensated → Merit.
    marks = (
        "S1,COMP70059,,1,72,,\nS1,COMP70060,,1,35,,\nS1,COMP70061,,1,75,,\n"
        "S1,COMP70076,,1,30,,\nS1,COMP70010,,1,80,,\n"
    )

    got = report(tmp_path, marks)

    assert [(t.module_code, t.minimum) for t in got.targets] == [
        ("COMP70060", {"Distinction": NOT_REACHABLE, "Merit": "50.00", "Pass": "50.00"}),
        ("COMP70076", {"Distinction": NOT_REACHABLE, "Merit": "40.00", "Pass": "40.00"}),
    ]

"""Every demo profile gives, through the real engine, the outcome it claims to show."""

from __future__ import annotations

import pytest

from registrar.demo.marks import DEAL, PROFILES, marks_text, profile_for
from registrar.rules.engine import evaluate, parameters_for
from registrar.rules.inputs import load_inputs
from registrar.rules.parameters import load_regulations
from registrar.spec.loading import load_specification
from tests.conftest import MRES, ROOT

ELECTIVE = "COMP70010"


def classify(tmp_path, rows):
    spec = load_specification(MRES)
    parameters = parameters_for(
        spec, load_regulations(ROOT / "regulations" / "imperial" / "taught.yaml")
    )
    marks = tmp_path / "marks.csv"
    marks.write_text(marks_text(rows), encoding="utf-8")
    registrations = tmp_path / "registrations.csv"
    codes = ["COMP70059", "COMP70060", "COMP70061", "COMP70076", ELECTIVE]
    registrations.write_text(
        "student_id,module_code\n" + "".join(f"S1,{c}\n" for c in codes), encoding="utf-8"
    )
    inputs = load_inputs(spec, parameters, marks, registrations)
    return evaluate(spec, parameters, inputs.marks, inputs.registrations).results.row(0, named=True)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_profile_gives_the_outcome_it_names(tmp_path, name):
    profile = PROFILES[name]

    result = classify(tmp_path, [("S1", r) for r in profile.rows(ELECTIVE)])

    assert (result["status"], result["classification"]) == (
        profile.status,
        profile.classification,
    )


@pytest.mark.parametrize("name", sorted(n for n, p in PROFILES.items() if p.resits))
def test_profile_resits_bring_the_student_to_an_award(tmp_path, name):
    profile = PROFILES[name]
    rows = [*profile.rows(ELECTIVE), *profile.resit_rows(ELECTIVE)]

    result = classify(tmp_path, [("S1", r) for r in rows])

    assert result["status"] == "awarded"


def test_the_flags_the_board_sees_are_on_the_profiles_that_show_them(tmp_path):
    flags = {
        name: classify(tmp_path, [("S1", r) for r in PROFILES[name].rows(ELECTIVE)])["flags"]
        for name in ("borderline", "compensated", "merit")
    }

    assert flags == {"borderline": "borderline", "compensated": "", "merit": ""}


def test_the_deal_starts_with_the_demo_student_and_covers_every_profile():
    assert (profile_for(0).name, set(DEAL)) == ("compensated", set(PROFILES))

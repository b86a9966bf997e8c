"""Each check has one small invalid fixture; each test asserts its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from registrar.spec.checks import assessed_mix
from registrar.spec.loading import load_specification, read_specification
from registrar.spec.yamlsource import SourceError
from tests.conftest import MRES

FIXTURES = Path(__file__).parent / "fixtures"

EXPECTED: dict[str, list[str]] = {
    "duplicate_course_code": [
        "82: error: award.required_courses[1].code: course code GS-RI is required twice "
        "(also award.required_courses[0]). "
        "Fix: give every required course its own code, or remove the repeated entry."
    ],
    "duplicate_module_code": [
        "73: error: modules[4].code: module code XE001 is used twice (also modules[2]). "
        "Fix: give every module its own code, or remove the repeated entry."
    ],
    "cats_mismatch": [
        "13: error: programme.credits.cats: 30 ECTS is 60 CATS at 2 CATS per ECTS, not 62. "
        "Fix: set cats to 60, or correct ects."
    ],
    "mix_not_100": [
        "45: error: assessment.mix: the assessment mix adds up to 95%, not 100%. "
        "Fix: correct the percentages so that they add up to 100."
    ],
    "component_weights": [
        "67: error: modules[0].components: the components of XP001 weigh 95% in all, not 100%. "
        "Fix: correct the weights so that they add up to 100."
    ],
    "workload_annual_hours": [
        "39: error: workload.annual_hours: 30 ECTS at 25 hours each is 750 hours a year, "
        "not 700. Fix: set annual_hours to 750.",
        "56: error: stages[0].selection: a selection the rules allow takes 750 hours, not the "
        "year's 700. Fix: correct the workload hours per module size or the module credits.",
    ],
    "workload_module_size": [
        "41: error: workload.module_sizes[0]: a 5 ECTS module should take 125 hours, but "
        "30 contact + 97 independent = 127. Fix: correct contact_hours or independent_hours.",
        "56: error: stages[0].selection: a selection the rules allow takes 754 hours, not the "
        "year's 750. Fix: correct the workload hours per module size or the module credits.",
    ],
    "workload_project": [
        "42: error: workload.project: the 20 ECTS project should take 500 hours, but "
        "100 contact + 300 independent = 400. Fix: correct contact_hours or independent_hours.",
        "56: error: stages[0].selection: a selection the rules allow takes 650 hours, not the "
        "year's 750. Fix: correct the workload hours per module size or the module credits.",
    ],
    "workload_size_missing": [
        "56: error: stages[0].selection: a selection the rules allow adds up to 35 ECTS, not "
        "the programme's 30. Fix: make every permitted choice of modules total the "
        "programme's credits.",
        "73: error: modules[4].ects: no workload is given for a module of 10 ECTS (XE003). "
        "Fix: add a 10 ECTS entry to workload.module_sizes.",
    ],
    "selection_unsatisfiable": [
        "59: error: stages[0].selection[2].choose: the rule asks for 3 elective modules but only "
        "2 run in 2025-26. Fix: lower choose, or add or reinstate modules for that year."
    ],
    "selection_total": [
        "56: error: stages[0].selection: a selection the rules allow takes 875 hours, not the "
        "year's 750. Fix: correct the workload hours per module size or the module credits.",
        "56: error: stages[0].selection: a selection the rules allow adds up to 35 ECTS, not "
        "the programme's 30. Fix: make every permitted choice of modules total the "
        "programme's credits.",
    ],
    "bands_order": [
        "82: error: award.bands[1].min_mark: band Merit starts at 75, not below Distinction "
        "(70). Fix: list bands from highest to lowest with strictly falling min_mark."
    ],
    "band_out_of_range": [
        "81: error: award.bands[0].min_mark: input should be less than or equal to 100 "
        "(got 120). Fix: use a smaller value."
    ],
    "project_not_core": [
        "84: error: award.project_module: the designated project module XC001 is compulsory, "
        "not core. Fix: designate a core module, or make this module core."
    ],
    "project_missing": [
        "84: error: award.project_module: the designated project module XZ999 is not among "
        "the modules. Fix: name the code of a module listed under modules."
    ],
    "award_limits": [
        "79: error: award.max_compensated_credits: max_compensated_credits is 40 credits, more "
        "than the 30 the award needs. Fix: set max_compensated_credits to at most 30."
    ],
    "unknown_term": [
        "71: error: modules[2].term: XE001 has term 'Winter'; terms are Autumn, Spring, Summer. "
        "Fix: use one term, or a span 'First-Last' of two known terms."
    ],
    "backwards_term": [
        "64: error: modules[0].term: XP001 has term 'Summer-Autumn', which runs backwards. "
        "Fix: write the span from the earlier term to the later one."
    ],
    "unknown_key": [
        "66: error: modules[0].credit: this field is not part of a specification. "
        "Fix: remove this field or correct its spelling."
    ],
    "duplicate_key": [
        "6: error: programme.title: this field is given twice (first at line 5). "
        "Fix: keep one of the two."
    ],
    "missing_field": [
        "4: error: programme.code: this required field is missing. Fix: add this field."
    ],
    "outcomes_numbering": [
        "31: error: learning_outcomes[1].number: learning outcome 2 is numbered 3. "
        "Fix: number the learning outcomes 1, 2, 3, ... in order (this one 2)."
    ],
    "bad_category": [
        "70: error: modules[1].category: input should be 'core', 'compulsory' or 'elective' "
        "(got 'optional'). Fix: use one of the allowed values."
    ],
}


def test_every_invalid_fixture_has_an_expected_message() -> None:
    names = {p.stem for p in (FIXTURES / "invalid").glob("*.yaml")}
    assert names - {"not_yaml", "not_mapping"} == set(EXPECTED)


def test_minimal_fixture_is_valid_without_warnings() -> None:
    result = read_specification(FIXTURES / "minimal.yaml")
    assert result.problems == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_reports_exact_problems(name: str) -> None:
    path = FIXTURES / "invalid" / f"{name}.yaml"
    result = read_specification(path)
    assert [str(p) for p in result.problems] == [f"{path}:{line}" for line in EXPECTED[name]]


def test_all_problems_of_a_file_are_reported_in_one_run(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text()
    text = text.replace("cats: 60}", "cats: 61}").replace("written: 75}", "written: 74}")
    text = text.replace("project_module: XP001", "project_module: XC001")
    path = tmp_path / "many.yaml"
    path.write_text(text)
    fields = [".".join(map(str, p.path)) for p in read_specification(path).errors]
    assert fields == ["programme.credits.cats", "assessment.mix", "award.project_module"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "not_yaml",
            "not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence from line 2)",
        ),
        ("not_mapping", "expected a YAML mapping of fields at the top level"),
    ],
)
def test_unreadable_fixture_raises_source_error(name: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        read_specification(FIXTURES / "invalid" / f"{name}.yaml")
    assert caught.value.message == message


def test_mix_far_from_components_is_a_warning_only() -> None:
    path = FIXTURES / "warning" / "mix_far_from_components.yaml"
    result = read_specification(path)
    assert result.errors == []
    assert [str(p) for p in result.warnings] == [
        f"{path}:45: warning: assessment.mix: the modules' components give coursework 25.00%, "
        "written 75.00%, against the published coursework 75%, written 25%: 50.00 points of "
        "assessment differ. Fix: check the component types and weights, or the published mix."
    ]


def test_mres_components_mix_is_measured_against_the_published_mix() -> None:
    mres = load_specification(MRES)
    assert {k: str(v) for k, v in assessed_mix(mres).items()} == {
        "coursework": "15.56",
        "written": "50.00",
        "oral": "23.33",
        "whole module": "11.11",
    }
    (warning,) = read_specification(MRES).warnings
    assert warning.message.endswith("24.44 points of assessment differ")

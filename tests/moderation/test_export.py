"""One module's moderation as data and CSV (the cohort of tests/moderation/conftest.py)."""

from __future__ import annotations

from registrar.moderation.export import Context, module_csv, module_data

NAMES = {"S01": ("Ada", "Lovelace")}


def context(with_other_modules: bool) -> Context:
    return Context(7, "G5ZB 2025-26", NAMES, with_other_modules)


def test_core_module_data_has_no_zone(cohort):
    data = module_data(cohort.module("COMP70060"), cohort, context(False))

    assert (data["zone_low"], data["zone_high"], data["in_zone"], data["failed"]) == (
        None,
        None,
        None,
        2,
    )


def test_students_without_the_comparison_have_only_the_modules_own_marks(cohort):
    data = module_data(cohort.module("COMP70076"), cohort, context(False))

    assert data["students"][0] == {
        "student_id": "S01",
        "family_name": "Lovelace",
        "given_name": "Ada",
        "first_attempt_mark": "72.00",
        "state": "marked",
        "effects": [],
        "attempts": 1,
        "standing_mark": "72.00",
        "result": "passed",
    }


def test_csv_writes_absent_values_empty_and_effects_joined(cohort):
    text = module_csv(cohort.module("COMP70076"), cohort, context(True))
    statistics, students = text.split("\n\n")

    assert [line for line in statistics.splitlines() if line.startswith("in_zone")] == ["in_zone,1"]
    assert students.splitlines()[1:4] == [
        "S01,Lovelace,Ada,72.00,marked,,1,72.00,passed,61.00,2,11.00",
        "S02,,,45.50,marked,,2,50.00,passed,55.00,1,-9.50",
        "S03,,,0.00,marked,not_submitted,1,0.00,failed,38.00,1,-38.00",
    ]
    assert students.splitlines()[4:] == [
        "S04,,,,set aside,,2,61.00,passed,70.00,1,",
        "S05,,,,no marks,,0,,missing,49.00,1,",
        "S06,,,50.00,marked,late_capped,1,50.00,passed,81.00,1,-31.00",
        "S07,,,39.99,marked,,1,39.99,failed,,0,",
    ]


def test_core_module_csv_leaves_the_zone_empty(cohort):
    statistics = module_csv(cohort.module("COMP70060"), cohort, context(False)).split("\n\n")[0]

    assert [line for line in statistics.splitlines() if line.startswith(("zone_", "in_zone"))] == [
        "zone_low,",
        "zone_high,",
        "in_zone,",
    ]

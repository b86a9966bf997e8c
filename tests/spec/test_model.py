"""The MRes specification file holds every fact of the seed document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from registrar.spec.loading import load_specification
from registrar.spec.model import AssessmentType, Category, Specification
from tests.conftest import MRES


@pytest.fixture(scope="module")
def mres() -> Specification:
    return load_specification(MRES)


def codes(spec: Specification, category: Category) -> list[str]:
    return [m.code for m in spec.modules if m.category == category]


def test_mres_has_three_core_one_compulsory_and_23_electives(mres: Specification) -> None:
    assert codes(mres, Category.CORE) == ["COMP70059", "COMP70060", "COMP70061"]
    assert codes(mres, Category.COMPULSORY) == ["COMP70076"]
    assert len(codes(mres, Category.ELECTIVE)) == 23


def test_mres_credits_are_90_ects_180_cats(mres: Specification) -> None:
    assert (mres.programme.credits.ects, mres.programme.credits.cats) == (90, 180)
    assert sum(m.ects for m in mres.modules if m.category != Category.ELECTIVE) == 85


def test_mres_workload_is_2250_hours(mres: Specification) -> None:
    work = mres.workload
    assert (work.hours_per_ects, work.annual_hours) == (25, 2250)
    sizes = {s.ects: (s.contact_hours, s.independent_hours) for s in work.module_sizes}
    assert sizes == {5: (28, 97), 10: (50, 200)}
    assert work.project is not None
    assert (work.project.module, work.project.contact_hours) == ("COMP70059", 100)
    assert work.project.independent_hours == 1400


def test_comp70101_is_the_only_module_not_running_in_2025_26(mres: Specification) -> None:
    assert [m.code for m in mres.modules if not m.runs_in("2025-26")] == ["COMP70101"]
    assert len(mres.running_modules()) == 26


def test_mres_assessment_mix(mres: Specification) -> None:
    assert mres.assessment.mix == {
        AssessmentType.COURSEWORK: Decimal(20),
        AssessmentType.PRACTICAL: Decimal(15),
        AssessmentType.EXAM: Decimal(5),
        AssessmentType.ORAL: Decimal(20),
        AssessmentType.WRITTEN: Decimal(40),
    }


def test_mres_bands_and_award_rules(mres: Specification) -> None:
    award = mres.award
    assert [(b.name, b.min_mark) for b in award.bands] == [
        ("Distinction", Decimal("70.00")),
        ("Merit", Decimal("60.00")),
        ("Pass", Decimal("50.00")),
    ]
    assert (award.name, award.min_credits, award.min_level) == ("MRes", 90, 7)
    assert (award.max_credits_below_min_level, award.max_compensated_credits) == (15, 15)
    assert award.project_module == "COMP70059"
    assert award.exit_awards == []
    assert mres.ownership.associateship == "Diploma of Imperial College (DIC)"


def test_mres_programme_information(mres: Specification) -> None:
    p = mres.programme
    assert (p.title, p.code, p.hecos_code, p.award) == (
        "MRes AI and Machine Learning",
        "G5ZB",
        "100359",
        "MRes",
    )
    assert (p.length_months, p.mode_of_study, p.entry_points) == (
        12,
        "Full-Time",
        ["Annually in October"],
    )
    assert (mres.external_reference.fheq_level, mres.external_reference.ehea_level) == (
        7,
        "2nd Cycle",
    )
    assert mres.details.programme_lead == "Dr Yingzhen Li"
    assert (mres.details.cohort, mres.details.introduced, mres.details.revised) == (
        "2025-26",
        "2021-10",
        "2025-01",
    )


def test_mres_entry_requirements(mres: Specification) -> None:
    entry = mres.entry_requirements
    assert (entry.english.test, entry.english.overall, entry.english.minimum_per_element) == (
        "IELTS",
        Decimal("6.5"),
        Decimal("6.0"),
    )
    assert entry.admissions_test.documents == [
        "References",
        "CV",
        "Transcripts",
        "Personal statement",
    ]
    assert entry.admissions_test.research_statement is not None
    assert entry.admissions_test.research_statement.max_pages == 1


def test_mres_has_ten_numbered_learning_outcomes(mres: Specification) -> None:
    assert [o.number for o in mres.learning_outcomes] == list(range(1, 11))


def test_mres_selection_is_all_core_and_compulsory_plus_one_elective(
    mres: Specification,
) -> None:
    (stage,) = mres.stages
    assert [(r.category, r.choose) for r in stage.selection] == [
        (Category.CORE, "all"),
        (Category.COMPULSORY, "all"),
        (Category.ELECTIVE, 1),
    ]


def test_project_spans_autumn_to_summer(mres: Specification) -> None:
    project = mres.module("COMP70059")
    assert project is not None
    assert mres.term_span(project.term) == ["Autumn", "Spring", "Summer"]
    assert mres.term_span("Spring") == ["Spring"]


def test_core_modules_have_components_weighing_100(mres: Specification) -> None:
    for code in ("COMP70059", "COMP70060", "COMP70061"):
        module = mres.module(code)
        assert module is not None
        assert sum(c.weight for c in module.components) == 100
    tutorial = mres.module("COMP70061")
    assert tutorial is not None
    assert [c.name for c in tutorial.components] == [
        "Paper discussion",
        "Presentation slides",
        "Summary report",
    ]


def test_specification_is_frozen(mres: Specification) -> None:
    with pytest.raises(ValueError, match="frozen"):
        mres.programme.title = "Other"  # type: ignore[misc]


def test_category_definitions_come_from_the_spec_footnote(mres: Specification) -> None:
    assert set(mres.category_definitions) == set(Category)
    assert mres.category_definitions[Category.CORE].endswith(
        "Core modules must therefore be taken and passed in order to achieve that named award."
    )
    assert mres.category_definitions[Category.ELECTIVE].endswith(
        "Elective modules can be compensated."
    )


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "cats_per_ects: 2",
            "cats_per_ects: 99999999999999999999",
            "14: error: programme.cats_per_ects: input should be less than or equal to 10 "
            "(got 99999999999999999999). Fix: use a smaller value.",
        ),
        (
            "overall: 6.5,",
            "overall: 6.55,",
            "34: error: entry_requirements.english.overall: decimal input should have no more "
            "than 1 decimal place (got 6.55). Fix: use no more decimal places than that.",
        ),
    ],
)
def test_every_number_in_a_specification_has_a_range(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    # issue 9: a file could hold 99999999999999999999 where a small number belongs
    from registrar.spec.loading import read_specification

    text = (Path(__file__).parent / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "spec.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert [str(p) for p in read_specification(path).errors] == [f"{path}:{expected}"]

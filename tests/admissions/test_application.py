"""Reading an application file: every way it cannot be read is one line in the house form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from registrar.admissions.application import ApplicationError, DegreeClass, read_application
from registrar.admissions.english import EnglishTests, load_english_tests
from tests.conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "admissions" / "application.yaml"


@pytest.fixture(scope="module")
def tests() -> EnglishTests:
    return load_english_tests(ROOT / "regulations" / "imperial" / "admissions" / "english.yaml")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "application.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path, tests: EnglishTests | None = None) -> list[str]:
    with pytest.raises(ApplicationError) as caught:
        read_application(path, tests)
    return [str(p) for p in caught.value.problems]


def test_the_documented_example_is_read_with_its_documents(tests) -> None:
    read = read_application(EXAMPLE, tests)

    assert read.application.degree.classification == DegreeClass.FIRST
    assert read.application.english is not None
    assert read.application.english.elements == {
        "listening": Decimal("7.5"),
        "reading": Decimal("7.0"),
        "writing": Decimal("6.5"),
        "speaking": Decimal("7.0"),
    }
    documents = read.documents()
    assert {key: [d.given for d in files] for key, files in documents.items()} == {
        "research_statement": ["research-statement.pdf"],
        "cv": ["cv.pdf"],
        "transcripts": ["transcript.pdf"],
        "personal_statement": ["personal-statement.pdf"],
        "references": ["reference-1.pdf", "reference-2.pdf"],
    }
    assert all(d.content is not None and d.content.startswith(b"%PDF-") for d in documents["cv"])


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"

    assert problems(path) == [
        f"{path}:1: error: (file): the file does not exist. Fix: give the application's YAML file."
    ]


def test_not_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, "degree: [first\n")

    assert problems(path) == [
        f"{path}:2: error: (file): not valid YAML: did not find expected ',' or ']' (while "
        "parsing a flow sequence from line 1). Fix: correct the YAML at this line."
    ]


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- first\n- Computer Science\n")

    assert problems(path) == [
        f"{path}:1: error: (file): expected a YAML mapping of fields at the top level. "
        "Fix: write the file as `field: value` lines."
    ]


def test_no_degree(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Ada\n")

    assert problems(path) == [
        f"{path}:1: error: degree: this required field is missing. Fix: add this field."
    ]


def test_a_score_that_is_not_a_number(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "degree: {classification: first, discipline: maths}\n"
        "english:\n  test: IELTS\n  overall: seven\n",
    )

    assert problems(path) == [
        f"{path}:4: error: english.overall: input should be a valid decimal (got 'seven'). "
        "Fix: write a number."
    ]


def test_documents_that_are_not_paths(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "degree: {classification: first, discipline: maths}\ndocuments:\n  cv: {file: cv.pdf}\n",
    )

    assert problems(path) == [
        f"{path}:3: error: documents.cv: input should be a valid list. Fix: write a list."
    ]


def test_an_international_degree_without_its_country_and_description(tmp_path: Path) -> None:
    path = write(tmp_path, "degree:\n  classification: international\n  discipline: maths\n")

    assert problems(path) == [
        f"{path}:1: error: degree.country: an international degree needs its country. "
        "Fix: add country: to degree (e.g. country: India).",
        f"{path}:1: error: degree.description: an international degree needs its description. "
        "Fix: add description: to degree (e.g. description: BTech, 8.9/10).",
    ]


def test_an_element_the_test_does_not_have(tmp_path: Path, tests) -> None:
    path = write(
        tmp_path,
        "degree: {classification: first, discipline: maths}\n"
        "english:\n  test: IELTS\n  overall: 7\n  writting: 7\n",
    )

    assert problems(path, tests) == [
        f"{path}:5: error: english.writting: IELTS has no element 'writting' (its elements: "
        "listening, reading, writing, speaking). "
        "Fix: give the score of each element under its name, or correct the spelling."
    ]


def test_scores_above_the_tests_highest(tmp_path: Path, tests) -> None:
    path = write(
        tmp_path,
        "degree: {classification: first, discipline: maths}\n"
        "english: {test: TOEFL iBT, overall: 121, reading: 31}\n",
    )

    assert problems(path, tests) == [
        f"{path}:2: error: english.overall: 121 is above the highest TOEFL iBT score (120). "
        "Fix: give the overall score from 0 to 120.",
        f"{path}:2: error: english.reading: 31 is above the highest TOEFL iBT reading score "
        "(30). Fix: give the score from 0 to 30.",
    ]


def test_fields_the_check_does_not_read_are_allowed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "name: Ada\nreferees: [A, B]\n"
        "degree: {classification: first, discipline: maths, institution: Exampleton}\n",
    )

    assert read_application(path).application.degree.discipline == "maths"

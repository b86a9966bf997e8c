"""Each entry requirement met, not met or needing judgement, citing the specification."""

from __future__ import annotations

from typing import Any

import pytest

from registrar.admissions.application import Application
from registrar.admissions.documents import Document
from registrar.admissions.english import EnglishTests, load_english_tests
from registrar.admissions.requirements import (
    Requirement,
    Result,
    check_application,
    overall,
)
from registrar.spec.loading import load_specification
from registrar.spec.model import Specification
from tests.admissions.pdfs import make_pdf
from tests.conftest import MRES, ROOT

MET, NOT_MET, JUDGED = Result.MET, Result.NOT_MET, Result.JUDGEMENT
CLASS_QUOTE = '"normally have a 1st UK Honours degree or international equivalent degree"'
DISCIPLINES_QUOTE = (
    '"in a relevant scientific or technical discipline, such as computer science, relevant '
    'engineering courses, mathematics, statistics and physics"'
)
CONSIDERED_QUOTE = (
    '"Students with other natural science degrees (e.g. life sciences, chemistry, earth '
    "sciences) who also have strong mathematical or computing grounding - which must include "
    "programming skills and some knowledge of AI basics - may also be considered for relevant "
    'projects."'
)
ENGLISH_QUOTE = '"Standard requirement IELTS score of 6.5 overall (minimum 6.0 in all elements)"'
SUBMISSIONS = (
    '"Applicants submit: References, CV, Transcripts, Personal statement, and a research '
    'statement."'
)
IELTS_7 = {"test": "IELTS", "overall": 7.0, "listening": 7.5, "reading": 7.0, "writing": 6.5,
           "speaking": 7.0}  # fmt: skip


@pytest.fixture(scope="module")
def spec() -> Specification:
    return load_specification(MRES)


@pytest.fixture(scope="module")
def tests() -> EnglishTests:
    return load_english_tests(ROOT / "regulations" / "imperial" / "admissions" / "english.yaml")


def pdf(name: str, *pages: str) -> list[Document]:
    return [Document(name, make_pdf(list(pages) or ["A document"]))]


def every_document() -> dict[str, list[Document]]:
    return {
        "research_statement": pdf("statement.pdf", "My project", "References\n[1] A paper"),
        "cv": pdf("cv.pdf"),
        "transcripts": pdf("transcript.pdf"),
        "personal_statement": pdf("personal.pdf"),
        "references": pdf("ref-1.pdf") + pdf("ref-2.pdf"),
    }


def check(
    spec: Specification,
    tests: EnglishTests | None,
    degree: dict[str, Any] | None = None,
    english: dict[str, Any] | None = IELTS_7,
    documents: dict[str, list[Document]] | None = None,
) -> dict[str, tuple[Result, str]]:
    data: dict[str, Any] = {
        "degree": degree or {"classification": "first", "discipline": "Computer Science"}
    }
    if english is not None:
        data["english"] = english
    application = Application.model_validate(data)
    found = check_application(
        spec, application, every_document() if documents is None else documents, tests
    )
    return {r.name: (r.result, r.reason) for r in found}


def test_a_complete_first_class_application_meets_every_requirement(spec, tests) -> None:
    found = check(spec, tests)

    assert found == {
        "degree classification": (
            MET,
            f"a first-class (1st) degree: the specification asks for {CLASS_QUOTE}",
        ),
        "degree discipline": (
            MET,
            f"'Computer Science' is computer science: the specification asks for a degree "
            f"{DISCIPLINES_QUOTE}",
        ),
        "English language": (
            MET,
            f"IELTS 7.0 overall, at least 6.5 in every element: the specification asks for "
            f"{ENGLISH_QUOTE}",
        ),
        "research statement": (
            MET,
            "statement.pdf has 1 page (of 2 in all: references from page 2 not counted): the "
            'specification allows "1 page maximum, excluding references"',
        ),
        "references": (
            MET,
            f"ref-1.pdf, ref-2.pdf: a PDF, as the specification asks for it ({SUBMISSIONS})",
        ),
        "CV": (MET, f"cv.pdf: a PDF, as the specification asks for it ({SUBMISSIONS})"),
        "transcripts": (
            MET,
            f"transcript.pdf: a PDF, as the specification asks for it ({SUBMISSIONS})",
        ),
        "personal statement": (
            MET,
            f"personal.pdf: a PDF, as the specification asks for it ({SUBMISSIONS})",
        ),
    }


@pytest.mark.parametrize(
    ("classification", "result", "reason"),
    [
        (
            "upper-second",
            JUDGED,
            "an upper second-class (2:1) degree is below the first-class (1st) degree the "
            f"specification normally asks for ({CLASS_QUOTE}): an exception is the admissions "
            "tutor's judgement",
        ),
        (
            "lower-second",
            NOT_MET,
            "a lower second-class (2:2) degree is below what the specification asks for: "
            f"{CLASS_QUOTE}",
        ),
        (
            "third",
            NOT_MET,
            f"a third-class (3rd) degree is below what the specification asks for: {CLASS_QUOTE}",
        ),
    ],
)
def test_a_class_below_a_first(spec, tests, classification, result, reason) -> None:
    degree = {"classification": classification, "discipline": "Mathematics"}

    assert check(spec, tests, degree)["degree classification"] == (result, reason)


def test_an_international_degrees_equivalence_needs_judgement(spec, tests) -> None:
    degree = {
        "classification": "international",
        "country": "India",
        "description": "BTech, CGPA 8.9/10",
        "discipline": "computer science",
    }

    assert check(spec, tests, degree)["degree classification"] == (
        JUDGED,
        "whether BTech, CGPA 8.9/10 (India) is equivalent to a UK first-class (1st) degree is "
        f"the admissions tutor's judgement: the specification asks for {CLASS_QUOTE}",
    )


@pytest.mark.parametrize(
    ("discipline", "result", "reason"),
    [
        ("PHYSICS", MET, "'PHYSICS' is physics"),
        ("Mathematics & Statistics", MET, "'Mathematics & Statistics' is mathematics"),
        ("Software Engineering", MET, "'Software Engineering' is computer science"),
        (
            "Engineering",
            JUDGED,
            "'Engineering' counts as relevant engineering if the admissions tutor judges it so",
        ),
        (
            "Electrical Engineering",
            JUDGED,
            "'Electrical Engineering' names engineering but is not itself an accepted "
            "discipline; whether it is relevant engineering is the admissions tutor's judgement",
        ),
        (
            "Theoretical Physics",
            JUDGED,
            "'Theoretical Physics' names physics but is not itself an accepted discipline; "
            "whether it is physics is the admissions tutor's judgement",
        ),
    ],
)
def test_accepted_disciplines(spec, tests, discipline, result, reason) -> None:
    degree = {"classification": "first", "discipline": discipline}

    assert check(spec, tests, degree)["degree discipline"] == (
        result,
        f"{reason}: the specification asks for a degree {DISCIPLINES_QUOTE}",
    )


def test_another_natural_science_may_be_considered(spec, tests) -> None:
    degree = {"classification": "first", "discipline": "Chemistry"}

    assert check(spec, tests, degree)["degree discipline"] == (
        JUDGED,
        "'Chemistry' is another natural science (chemistry); the admissions tutor judges the "
        f"mathematical or computing grounding: {CONSIDERED_QUOTE}",
    )


def test_a_discipline_on_neither_route_is_not_met(spec, tests) -> None:
    degree = {"classification": "first", "discipline": "History"}

    assert check(spec, tests, degree)["degree discipline"] == (
        NOT_MET,
        f"'History' is not a discipline the specification accepts ({DISCIPLINES_QUOTE}), nor "
        f"another natural science ({CONSIDERED_QUOTE})",
    )


def test_a_specification_without_a_structured_degree_leaves_it_to_judgement(spec, tests):
    entry = spec.entry_requirements.model_copy(update={"degree": None})
    plain = spec.model_copy(update={"entry_requirements": entry})

    found = check(plain, tests)

    wording = " ".join(" ".join(spec.entry_requirements.academic).split())
    reason = f'the specification states its academic requirement in words only: "{wording}"'
    assert (found["degree classification"], found["degree discipline"]) == (
        (JUDGED, reason),
        (JUDGED, reason),
    )


def test_ielts_below_an_element_minimum_is_not_met(spec, tests) -> None:
    english = {**IELTS_7, "overall": 6.0, "writing": 5.5}

    assert check(spec, tests, english=english)["English language"] == (
        NOT_MET,
        "IELTS: 6.0 overall is below 6.5; writing 5.5 is below 6.0: the specification asks "
        f"for {ENGLISH_QUOTE}",
    )


def test_ielts_exactly_at_the_minima_is_met(spec, tests) -> None:
    english = {"test": "ielts", "overall": 6.5, "listening": 6.0, "reading": 6.0,
               "writing": 6.0, "speaking": 6.0}  # fmt: skip

    assert check(spec, tests, english=english)["English language"] == (
        MET,
        f"IELTS 6.5 overall, at least 6.0 in every element: the specification asks for "
        f"{ENGLISH_QUOTE}",
    )


def test_an_element_without_a_score_is_not_met(spec, tests) -> None:
    english = {"test": "IELTS", "overall": 7.0, "listening": 7.0, "reading": 7.0}

    assert check(spec, tests, english=english)["English language"] == (
        NOT_MET,
        "IELTS: no writing score is given; no speaking score is given: the specification asks "
        f"for {ENGLISH_QUOTE}",
    )


def test_toefl_is_read_against_the_registrys_assumed_equivalent(spec, tests) -> None:
    english = {"test": "TOEFL iBT", "overall": 95, "listening": 25, "reading": 19,
               "speaking": 22, "writing": 23}  # fmt: skip

    assert check(spec, tests, english=english)["English language"] == (
        NOT_MET,
        f"TOEFL iBT: reading 19 is below 20: the specification asks for {ENGLISH_QUOTE}; the "
        "registry's TOEFL iBT equivalent (standard requirement, assumed): 92 overall, at "
        "least 20 in every element",
    )


def test_pte_meeting_the_equivalent_is_met(spec, tests) -> None:
    english = {"test": "PTE Academic", "overall": 65, "listening": 60, "reading": 58,
               "speaking": 70, "writing": 56}  # fmt: skip

    assert check(spec, tests, english=english)["English language"] == (
        MET,
        f"PTE Academic 65 overall, at least 56 in every element: the specification asks for "
        f"{ENGLISH_QUOTE}; the registry's PTE Academic equivalent (standard requirement, "
        "assumed): 62 overall, at least 56 in every element",
    )


def test_an_unknown_test_needs_judgement(spec, tests) -> None:
    english = {"test": "Cambridge C1 Advanced", "overall": 185}

    assert check(spec, tests, english=english)["English language"] == (
        JUDGED,
        "'Cambridge C1 Advanced' is not a test the registry keeps minima for (IELTS, TOEFL iBT, "
        f"PTE Academic): whether it shows {ENGLISH_QUOTE} is the admissions tutor's judgement",
    )


def test_another_test_without_the_registrys_tests_needs_judgement(spec) -> None:
    english = {"test": "TOEFL iBT", "overall": 100, "reading": 25}

    assert check(spec, None, english=english)["English language"] == (
        JUDGED,
        "'TOEFL iBT' is not a test the registry keeps minima for (none): whether it shows "
        f"{ENGLISH_QUOTE} is the admissions tutor's judgement",
    )


def test_no_english_test_is_a_waiver_for_judgement(spec, tests) -> None:
    assert check(spec, tests, english=None)["English language"] == (
        JUDGED,
        f"no English test is given: the specification asks for {ENGLISH_QUOTE}; a waiver (e.g. "
        "a degree taught in English) is the admissions tutor's judgement",
    )


def test_a_two_page_research_statement_is_not_met(spec, tests) -> None:
    documents = {**every_document(), "research_statement": pdf("s.pdf", "Project", "More")}

    assert check(spec, tests, documents=documents)["research statement"] == (
        NOT_MET,
        's.pdf has 2 pages, more than the specification allows: "1 page maximum, excluding '
        'references"',
    )


def test_a_research_statement_that_is_not_a_pdf_is_not_met(spec, tests) -> None:
    documents = {**every_document(), "research_statement": [Document("s.pdf", b"PK\x03\x04")]}

    assert check(spec, tests, documents=documents)["research statement"] == (
        NOT_MET,
        "s.pdf is not a PDF (its content does not begin %PDF-): it must be a PDF",
    )


def test_a_damaged_research_statement_is_not_met(spec, tests) -> None:
    documents = {**every_document(), "research_statement": [Document("s.pdf", b"%PDF-1.4\nx")]}

    result, reason = check(spec, tests, documents=documents)["research statement"]

    assert (result, reason.startswith("s.pdf cannot be read as a PDF (")) == (NOT_MET, True)
    assert reason.endswith('): it must be a PDF of at most "1 page maximum, excluding references"')


def test_missing_and_unreadable_documents_are_not_met(spec, tests) -> None:
    documents = {
        **every_document(),
        "cv": [Document("cv.pdf", None, "does not exist")],
        "transcripts": [Document("t.pdf", b"")],
        "references": [*pdf("ref-1.pdf"), Document("ref-2.docx", b"PK\x03\x04")],
    }
    del documents["personal_statement"]

    found = check(spec, tests, documents=documents)

    assert [found[name] for name in ("CV", "transcripts", "references", "personal statement")] == [
        (NOT_MET, "cv.pdf does not exist: each must be a PDF"),
        (NOT_MET, "t.pdf is empty: each must be a PDF"),
        (NOT_MET, "ref-2.docx is not a PDF (its content does not begin %PDF-): each must be a PDF"),
        (
            NOT_MET,
            "not given (documents.personal_statement): the specification asks for it "
            f"({SUBMISSIONS})",
        ),
    ]


def test_the_requirements_come_in_the_documents_order(spec, tests) -> None:
    assert list(check(spec, tests)) == [
        "degree classification",
        "degree discipline",
        "English language",
        "research statement",
        "references",
        "CV",
        "transcripts",
        "personal statement",
    ]


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([MET, MET], MET),
        ([MET, JUDGED], JUDGED),
        ([JUDGED, NOT_MET, MET], NOT_MET),
        ([], MET),
    ],
)
def test_overall_is_the_worst_result(results, expected) -> None:
    assert overall(Requirement("x", r, "") for r in results) == expected


def test_a_requirement_as_json() -> None:
    assert Requirement("CV", NOT_MET, "why").as_dict() == {
        "name": "CV",
        "result": "not met",
        "reason": "why",
    }


def test_text_from_the_application_stays_on_one_line(spec, tests) -> None:
    degree = {
        "classification": "international",
        "country": "New\nZealand",
        "description": "BSc (Hons),\n first class",
        "discipline": "Computer\nScience",
    }

    found = check(spec, tests, degree)

    assert found["degree classification"][1].startswith(
        "whether BSc (Hons), first class (New Zealand) is equivalent"
    )
    assert found["degree discipline"][1].startswith("'Computer\\nScience' is computer science")

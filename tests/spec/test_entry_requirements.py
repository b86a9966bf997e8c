"""Entry requirements as data (issue 11, point 1): the model, its checks and its rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from registrar.spec.loading import load_specification, read_specification
from registrar.spec.model import Classification, document_key
from registrar.spec.render import render_html, render_markdown
from tests.conftest import MRES

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def variant(tmp_path: Path, old: str, new: str) -> Path:
    """The MRes specification with `old` replaced once by `new`."""
    text = MRES.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "spec.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def errors(path: Path) -> list[str]:
    return [str(p).removeprefix(f"{path}:") for p in read_specification(path).errors]


def test_mres_degree_requirement_is_structured() -> None:
    degree = load_specification(MRES).entry_requirements.degree

    assert degree is not None
    assert (degree.classification, degree.judged_below, degree.international_equivalent) == (
        Classification.FIRST,
        [Classification.UPPER_SECOND],
        True,
    )
    assert [(d.name, d.judged) for d in degree.disciplines.accepted] == [
        ("computer science", False),
        ("relevant engineering", True),
        ("mathematics", False),
        ("statistics", False),
        ("physics", False),
    ]
    assert degree.disciplines.considered is not None
    assert degree.disciplines.considered.disciplines[:3] == [
        "life sciences",
        "chemistry",
        "earth sciences",
    ]


def test_mres_documents_and_their_application_keys() -> None:
    test = load_specification(MRES).entry_requirements.admissions_test

    assert [document_key(name) for name in test.documents] == [
        "references",
        "cv",
        "transcripts",
        "personal_statement",
    ]
    assert test.research_statement is not None
    assert test.research_statement.limit == "1 page maximum, excluding references"
    assert test.submissions == (
        "Applicants submit: References, CV, Transcripts, Personal statement, "
        "and a research statement."
    )


def test_classifications_rank_from_first_to_third() -> None:
    assert [(c.rank, c.short) for c in Classification] == [
        (0, "1st"),
        (1, "2:1"),
        (2, "2:2"),
        (3, "3rd"),
    ]


def test_a_specification_without_a_structured_degree_stays_valid() -> None:
    # the fixtures (and specifications published before issue 11) give no `degree`
    result = read_specification(FIXTURES / "minimal.yaml")

    assert result.problems == []
    assert result.specification is not None
    assert result.specification.entry_requirements.degree is None


def test_a_minimum_per_element_above_the_overall_minimum_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "    minimum_per_element: 6.0\n", "    minimum_per_element: 7.0\n")

    assert errors(path) == [
        f"{line_of(path, 'minimum_per_element: 7.0')}: error: "
        "entry_requirements.english.minimum_per_element: the minimum in every element (7.0) is "
        "above the overall minimum (6.5), which no IELTS result can show. "
        "Fix: set minimum_per_element to at most 6.5, or correct overall."
    ]


def test_a_minimum_per_element_equal_to_the_overall_minimum_is_valid(tmp_path: Path) -> None:
    path = variant(tmp_path, "    minimum_per_element: 6.0\n", "    minimum_per_element: 6.5\n")

    assert errors(path) == []


def test_a_quote_not_in_the_academic_wording_is_an_error(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        "quote: normally have a 1st UK Honours degree",
        "quote: always have a 1st UK Honours degree",
    )

    assert errors(path) == [
        f"{line_of(path, 'quote: always')}: error: entry_requirements.degree.quote: "
        "'always have a 1st UK Honours degree or international equiv… is not word for word in "
        "entry_requirements.academic. "
        "Fix: quote the academic requirement exactly, or correct its wording."
    ]


def test_a_judged_class_not_below_the_required_one_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "judged_below: [upper-second]", "judged_below: [first, third]")

    assert errors(path) == [
        f"{line_of(path, 'judged_below')}: error: entry_requirements.degree.judged_below[0]: "
        "first is not below the first class required. "
        "Fix: list only classes below classification, or remove this one."
    ]


def test_an_unknown_classification_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "    classification: first\n", "    classification: distinction\n")

    assert errors(path) == [
        f"{line_of(path, 'classification: distinction')}: error: "
        "entry_requirements.degree.classification: input should be 'first', 'upper-second', "
        "'lower-second' or 'third' (got 'distinction'). Fix: use one of the allowed values."
    ]


def test_a_discipline_on_two_routes_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "        - name: statistics\n", "        - name: Chemistry\n")

    assert errors(path) == [
        f"{line_of(path, 'disciplines: [life sciences')}: error: "
        "entry_requirements.degree.disciplines.considered.disciplines[1]: the discipline "
        "'chemistry' is named twice (also as 'Chemistry'). "
        "Fix: name each discipline once, under the one route it belongs to."
    ]


def test_a_document_asked_for_twice_is_an_error(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        "documents: [References, CV, Transcripts, Personal statement]",
        "documents: [References, CV, Transcripts, Personal statement, Research statement]",
    )

    assert errors(path) == [
        f"{line_of(path, 'documents: [References')}: error: "
        "entry_requirements.admissions_test.documents[4]: the document 'Research statement' "
        "is asked for twice. "
        "Fix: name each document once (the research statement has its own block)."
    ]


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(load_specification(MRES))


def test_html_keeps_the_academic_wording_and_shows_the_degree_figures(html: str) -> None:
    assert "Successful applicants normally have a 1st UK Honours degree" in html
    assert "may also be considered for relevant projects." in html
    start = html.index('id="degree-figures"')
    figures = " ".join(html[start : html.index("</p>", start)].split())
    assert figures == (
        'id="degree-figures"> <span><strong>1st</strong> UK Honours degree or international '
        "equivalent</span> <span>in <strong>computer science, relevant engineering, "
        "mathematics, statistics, physics</strong></span> <span>may also be considered: life "
        "sciences, chemistry, earth sciences, …</span>"
    )


def test_markdown_shows_the_degree_figures() -> None:
    text = render_markdown(load_specification(MRES))

    assert (
        "<br><br>**1st** UK Honours degree or international equivalent · in **computer "
        "science, relevant engineering, mathematics, statistics, physics** · may also be "
        "considered: life sciences, chemistry, earth sciences, …<br><br>For further"
    ) in text

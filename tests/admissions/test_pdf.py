"""A document's type by its content; a research statement's pages, references left out."""

from __future__ import annotations

import pytest

from registrar.admissions.pdf import PageCount, UnreadablePdfError, count_pages, is_pdf
from tests.admissions.pdfs import make_pdf

REFERENCES = ["references"]


def test_a_pdf_is_known_by_its_content_not_its_name() -> None:
    assert is_pdf(make_pdf(["A statement"])) is True
    assert is_pdf(b"PK\x03\x04 a .docx named statement.pdf") is False
    assert is_pdf(b"") is False


def test_one_page_counts_one() -> None:
    assert count_pages(make_pdf(["My project"]), REFERENCES) == PageCount(1, 1, None)


def test_two_pages_of_statement_count_two() -> None:
    pages = count_pages(make_pdf(["My project", "More of my project"]), REFERENCES)

    assert (pages.total, pages.counted, pages.excluded) == (2, 2, 0)


def test_a_second_page_of_references_is_not_counted() -> None:
    pdf = make_pdf(["My project", "References\n[1] A. Author, A paper, 2024."])

    assert count_pages(pdf, REFERENCES) == PageCount(2, 1, 2)


def test_a_bibliography_heading_opens_the_references_too() -> None:
    pdf = make_pdf(["My project", "More", "Bibliography\n[1] A paper", "[2] Another"])

    assert count_pages(pdf, REFERENCES) == PageCount(4, 2, 3)


def test_references_count_when_the_specification_does_not_exclude_them() -> None:
    pdf = make_pdf(["My project", "References\n[1] A paper"])

    assert count_pages(pdf, []) == PageCount(2, 2, None)


def test_a_page_that_only_mentions_references_later_still_counts() -> None:
    pdf = make_pdf(["My project", "Referenced work shows that references matter"])

    assert count_pages(pdf, REFERENCES) == PageCount(2, 2, None)


def test_a_first_page_headed_references_is_the_statement_itself() -> None:
    pdf = make_pdf(["References to prior work open my statement", "More"])

    assert count_pages(pdf, REFERENCES) == PageCount(2, 2, None)


def test_a_damaged_pdf_cannot_be_read() -> None:
    with pytest.raises(UnreadablePdfError):
        count_pages(b"%PDF-1.4\nnot really a pdf at all", REFERENCES)

"""What a document's content says it is, and a PDF's pages, read with pypdf.

A document's type is read from its content, never its name: a PDF begins `%PDF-` (the
format allows up to 1,024 bytes of anything before it). A statement's page count leaves
out a trailing section the limit excludes (the specification's `excludes`): from the first
page after the first whose text begins with that section's heading, to the end.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024

# The headings that open a section the specification excludes from a page limit, by the
# word it uses; a word not listed here is its own heading.
HEADINGS: dict[str, tuple[str, ...]] = {
    "references": ("references", "bibliography", "reference list", "works cited"),
}

# pypdf reports a damaged file's oddities through logging; the result says what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def is_pdf(data: bytes) -> bool:
    return PDF_MAGIC in data[:MAGIC_WINDOW]


class UnreadablePdfError(Exception):
    """The content begins like a PDF but its pages cannot be read."""


@dataclass(frozen=True)
class PageCount:
    total: int
    counted: int  # the pages before the excluded trailing section
    excluded_from: int | None  # the page (1-based) that opens it, if there is one

    @property
    def excluded(self) -> int:
        return self.total - self.counted


def _opens_section(text: str, headings: tuple[str, ...]) -> bool:
    """Whether a page's text begins with one of the headings, as a whole word or words."""
    words = " ".join(text.split()).casefold()
    return any(words.startswith(h) and not words[len(h) : len(h) + 1].isalnum() for h in headings)


def count_pages(data: bytes, excludes: list[str]) -> PageCount:
    """The pages of a PDF, and those before a trailing section named by `excludes`."""
    headings = tuple(
        h.casefold() for word in excludes for h in HEADINGS.get(word.casefold(), (word,))
    )
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        texts = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # a damaged or hostile file fails inside pypdf in many ways
        raise UnreadablePdfError(" ".join(str(error).split()) or type(error).__name__) from error
    if encrypted:
        raise UnreadablePdfError("it is encrypted")
    total = len(texts)
    # the first page is the statement itself, never a references section
    for index in range(1, total):
        if headings and _opens_section(texts[index], headings):
            return PageCount(total, index, index + 1)
    return PageCount(total, total, None)

"""Tiny PDFs for the tests: the demo's maker (one page per text, read back by pypdf)."""

from __future__ import annotations

from registrar.demo.pdfs import make_pdf

__all__ = ["make_pdf"]

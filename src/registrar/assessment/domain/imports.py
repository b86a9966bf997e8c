"""Marks files (CSV or XLSX) read into the marks contract, previewed, and committed whole.

A CSV is UTF-8 (with or without BOM; LF or CRLF) in the engine's marks contract
(DESIGN.md). An XLSX is read from its first sheet, header row first, one row a
line: text and number cells alike; a number cell is written as the shortest
decimal that reads back as it (65.5 → `65.5`, 70 → `70`), so no float arithmetic
ever touches a mark. Problems name the sheet's row numbers as lines.

The checks and the commit are `saving.check_marks` and `saving.commit_marks`: the
same for uploads, the grid form, the API and `registrar marks import`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import PurePath
from typing import Any

from registrar.assessment.domain.saving import (
    MarksPreview,
    Upload,
    check_marks,
    commit_marks,
    problem,
)
from registrar.programmes.models import Programme
from registrar.spec.problems import Problem, one_line

XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFileError(Exception):
    """The file could not be read at all (not UTF-8 text, not a workbook): nothing was checked."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def is_workbook(data: bytes, file: str) -> bool:
    return PurePath(file).suffix.lower() in XLSX_SUFFIXES or data.startswith(ZIP_MAGIC)


def read_upload(data: bytes, file: str) -> Upload:
    """The file's marks as contract text (UnreadableFileError if it cannot be read)."""
    suffix = PurePath(file).suffix.lower()
    if suffix == ".xls":
        raise UnreadableFileError(
            problem(file, 1, "(file)", "is an old .xls workbook", "save it as .xlsx or as CSV")
        )
    if is_workbook(data, file):
        return Upload(file, workbook_text(data, file))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        raise UnreadableFileError(
            problem(
                file, line, "(file)", f"is not UTF-8 text (byte 0x{byte})", "save it as CSV UTF-8"
            )
        ) from error
    return Upload(file, text)


def cell_text(value: Any) -> str:
    """One cell as the contract writes it. Numbers by their shortest exact repr."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    # a line break inside a cell would move the rows after it to other line numbers
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def workbook_text(data: bytes, file: str) -> str:
    """The first sheet of an XLSX workbook as CSV text, row n of the sheet on line n."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise UnreadableFileError(
            problem(
                file,
                1,
                "(file)",
                f"is not an XLSX workbook that can be read ({one_line(str(error))})",
                "save it again as .xlsx, or as CSV UTF-8",
            )
        ) from error
    try:
        if not book.worksheets:
            return ""
        sheet = book.worksheets[0]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        width = 0
        for row in sheet.iter_rows(values_only=True):
            cells = [cell_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if not width and cells:
                width = len(cells)  # the header's width
            if not cells:
                buffer.write("\n")
                continue
            cells += [""] * (width - len(cells))
            writer.writerow(cells)
        return buffer.getvalue()
    finally:
        book.close()


def preview_upload(
    *, programme: Programme, data: bytes, file: str, actor: Any, module_code: str | None = None
) -> MarksPreview:
    """Check a marks file; say what a commit would add, change or leave. Writes nothing.

    UnreadableFileError if the file cannot be read; otherwise every problem is in
    the preview's errors.
    """
    return check_marks(
        programme=programme, upload=read_upload(data, file), actor=actor, module_code=module_code
    )


def import_upload(
    *, programme: Programme, data: bytes, file: str, actor: Any, module_code: str | None = None
) -> MarksPreview:
    """Commit a marks file all or nothing: `saving.commit_marks` (its side effects are those).

    UnreadableFileError if the file cannot be read; MarksRefusedError lists every problem.
    """
    return commit_marks(
        programme=programme, upload=read_upload(data, file), actor=actor, module_code=module_code
    )

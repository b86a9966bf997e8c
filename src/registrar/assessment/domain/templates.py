"""The marks template of a module: its students × components, attempt 1, marks empty.

The columns are the marks contract's (`contract.MARKS_COLUMNS`), so a filled-in
template uploads as it is. One row per student the user may mark and component
(one row per student, component empty, for a module marked as a whole). A row
left without a mark or a flag is refused on upload: delete the rows you do not fill.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from registrar.assessment.domain.contract import MARKS_COLUMNS
from registrar.assessment.domain.entry import module_sheet
from registrar.programmes.models import Programme


def template_rows(*, programme: Programme, module_code: str, user: Any) -> list[tuple[str, ...]]:
    """The template's rows (without the header), in student and component order."""
    sheet = module_sheet(programme=programme, module_code=module_code, user=user)
    return [
        (row.student.student_id, module_code, cell.component, "1", "", "", "")
        for row in sheet.rows
        for cell in row.cells
        if cell.may_enter
    ]


def template_csv(*, programme: Programme, module_code: str, user: Any) -> str:
    """The template as CSV (UTF-8, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARKS_COLUMNS)
    writer.writerows(template_rows(programme=programme, module_code=module_code, user=user))
    return buffer.getvalue()


def template_xlsx(*, programme: Programme, module_code: str, user: Any) -> bytes:
    """The template as an XLSX workbook: one sheet, the header row first, every cell text
    (so that student IDs keep their leading zeros); marks may be typed as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"{module_code} marks"[:31]
    sheet.append(list(MARKS_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in template_rows(programme=programme, module_code=module_code, user=user):
        sheet.append([value or None for value in row])
        for cell in sheet[sheet.max_row]:
            cell.number_format = "@"  # text: keep IDs as typed
    for column, width in zip("ABCDEFG", (12, 12, 24, 8, 8, 6, 11), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

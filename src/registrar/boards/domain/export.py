"""A board run written out: the classification columns plus the board's decision, as CSV, XLSX
or a PDF broadsheet a registry files.

Every format carries the same rows (`export_rows`): the engine's proposal exactly
as the run stored it (the 11 columns of the classification contract), then
`decision` (`agreed`, or the decided outcome) and `decision_reason`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from registrar.boards.domain.broadsheet import ELECTIVES, FLAG_KEYS, broadsheet_of
from registrar.boards.domain.reading import Outcome, outcome_words, outcomes
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.programmes.domain.versions import specification_of
from registrar.rules.engine import RESULT_COLUMNS

EXPORT_COLUMNS = (*RESULT_COLUMNS, "decision", "decision_reason")
FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
_DECIMALS = ("powa", "project_mark")
_INTEGERS = ("credits_earned", "credits_compensated")


def _row(outcome: Outcome) -> dict[str, str]:
    return {
        **{column: outcome.proposal[column] for column in RESULT_COLUMNS},
        "decision": outcome.decision_text,
        "decision_reason": outcome.decision_reason,
    }


def export_rows(run: BoardRun) -> list[dict[str, str]]:
    """One row per student of the run (student ID order), EXPORT_COLUMNS as text."""
    return [_row(o) for o in outcomes(run)]


def export_csv(run: BoardRun) -> str:
    """The rows as CSV: a header, LF line ends, fields quoted only when they must be."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export_rows(run))
    return buffer.getvalue()


def run_facts(run: BoardRun) -> list[tuple[str, str]]:
    """What identifies the run, as (label, value) pairs: for the XLSX's second sheet and the PDF."""
    programme = run.programme
    spec = specification_of(run.version)
    facts = [
        ("Programme", f"{programme.code} {programme.title}"),
        ("Cohort", programme.cohort),
        ("Institution", spec.ownership.awarding_institution),
        ("Board run", str(run.pk)),
        ("Run at", f"{timezone.localtime(run.created_at):%d %B %Y %H:%M}"),
        ("Run by", run.created_by.get_username() if run.created_by else "the registry (command)"),
        ("Specification version", str(run.version.number)),
        ("Regulations", run.regulations_source),
        ("Engine version", run.engine_version),
        (
            "Locked",
            f"{timezone.localtime(run.locked_at):%d %B %Y %H:%M}" if run.locked_at else "no",
        ),
        (
            "Released",
            f"{timezone.localtime(run.released_at):%d %B %Y %H:%M}" if run.released_at else "no",
        ),
    ]
    facts += [(f"SHA-256 of {key}", str(value)) for key, value in sorted(run.hashes.items())]
    return facts


def export_xlsx(run: BoardRun) -> bytes:
    """The rows as a workbook: sheet `Decisions` (POWA and project mark as numbers shown with two
    decimals, credits as integers, the rest as the CSV's text) and sheet `Run` (its facts)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Decisions"
    sheet.append(list(EXPORT_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(run):
        values: list[Any] = []
        for column in EXPORT_COLUMNS:
            text = row[column]
            if column in _DECIMALS and text:
                values.append(Decimal(text))
            elif column in _INTEGERS and text:
                values.append(int(text))
            else:
                values.append(text)
        sheet.append(values)
    for column in _DECIMALS:
        letter = sheet.cell(row=1, column=EXPORT_COLUMNS.index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = "0.00"
    sheet.freeze_panes = "B2"
    facts = book.create_sheet("Run")
    for label, value in run_facts(run):
        facts.append([label, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class PrintedRow:
    student_id: str
    name: str
    cells: tuple[tuple[bool, tuple[Any, ...]], ...]  # (the electives column?, its cells)
    proposal: dict[str, str]
    proposed: str
    flags: tuple[str, ...]
    decision: str
    reason: str


def pdf_context(run: BoardRun) -> dict[str, Any]:
    """What the PDF broadsheet shows (also the HTML it is made from)."""
    sheet = broadsheet_of(run)
    names = {
        sid: f"{given} {family}"
        for sid, given, family in Student.objects.filter(programme_id=run.programme_id).values_list(
            "student_id", "given_name", "family_name"
        )
    }
    by_student = {o.student_id: o for o in outcomes(run)}
    rows = []
    for row in sheet.rows:
        outcome = by_student[row.student_id]
        p = row.proposal
        rows.append(
            PrintedRow(
                row.student_id,
                names.get(row.student_id, ""),
                tuple(
                    (column.key == ELECTIVES, cells)
                    for column, cells in zip(sheet.columns, row.cells, strict=True)
                ),
                p,
                outcome_words(p["status"], p["award"], p["classification"]),
                tuple(sheet.flag_tag(f) for f in row.flags),
                outcome.decision_text,
                outcome.decision_reason,
            )
        )
    counts: dict[str, int] = {}
    for row in sheet.rows:
        counts[row.proposal["status"]] = counts.get(row.proposal["status"], 0) + 1
    return {
        "run": run,
        "programme": run.programme,
        "spec": specification_of(run.version),
        "facts": run_facts(run),
        "columns": sheet.columns,
        "rows": rows,
        "flags": [(sheet.flag_tag(k), sheet.flag_sentence(k)) for k in FLAG_KEYS],
        "counts": sorted(counts.items()),
        "differing": sum(1 for o in by_student.values() if not o.agrees),
        "sign_offs": list(run.sign_offs.select_related("examiner")),
        "printed_at": timezone.localtime(),
    }


def export_pdf(run: BoardRun) -> bytes:
    """The broadsheet as a landscape A4 PDF: the run's facts and hashes, then the table."""
    from weasyprint import HTML

    html = render_to_string("registrar/boards/broadsheet_pdf.html", pdf_context(run))
    return HTML(string=html).write_pdf()


def export(run: BoardRun, file_format: str) -> bytes:
    """The run in `file_format` (one of FORMATS) as bytes; ValueError for another format."""
    if file_format == "csv":
        return export_csv(run).encode("utf-8")
    if file_format == "xlsx":
        return export_xlsx(run)
    if file_format == "pdf":
        return export_pdf(run)
    raise ValueError(f"format {file_format!r} is not one of {', '.join(FORMATS)}")

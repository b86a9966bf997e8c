"""A module's marks template: its students (those the user marks) × components, marks empty."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from registrar.assessment.domain.imports import import_upload
from registrar.assessment.domain.templates import template_csv, template_rows, template_xlsx
from tests.assessment.world import AMARA, BEN, CARA, HEADER, stored

pytestmark = pytest.mark.django_db


def test_the_csv_template_has_a_row_per_student_and_component(cohort):
    text = template_csv(programme=cohort.programme, module_code="COMP70061", user=cohort.admin)

    assert text == HEADER + "".join(
        f"{sid},COMP70061,{component},1,,,\n"
        for sid in (AMARA, BEN, CARA)
        for component in ("Paper discussion", "Presentation slides", "Summary report")
    )


def test_a_module_marked_as_a_whole_has_one_row_per_student(cohort):
    rows = template_rows(programme=cohort.programme, module_code="COMP70076", user=cohort.leader2)

    assert rows == [(sid, "COMP70076", "", "1", "", "", "") for sid in (AMARA, BEN, CARA)]


def test_a_supervisor_gets_only_their_supervisees(cohort):
    rows = template_rows(
        programme=cohort.programme, module_code="COMP70059", user=cohort.supervisor
    )

    assert [r[:3] for r in rows] == [
        (AMARA, "COMP70059", "Background report"),
        (AMARA, "COMP70059", "Research thesis"),
        (AMARA, "COMP70059", "Oral presentation"),
    ]


def test_the_xlsx_template_keeps_ids_as_text_and_uploads_once_filled_in(cohort):
    data = template_xlsx(programme=cohort.programme, module_code="COMP70076", user=cohort.admin)
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values == [
        ["student_id", "module_code", "component", "attempt", "mark", "flag", "late_hours"],
        *([sid, "COMP70076", None, "1", None, None, None] for sid in (AMARA, BEN, CARA)),
    ]
    for row, mark in zip(range(2, 5), (61.5, 48, "NS"), strict=True):
        if mark == "NS":
            sheet.cell(row=row, column=6, value="NS")
        else:
            sheet.cell(row=row, column=5, value=mark)
    filled = io.BytesIO()
    book.save(filled)

    import_upload(
        programme=cohort.programme, data=filled.getvalue(), file="COMP70076.xlsx", actor=None
    )

    assert stored() == [
        (AMARA, "COMP70076", "", 1, "61.50", "", None, 1),
        (BEN, "COMP70076", "", 1, "48.00", "", None, 1),
        (CARA, "COMP70076", "", 1, None, "NS", None, 1),
    ]

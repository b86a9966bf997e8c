"""The stored marks written in the engine's marks contract (DESIGN.md), and read back.

This text is what a board run reads and stores, and what `registrar marks export`
writes: so export → `registrar classify` gives the board's result exactly.
Only enrolled students' marks are written: they are the students a board evaluates.
Hours late are written as the engine must read them: less any extension an upheld
mitigating-circumstances claim granted (`claims.domain.extensions`).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from registrar.assessment.models import Mark
from registrar.claims.domain.extensions import granted_hours, late_after_extension
from registrar.people.models import StudentStatus
from registrar.programmes.models import Programme

MARKS_COLUMNS = ("student_id", "module_code", "component", "attempt", "mark", "flag", "late_hours")


def decimal_text(value: Decimal | None) -> str:
    """A stored decimal as the contract writes it: two places, or empty."""
    return "" if value is None else f"{value:.2f}"


def enrolled_marks(programme: Programme) -> list[Mark]:
    """The marks of the cohort's enrolled students, in contract order."""
    return list(
        Mark.objects.filter(student__programme=programme, student__status=StudentStatus.ENROLLED)
        .select_related("student")
        .order_by("student__student_id", "module_code", "component", "attempt")
    )


def marks_csv(programme: Programme) -> str:
    """The enrolled students' stored marks as a marks CSV (header, LF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARKS_COLUMNS)
    granted = granted_hours(programme.pk)
    for m in enrolled_marks(programme):
        key = (m.student.student_id, m.module_code, m.component, m.attempt)
        writer.writerow(
            (
                m.student.student_id,
                m.module_code,
                m.component,
                m.attempt,
                decimal_text(m.mark),
                m.flag,
                decimal_text(late_after_extension(m.late_hours, key, granted)),
            )
        )
    return buffer.getvalue()

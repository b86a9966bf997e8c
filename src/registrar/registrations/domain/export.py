"""The stored registrations written in the registrations contract (DESIGN.md)."""

from __future__ import annotations

import csv
import io

from registrar.people.models import StudentStatus
from registrar.programmes.models import Programme
from registrar.registrations.models import Registration


def registrations_csv(programme: Programme) -> str:
    """`student_id,module_code` for every registration of the cohort's enrolled students."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("student_id", "module_code"))
    rows = (
        Registration.objects.filter(
            student__programme=programme, student__status=StudentStatus.ENROLLED
        )
        .order_by("student__student_id", "module_code")
        .values_list("student__student_id", "module_code")
    )
    writer.writerows(rows)
    return buffer.getvalue()

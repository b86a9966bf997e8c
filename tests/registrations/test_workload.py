"""A student's workload by term, from the specification's workload section."""

from __future__ import annotations

from decimal import Decimal

import pytest

from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.domain.workload import student_workload, tenths

pytestmark = pytest.mark.django_db


def test_workload_lists_modules_by_term_with_hours_from_the_specification(
    make_student, open_window
):
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)  # Spring, 5 ECTS

    terms = student_workload(student)

    shown = {
        t.term: [
            (r.module_code, tenths(r.contact_hours), tenths(r.independent_hours)) for r in t.rows
        ]
        for t in terms
    }
    third = Decimal("33.3")
    assert shown == {
        # The project (COMP70059, 100 + 1400 hours) and the proposal (10 ECTS: 50 + 200)
        # run Autumn-Summer and are shared equally between the three terms.
        "Autumn": [
            ("COMP70059", third, Decimal("466.7")),
            ("COMP70060", Decimal("16.7"), Decimal("66.7")),
            ("COMP70061", Decimal("50.0"), Decimal("200.0")),
        ],
        "Spring": [
            ("COMP70010", Decimal("28.0"), Decimal("97.0")),
            ("COMP70059", third, Decimal("466.7")),
            ("COMP70060", Decimal("16.7"), Decimal("66.7")),
            ("COMP70076", Decimal("28.0"), Decimal("97.0")),
        ],
        "Summer": [
            ("COMP70059", third, Decimal("466.7")),
            ("COMP70060", Decimal("16.7"), Decimal("66.7")),
        ],
    }
    # 90 ECTS at 25 hours each: the year adds up to the specification's 2,250 hours.
    total = sum((t.contact_hours + t.independent_hours for t in terms), Decimal(0))
    assert tenths(total) == Decimal("2250.0")

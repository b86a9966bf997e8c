"""The records the database targets need: the MRes published, tests/assessment's cohort.

`build()` is the conftest fixtures' work without pytest, so that bench/fuzz.py builds
the same world on a database of its own.
"""

from __future__ import annotations

from typing import Any

from tests.assessment.world import make_cohort
from tests.conftest import MRES


def build() -> Any:
    """Programme G5ZB/2025-26, Amara, Ben and Cara enrolled, and the registry's `registry`."""
    from registrar.people.domain.accounts import set_up_account
    from registrar.people.models import Role, Student
    from registrar.programmes.domain.versions import publish_specification
    from registrar.registrations.domain.choice import register_required_modules

    programme = publish_specification(actor=None, path=MRES).programme

    def account(username: str, role: str) -> Any:
        return set_up_account(
            username=username, role=Role(role), password=f"{username}-pass", actor=None
        )

    def make_student(student_id: str, **fields: str) -> Any:
        student = Student.objects.create(
            student_id=student_id,
            email=f"s{student_id}@example.ac.uk",
            programme=programme,
            **fields,
        )
        register_required_modules(student=student, actor=None)
        return student

    return make_cohort(programme, make_student, account)

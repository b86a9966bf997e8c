"""The demo's professional skills courses: most students have every course, some have one
outstanding (docs/rules.md#professional-skills)."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.demo import load_demo
from registrar.people.models import Student
from registrar.registrations.domain.skills import completed_codes
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(MRES)


def test_some_students_have_every_course_and_some_have_one_outstanding(demo):
    done = {s.student_id: completed_codes(s) for s in Student.objects.order_by("student_id")}
    every = {"GS-RI", "GS-RDM", "GS-COMM"}
    complete = [sid for sid, codes in done.items() if codes == every]
    short = [sid for sid, codes in done.items() if codes == every - {"GS-COMM"}]
    assert complete
    assert short
    # the one enrolled later through admissions has none recorded yet
    assert [sid for sid, codes in done.items() if not codes] == sorted(
        set(done) - set(complete) - set(short)
    )
    assert len(set(done) - set(complete) - set(short)) == 1
    assert done["02500001"] == every  # the demo student
    assert AuditEntry.objects.filter(action="skills.completed").count() == (
        3 * len(complete) + 2 * len(short)
    )

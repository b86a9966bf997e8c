"""The claims tests' cohort (tests/assessment/world.py) with a panel of the exam board."""

import pytest

from tests.assessment.world import make_cohort


@pytest.fixture
def cohort(programme, make_student, account):
    from registrar.people.models import Student

    world = make_cohort(programme, make_student, account)
    for student, name in ((world.amara, "amara"), (world.ben, "ben")):
        student.user = account(name, "student")
        student.save(update_fields=["user"])
    world.amara = Student.objects.get(pk=world.amara.pk)
    world.ben = Student.objects.get(pk=world.ben.pk)
    world.panel = account("panel", "exam_board")
    world.panel2 = account("panel2", "exam_board")
    return world

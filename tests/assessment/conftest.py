"""The marks tests' cohort (tests/assessment/world.py)."""

import pytest

from tests.assessment.world import make_cohort


@pytest.fixture
def cohort(programme, make_student, account):
    return make_cohort(programme, make_student, account)

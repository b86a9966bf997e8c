"""`registrar demo` carries the cohort to its year's end, through the domain functions."""

from __future__ import annotations

from collections import Counter

import pytest

from registrar.assessment.models import Mark
from registrar.boards.domain.reading import outcomes
from registrar.boards.models import BoardRun
from registrar.demo import load_demo
from registrar.teaching.models import ModuleLeader, Supervision
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(MRES)


def test_demo_has_a_released_board_and_an_open_resit_board(demo):
    first, resits = BoardRun.objects.order_by("pk")

    assert (first.is_locked, first.is_released, resits.is_locked, resits.is_released) == (
        True,
        True,
        False,
        False,
    )


def test_the_first_board_shows_every_kind_of_outcome(demo):
    first = BoardRun.objects.order_by("pk").first()

    counts = Counter((o.proposal["status"], o.proposal["classification"]) for o in outcomes(first))

    assert counts == {
        ("awarded", "Distinction"): 4,
        ("awarded", "Merit"): 14,
        ("awarded", "Pass"): 4,
        ("referred", ""): 6,
        ("incomplete", ""): 13,
    }


def test_the_first_board_differed_once_with_a_reason(demo):
    first = BoardRun.objects.order_by("pk").first()

    differing = [(o.student_id, o.decision_text) for o in outcomes(first) if not o.agrees]

    assert differing == [("02500005", "awarded MRes Distinction")]


def test_the_resit_board_sees_the_resits_through(demo):
    resits = BoardRun.objects.order_by("pk").last()

    statuses = Counter(o.proposal["status"] for o in outcomes(resits))

    assert statuses == {"awarded": 30, "incomplete": 11}


def test_teaching_and_marks_are_assigned_and_entered(demo):
    assert (
        sorted(ModuleLeader.objects.values_list("module_code", flat=True)),
        Supervision.objects.filter(role="lead").count(),
        Supervision.objects.filter(role="co", external=True).count(),
        Mark.objects.count(),
        Mark.objects.filter(locked_by__isnull=False).count(),
    ) == (["COMP70010", "COMP70061", "COMP70076"], 12 + 11, 3, 366, 358)  # 11: demo/projects.py


def test_running_the_demo_again_keeps_the_year_end(demo):
    again = load_demo(MRES)

    assert (BoardRun.objects.count(), Mark.objects.count(), again[:3]) == (
        2,
        366,
        [
            f"Specification {MRES} unchanged since the last version.",
            # the 44 imported, and the demo's enrolled applicant (demo/admissions.py)
            "Demo cohort kept: 45 students in MRes AI and Machine Learning (2025-26 entry).",
            "Year's end kept: 2 board runs of MRes AI and Machine Learning (2025-26 entry).",
        ],
    )

"""`registrar demo` leaves one application in every state, through the domain functions."""

from __future__ import annotations

import pytest

from registrar.admissions.models import Application, Status
from registrar.demo import load_demo
from registrar.people.models import Student
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_application_in_every_state_and_keeps_them():
    out = load_demo(MRES)
    states = sorted(Application.objects.values_list("status", flat=True))
    assert states == sorted([*Status.values, Status.REJECTED])
    assert "Demo applications: 9, one in every state (one erased)." in out
    enrolled = Application.objects.get(status=Status.ENROLLED)
    assert (enrolled.student, enrolled.applicant.account.role) == (
        Student.objects.get(student_id=f"A{enrolled.pk:07d}"),
        "student",
    )
    held = Application.objects.get(status=Status.ON_HOLD)
    assert (held.requirements_result, held.research_score) == ("needs judgement", 3)
    rejected = Application.objects.get(status=Status.REJECTED, erased_at__isnull=True)
    assert rejected.requirements_result == "not met"
    erased = Application.objects.get(erased_at__isnull=False)
    assert (erased.applicant, erased.name, erased.status, erased.discipline) == (
        None,
        "",
        Status.REJECTED,
        "Biology",
    )
    assert (erased.documents.count(), erased.referees.count()) == (0, 0)
    assert "Demo applications kept: 9." in load_demo(MRES)

"""`registrar demo` shows claims in every state and released feedback, through the domain."""

from __future__ import annotations

from collections import Counter

import pytest

from registrar.assessment.domain.feedback import released_feedback
from registrar.assessment.models import Feedback, Mark
from registrar.audit.models import AuditEntry
from registrar.claims.models import Claim
from registrar.demo import load_demo
from registrar.people.models import Student
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(MRES)


def test_the_demo_has_claims_in_every_state(demo):
    states = Counter(Claim.objects.values_list("status", "remedy"))
    assert states == {
        ("submitted", ""): 1,
        ("routed", ""): 1,
        ("upheld", "further_attempt"): 1,
        ("upheld", "extension"): 1,
        ("rejected", ""): 1,
    }
    assert Claim.objects.get(status="submitted").student.student_id == "02500001"
    assert Claim.objects.get(status="routed").student.student_id == "02500007"
    assert Claim.objects.filter(evidence__isnull=True).count() == 0


def test_the_upheld_further_attempt_flagged_the_resit_mc_through_mark_entry(demo):
    claim = Claim.objects.get(remedy="further_attempt")
    item = claim.items.get()
    mark = Mark.objects.get(
        student=claim.student, module_code=item.module_code, component=item.component, attempt=2
    )
    assert mark.flag == "MC"
    entry = AuditEntry.objects.get(action="mark.changed", data__file=f"claim {claim.pk}")
    assert (entry.before["flag"], entry.after["flag"]) == ("", "MC")


def test_the_demo_student_reads_released_feedback(demo):
    student = Student.objects.get(student_id="02500001")
    shown = [(r.feedback.module_code, r.feedback.component) for r in released_feedback(student)]
    assert shown == [("COMP70059", "Research thesis"), ("COMP70076", "")]
    assert Feedback.objects.count() == 7


def test_loading_again_keeps_the_claims(demo):
    again = load_demo(MRES)
    assert ("Claims and feedback kept." in again, Claim.objects.count()) == (True, 5)

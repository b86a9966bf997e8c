"""`registrar demo` shows each project process with data in varied states."""

from __future__ import annotations

from collections import Counter

import pytest

from registrar.audit.models import AuditEntry
from registrar.demo import load_demo
from registrar.projects.domain.runs import quality
from registrar.projects.models import AllocationRun, Meeting, Placement, Proposal, ReviewOutcome
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo(MRES)


def test_proposals_in_every_state(demo):
    assert Counter(Proposal.objects.values_list("status", flat=True)) == {
        "open": 6,
        "withdrawn": 1,
        "declined": 1,
    }
    assert Proposal.objects.filter(external_organisation="Example Robotics Ltd").count() == 1


def test_a_confirmed_allocation_with_hand_adjustments_and_the_unallocated(demo):
    run = AllocationRun.objects.get()
    result = quality(run)
    assert run.status == "confirmed"
    assert Placement.objects.filter(by_hand=True).count() == 2
    assert (result.allocated, result.unallocated) == (
        Placement.objects.filter(proposal__isnull=False).count(),
        Placement.objects.filter(proposal__isnull=True).count(),
    )
    assert result.unallocated >= 3  # the three who ranked nothing
    assert result.first_choice > 0
    # each placed student's supervisor came through assign_supervisor
    assert AuditEntry.objects.filter(action="teaching.supervisor_assigned").count() == 15 + (
        result.allocated
    )


def test_meetings_and_a_review_with_every_progress(demo):
    assert Meeting.objects.filter(student__student_id="02500001").count() == 2
    assert Counter(ReviewOutcome.objects.values_list("progress", flat=True)) == {
        "on_track": 8,
        "concern": 1,
        "at_risk": 1,
    }


def test_running_it_again_keeps_the_projects(demo):
    again = load_demo(MRES)
    assert any(line.startswith("Projects kept: 8 proposals") for line in again)

"""Supervision meetings: logged with a ledger entry, counted against the spec's hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from registrar.audit.models import AuditEntry
from registrar.projects.domain.meetings import hours_met, log_meeting, research_hours
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.teaching.domain.assignments import assign_supervisor

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 11, 3)


@pytest.fixture
def alice(make_student, staff):
    student = make_student("00000001", username="alice")
    assign_supervisor(student=student, supervisor=staff["ada"], role="lead", actor=None)
    return student


def test_hours_are_read_from_the_specification(alice):
    # workload.project.contact_hours of the MRes 2025-26 specification
    assert research_hours(alice) == 100


def test_meetings_add_up_in_hours(alice, staff):
    log_meeting(
        student=alice, date=DAY, minutes=60, notes="Scope", actions="Read", actor=staff["ada"]
    )
    log_meeting(student=alice, date=DAY, minutes=50, notes="", actions="", actor=alice.user)
    assert hours_met(alice) == Decimal("1.83")
    entry = AuditEntry.objects.filter(action="project.meeting_logged").order_by("pk").first()
    assert (entry.student_id, entry.actor.username, entry.after) == (
        "00000001",
        "ada",
        {"date": "2025-11-03", "minutes": 60, "actions": "Read"},
    )


@pytest.mark.parametrize(
    ("minutes", "date", "message"),
    [
        (0, DAY, "duration: 0 is not a number of minutes from 1 to 480"),
        (481, DAY, "duration: 481 is not a number of minutes from 1 to 480"),
        (30, datetime.date(2999, 1, 1), "date: 2999-01-01 is in the future"),
    ],
)
def test_bad_meetings_are_refused(alice, minutes, date, message):
    with pytest.raises(ProjectRefusedError, match=message):
        log_meeting(student=alice, date=date, minutes=minutes, notes="", actions="", actor=None)
    assert hours_met(alice) == Decimal("0.00")


def test_no_meetings_before_a_supervisor(make_student):
    bob = make_student("00000002")
    with pytest.raises(ProjectRefusedError, match="00000002 has no supervisor yet"):
        log_meeting(student=bob, date=DAY, minutes=30, notes="", actions="", actor=None)

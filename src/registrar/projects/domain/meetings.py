"""Supervision meetings, and the hours of research meetings against the specification's.

The specification gives the project's contact hours ("100 hours in research meetings and
other research group related activities"): `workload.project.contact_hours`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from registrar.audit.domain import record, user_of
from registrar.people.models import Student
from registrar.programmes.domain.versions import current_specification
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.projects.models import Meeting
from registrar.teaching.models import Supervision

LONGEST = 8 * 60  # minutes: a longer "meeting" is a typing mistake


def research_hours(student: Student) -> int | None:
    """The hours of research meetings the specification expects, if it says."""
    project = current_specification(student.programme).workload.project
    return project.contact_hours if project is not None else None


def hours_met(student: Student) -> Decimal:
    """The hours of the student's logged meetings, to two places."""
    minutes = Meeting.objects.filter(student=student).aggregate(m=Sum("minutes"))["m"] or 0
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


@transaction.atomic
def log_meeting(
    *,
    student: Student,
    date: datetime.date,
    minutes: int,
    notes: str,
    actions: str,
    actor: Any,
) -> Meeting:
    """Log a supervision meeting of `student` (by the student or a supervisor).

    Refuses a student without a supervisor, a date in the future, or a duration outside
    1..480 minutes. Side effects: one Meeting; one audit entry `project.meeting_logged`
    filed under the student.
    """
    if not Supervision.objects.filter(student=student).exists():
        raise ProjectRefusedError(
            f"{student.student_id} has no supervisor yet; meetings are logged once the "
            "project is allocated"
        )
    if date > timezone.localdate():
        raise ProjectRefusedError(f"date: {date.isoformat()} is in the future")
    if not 1 <= minutes <= LONGEST:
        raise ProjectRefusedError(f"duration: {minutes} is not a number of minutes from 1 to 480")
    meeting = Meeting.objects.create(
        student=student,
        date=date,
        minutes=minutes,
        notes=notes.strip(),
        actions=actions.strip(),
        logged_by=user_of(actor),
    )
    record(
        actor=actor,
        action="project.meeting_logged",
        subject=student.student_id,
        after={"date": date.isoformat(), "minutes": minutes, "actions": meeting.actions},
        student_id=student.student_id,
    )
    return meeting

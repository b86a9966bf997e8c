"""The one error the project functions raise, and the checks they share."""

from __future__ import annotations

from typing import Any

from registrar.people.models import Role, Student, StudentStatus
from registrar.people.rules import role_of
from registrar.programmes.models import Programme


class ProjectRefusedError(Exception):
    """A project change was refused; the message says why and what to do."""


def programme_label(programme: Programme) -> str:
    return f"{programme.code} {programme.cohort}"


def check_enrolled(student: Student) -> None:
    if student.status != StudentStatus.ENROLLED:
        raise ProjectRefusedError(
            f"{student.student_id} is {student.get_status_display().lower()}, not enrolled; "
            "only enrolled students take part in project allocation"
        )


def check_supervisor_account(user: Any) -> None:
    if role_of(user) != Role.PROJECT_SUPERVISOR:
        raise ProjectRefusedError(
            f"{user.get_username()} is not a project supervisor; a proposal's supervisor "
            "must hold the role project supervisor"
        )

"""The demo's professional skills courses (docs/rules.md#professional-skills): most students
have completed every Graduate School course; every fourth (by student ID, from the
fourth) has Communicating Your Research outstanding, so a board run from here on shows
them incomplete. Recorded by the registry once per database, after the year's boards (the
released run stays as it was)."""

from __future__ import annotations

from typing import Any

from registrar.people.models import Student
from registrar.programmes.models import Programme
from registrar.registrations.domain.skills import is_tracked, record_completion, required_courses

OUTSTANDING = "GS-COMM"


def load_skills(programme: Programme, admin: Any, out: list[str]) -> None:
    courses = required_courses(programme)
    if not courses or is_tracked(programme):
        return
    students = list(Student.objects.filter(programme=programme).order_by("student_id"))
    missing = 0
    for index, student in enumerate(students):
        short = index % 4 == 3
        missing += short
        for course in courses:
            if not (short and course.code == OUTSTANDING):
                record_completion(student=student, course_code=course.code, actor=admin)
    out.append(
        f"Professional skills courses recorded: {len(students) - missing} students with every "
        f"course, {missing} with {OUTSTANDING} outstanding."
    )

"""Professional skills courses: completions recorded per student, one state change each.

The courses are the specification's `award.required_courses` (docs/rules.md#professional-skills).
`record_completion` and `withdraw_completion` are the registry's acts, each one ledger
entry; `import_completions` records a file of them all or nothing (the same row checks
as `registrar classify --skills`, and each student must be one of the cohort's);
`skills_csv` writes what is recorded in the engine's contract for the board run.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction

from registrar.audit.domain import record, user_of
from registrar.people.models import Student, StudentStatus
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.registrations.models import SkillsCompletion
from registrar.rules.inputs import SKILLS_REQUIRED, InputError, InputProblem, read_skills
from registrar.rules.inputs.reading import read_table
from registrar.spec.model import RequiredCourse, Specification


class SkillsRefusedError(Exception):
    """The change was refused; the message says why and what to do."""


def required_courses(programme: Programme) -> list[RequiredCourse]:
    """The professional skills courses the programme's specification requires."""
    return list(current_specification(programme).award.required_courses)


def _course(student: Student, course_code: str) -> RequiredCourse:
    for course in required_courses(student.programme):
        if course.code == course_code:
            return course
    raise SkillsRefusedError(
        f"{course_code} is not a professional skills course of {student.programme}; "
        "give a course the specification lists under award.required_courses"
    )


def _subject(student: Student, course_code: str) -> str:
    return f"{student.student_id} {course_code}"


@transaction.atomic
def record_completion(*, student: Student, course_code: str, actor: Any) -> SkillsCompletion:
    """Record that `student` completed the course. Refused (SkillsRefusedError) for a course
    the specification does not require, or one already recorded.
    Side effects: one SkillsCompletion row; one ledger entry `skills.completed`."""
    course = _course(student, course_code)
    if SkillsCompletion.objects.filter(student=student, course_code=course.code).exists():
        raise SkillsRefusedError(
            f"{student.student_id} has {course.code} recorded already; nothing to record"
        )
    try:
        with transaction.atomic():
            completion = SkillsCompletion.objects.create(
                student=student, course_code=course.code, recorded_by=user_of(actor)
            )
    except IntegrityError as error:  # a concurrent request recorded it first
        raise SkillsRefusedError(
            f"{student.student_id} has {course.code} recorded already; nothing to record"
        ) from error
    record(
        actor=actor,
        action="skills.completed",
        subject=_subject(student, course.code),
        after={"course": course.code, "title": course.title},
        student_id=student.student_id,
    )
    return completion


@transaction.atomic
def withdraw_completion(
    *, student: Student, course_code: str, actor: Any, reason: str = ""
) -> None:
    """Withdraw a completion recorded in error. Refused when none is recorded.
    Side effects: the SkillsCompletion row deleted; one ledger entry `skills.withdrawn`."""
    found = SkillsCompletion.objects.select_for_update().filter(
        student=student, course_code=course_code
    )
    completion = found.first()
    if completion is None:
        raise SkillsRefusedError(
            f"{student.student_id} has no completion of {course_code} recorded; nothing to withdraw"
        )
    completion.delete()
    record(
        actor=actor,
        action="skills.withdrawn",
        subject=_subject(student, course_code),
        reason=reason,
        before={"course": course_code},
        student_id=student.student_id,
    )


def completed_codes(student: Student) -> set[str]:
    return set(student.skills_completions.values_list("course_code", flat=True))


def is_tracked(programme: Programme) -> bool:
    """Whether the registry records the cohort's completions: from the first one recorded,
    the board checks every student (docs/rules.md#professional-skills)."""
    return SkillsCompletion.objects.filter(student__programme=programme).exists()


def skills_csv(programme: Programme) -> str:
    """`student_id,course` for every completion of the cohort's enrolled students."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("student_id", "course"))
    writer.writerows(
        SkillsCompletion.objects.filter(
            student__programme=programme, student__status=StudentStatus.ENROLLED
        )
        .order_by("student__student_id", "course_code")
        .values_list("student__student_id", "course_code")
    )
    return buffer.getvalue()


def board_skills_csv(programme: Programme, spec: Specification) -> str:
    """What a board run passes the engine: the completions when the specification lists
    courses and the registry records them for the cohort (from its first completion);
    else "" (not checked, docs/rules.md#professional-skills)."""
    if not spec.award.required_courses or not is_tracked(programme):
        return ""
    return skills_csv(programme)


@dataclass
class SkillsImport:
    """What a completions file records: (line, student_id, course) to add, and those that
    are recorded already; `errors` every problem (then nothing is written)."""

    file: str
    added: list[tuple[int, str, str]] = field(default_factory=list)
    unchanged: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[InputProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class SkillsImportRefusedError(Exception):
    def __init__(self, preview: SkillsImport) -> None:
        self.preview = preview
        super().__init__("\n".join(str(e) for e in preview.errors))


def preview_completions(*, programme: Programme, data: bytes | str, file: str) -> SkillsImport:
    """Check a completions file whole (docs/rules.md#professional-skills): the engine's row
    checks, and every student one of the cohort's; every problem, in line order."""
    preview = SkillsImport(file)
    spec = current_specification(programme)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    students = set(Student.objects.filter(programme=programme).values_list("student_id", flat=True))
    problems: list[InputProblem] = []
    with tempfile.TemporaryDirectory(prefix="registrar-skills-") as folder:
        path = Path(folder) / "skills.csv"
        path.write_bytes(raw)
        try:
            frame = read_skills(path, spec)
        except InputError as error:
            problems += [replace(p, file=Path(file)) for p in error.problems]
            frame, _ = read_table(path, SKILLS_REQUIRED, ())
    rows = [] if frame is None else frame.select("student_id", "course", "line").iter_rows()
    done = set(
        SkillsCompletion.objects.filter(student__programme=programme).values_list(
            "student__student_id", "course_code"
        )
    )
    for student_id, course, line in rows:
        if student_id is not None and student_id not in students:
            problems.append(
                InputProblem(
                    file,
                    line,
                    "student_id",
                    f"no student {student_id} on {programme.code} {programme.cohort}",
                    "give the id of a student of the cohort (import the students first)",
                )
            )
        elif (student_id, course) in done:
            preview.unchanged.append((line, student_id, course))
        else:
            preview.added.append((line, student_id, course))
    preview.errors = sorted(problems, key=lambda p: p.line)
    if preview.errors:
        preview.added, preview.unchanged = [], []
    return preview


@transaction.atomic
def import_completions(
    *, programme: Programme, data: bytes | str, file: str, actor: Any
) -> SkillsImport:
    """Record every completion of the file, all or nothing (SkillsImportRefusedError lists
    every problem). Side effects: per new completion one row and one `skills.completed`
    ledger entry; one `skills.imported` entry."""
    preview = preview_completions(programme=programme, data=data, file=file)
    if not preview.ok:
        raise SkillsImportRefusedError(preview)
    by_id = {s.student_id: s for s in Student.objects.filter(programme=programme)}
    for _, student_id, course in preview.added:
        record_completion(student=by_id[student_id], course_code=course, actor=actor)
    record(
        actor=actor,
        action="skills.imported",
        subject=f"{programme.code} {programme.cohort}",
        data={"file": file, "added": len(preview.added), "unchanged": len(preview.unchanged)},
    )
    return preview

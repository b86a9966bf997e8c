"""Feedback on marks: markers leave it per component, the student reads it on release.

Whoever may enter a mark (the `enter_marks` rule) leaves its feedback: text and,
optionally, a file (PDF, PNG or JPEG, judged by content, kept privately). The student
reads it once the mark is released: a released board run of their programme read that
mark (the run's stored marks name the module, component and attempt). A component the
specification gives as an examination has no feedback: the programme's feedback policy
(`feedback.notes` of the specification) says individual feedback is not given on them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from registrar.assessment.models import Feedback
from registrar.audit.domain import record, user_of
from registrar.boards.domain.reading import released_run_for
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.people.rules import MarkTarget, can
from registrar.programmes.domain.versions import current_specification
from registrar.spec.model import AssessmentType, Link, Module, Specification
from registrar.web.documents import DocumentRefusedError, keep_document

KIND = "feedback"
MOST_BYTES = 10 * 1024 * 1024
MOST_TEXT = 20_000


class FeedbackRefusedError(Exception):
    """The feedback was refused; the message says why. Nothing was written."""


def without_feedback(module: Module, component: str) -> bool:
    """The component is a written examination, on which no individual feedback is given."""
    return any(c.name == component and c.type == AssessmentType.EXAM for c in module.components)


@dataclass(frozen=True)
class Policy:
    """What the specification says of feedback: its notes and Imperial's policy."""

    notes: list[str]
    formats: list[str]
    link: Link


def feedback_policy(spec: Specification) -> Policy:
    return Policy(
        [str(n) for n in spec.feedback.notes],
        [str(f) for f in spec.feedback.formats],
        spec.policies.academic_feedback,
    )


def _record(feedback: Feedback) -> dict[str, Any]:
    return {
        "student_id": feedback.student.student_id,
        "module_code": feedback.module_code,
        "component": feedback.component,
        "attempt": feedback.attempt,
        "text": feedback.text,
        "file": feedback.file_name,
    }


@transaction.atomic
def give_feedback(
    *,
    student: Student,
    module_code: str,
    component: str,
    attempt: int,
    text: str,
    file: UploadedFile | None = None,
    actor: Any,
) -> Feedback:
    """Leave (or replace) the feedback on one mark: its component ("" for a module assessed
    whole) of one attempt. Refuses (FeedbackRefusedError) a user who may not enter the mark,
    a module the student is not registered on, a component the module does not have, a
    written examination, empty text, and a file too large or not PDF, PNG or JPEG. A new
    file replaces the one kept; without one the kept file stays. Side effects: the Feedback
    row; one ledger entry `feedback.given` (new) or `feedback.changed`."""
    spec = current_specification(student.programme)
    module = next((m for m in spec.modules if m.code == module_code), None)
    if module is None or not student.registrations.filter(module_code=module_code).exists():
        raise FeedbackRefusedError(f"{student.student_id} is not registered on {module_code}")
    names = [c.name for c in module.components]
    if (names and component not in names) or (not names and component):
        raise FeedbackRefusedError(f"{module_code} has no component {component!r}")
    if without_feedback(module, component):
        raise FeedbackRefusedError(
            f"{component} is a written examination; "
            + " ".join(feedback_policy(spec).notes or ["no individual feedback is given on it"])
        )
    if actor is not None and not can(
        actor, "give_feedback", MarkTarget(student, module_code, component)
    ):
        raise FeedbackRefusedError(
            f"you may not enter marks for {student.student_id} on {module_code}, nor feedback"
        )
    text = text.strip()
    if not text:
        raise FeedbackRefusedError("write the feedback")
    if len(text) > MOST_TEXT:
        raise FeedbackRefusedError(f"the feedback is longer than {MOST_TEXT:,} characters")
    if not 1 <= attempt <= 99:
        raise FeedbackRefusedError(f"attempt {attempt} is not from 1 to 99")
    feedback = (
        Feedback.objects.select_for_update()
        .filter(student=student, module_code=module_code, component=component, attempt=attempt)
        .first()
    )
    before = _record(feedback) if feedback is not None else {}
    if feedback is None:
        feedback = Feedback(
            student=student, module_code=module_code, component=component, attempt=attempt
        )
    feedback.text = text
    feedback.given_by = user_of(actor)
    if file is not None:
        try:
            kept = keep_document(KIND, file, most_bytes=MOST_BYTES)
        except DocumentRefusedError as refused:
            raise FeedbackRefusedError(str(refused)) from refused
        feedback.file_name, feedback.file_digest = kept.name, kept.digest
        feedback.file_type, feedback.file_size = kept.content_type, kept.size
    feedback.save()
    part = f" {component}" if component else ""
    record(
        actor=actor,
        action="feedback.changed" if before else "feedback.given",
        subject=f"{student.student_id} {module_code}{part}, attempt {attempt}"[:200],
        before=before,
        after=_record(feedback),
        student_id=student.student_id,
        module_code=module_code,
    )
    return feedback


def _released_keys(run: BoardRun | None, student_id: str) -> set[tuple[str, str, int]]:
    """(module, component, attempt) of the student's marks the released run read."""
    if run is None:
        return set()
    return {
        (row["module_code"], row["component"], int(row["attempt"]))
        for row in csv.DictReader(io.StringIO(run.marks_csv))
        if row["student_id"] == student_id
    }


def is_released(feedback: Feedback) -> bool:
    """The mark the feedback is on has been released to its student."""
    run = released_run_for(feedback.student)
    key = (feedback.module_code, feedback.component, feedback.attempt)
    return key in _released_keys(run, feedback.student.student_id)


@dataclass(frozen=True)
class ReleasedFeedback:
    feedback: Feedback
    module_title: str


def released_feedback(student: Student) -> list[ReleasedFeedback]:
    """The student's feedback on released marks, by module, component and attempt."""
    keys = _released_keys(released_run_for(student), student.student_id)
    if not keys:
        return []
    titles = {m.code: m.title for m in current_specification(student.programme).modules}
    return [
        ReleasedFeedback(f, titles.get(f.module_code, ""))
        for f in Feedback.objects.filter(student=student).select_related("student")
        if (f.module_code, f.component, f.attempt) in keys
    ]


def module_feedback(
    *, programme_id: int, module_code: str, attempt: int
) -> dict[tuple[int, str], Feedback]:
    """The feedback stored on a module's attempt, by (student pk, component)."""
    return {
        (f.student_id, f.component): f
        for f in Feedback.objects.filter(
            student__programme_id=programme_id, module_code=module_code, attempt=attempt
        )
    }

"""The progress review meeting the programme lead convenes for a cohort (the spec's
"meeting convened by the Programme Director/Deputy, to discuss progress and any extra
support needed, moderation of marks, and suitable scales of ambition and scope")."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.people.models import Student
from registrar.programmes.models import Programme
from registrar.projects.domain.refusal import ProjectRefusedError, programme_label
from registrar.projects.models import Progress, ProgressReview, ReviewOutcome


@transaction.atomic
def convene_review(
    *, programme: Programme, held_on: datetime.date, title: str, actor: Any
) -> ProgressReview:
    """Convene a progress review of `programme`.

    Side effects: one ProgressReview; one audit entry `project.review_convened`.
    """
    title = title.strip()
    if not title:
        raise ProjectRefusedError("title: name the meeting (e.g. 'Spring progress review')")
    review = ProgressReview.objects.create(
        programme=programme, held_on=held_on, title=title, convened_by=user_of(actor)
    )
    record(
        actor=actor,
        action="project.review_convened",
        subject=programme_label(programme),
        after={"title": title, "held_on": held_on.isoformat()},
    )
    return review


def _outcome_record(outcome: ReviewOutcome | None) -> dict[str, str]:
    if outcome is None:
        return {}
    return {
        "progress": outcome.progress,
        "support": outcome.support,
        "scope": outcome.scope,
        "message": outcome.message,
    }


@transaction.atomic
def record_outcome(
    *,
    review: ProgressReview,
    student: Student,
    progress: str,
    support: str,
    scope: str,
    message: str,
    actor: Any,
) -> ReviewOutcome:
    """Record (or change) the review's outcome for `student`: progress, extra support
    agreed, the project's scale of ambition and scope, and a message to the student.

    Refuses a student of another cohort or a progress that is not one of on track,
    concern, at risk. Side effects: the ReviewOutcome created or updated; one audit entry
    `project.review_recorded` (before / after) filed under the student.
    """
    if student.programme_id != review.programme_id:
        raise ProjectRefusedError(f"{student.student_id} is not in {review.programme}")
    if progress not in Progress.values:
        raise ProjectRefusedError(
            f"progress: {progress!r} is not one of on_track, concern, at_risk"
        )
    existing = ReviewOutcome.objects.select_for_update().filter(review=review, student=student)
    outcome = existing.first()
    before = _outcome_record(outcome)
    if outcome is None:
        outcome = ReviewOutcome(review=review, student=student)
    outcome.progress = progress
    outcome.support = support.strip()
    outcome.scope = scope.strip()
    outcome.message = message.strip()
    outcome.recorded_by = user_of(actor)
    outcome.save()
    record(
        actor=actor,
        action="project.review_recorded",
        subject=student.student_id,
        data={"review": review.title},
        before=before,
        after=_outcome_record(outcome),
        student_id=student.student_id,
    )
    return outcome


def at_risk(review: ProgressReview) -> list[ReviewOutcome]:
    """The students the review found at risk: the follow-up list."""
    return list(review.outcomes.filter(progress=Progress.AT_RISK).select_related("student"))

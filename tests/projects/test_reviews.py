"""The progress review: convened, an outcome per student, the at-risk list."""

from __future__ import annotations

import datetime

import pytest

from registrar.audit.models import AuditEntry
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.projects.domain.reviews import at_risk, convene_review, record_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(programme, staff):
    return convene_review(
        programme=programme,
        held_on=datetime.date(2026, 2, 10),
        title="Spring review",
        actor=staff["lead"],
    )


def test_outcomes_are_recorded_and_changed(review, make_student, staff):
    alice, bob = make_student("00000001"), make_student("00000002")
    record_outcome(
        review=review,
        student=alice,
        progress="at_risk",
        support="weekly check-in",
        scope="narrow it",
        message="Let us meet weekly.",
        actor=staff["lead"],
    )
    record_outcome(
        review=review,
        student=bob,
        progress="on_track",
        support="",
        scope="",
        message="",
        actor=staff["lead"],
    )
    assert [o.student.student_id for o in at_risk(review)] == ["00000001"]
    record_outcome(
        review=review,
        student=alice,
        progress="concern",
        support="weekly check-in",
        scope="narrow it",
        message="Better.",
        actor=staff["lead"],
    )
    assert at_risk(review) == []
    last = (
        AuditEntry.objects.filter(action="project.review_recorded", student_id="00000001")
        .order_by("pk")
        .last()
    )
    assert (last.before["progress"], last.after["progress"], last.after["message"]) == (
        "at_risk",
        "concern",
        "Better.",
    )
    assert AuditEntry.objects.get(action="project.review_convened").after == {
        "title": "Spring review",
        "held_on": "2026-02-10",
    }


def test_bad_progress_and_title_are_refused(review, programme, make_student):
    alice = make_student("00000001")
    with pytest.raises(ProjectRefusedError, match="progress: 'fine' is not one of"):
        record_outcome(
            review=review,
            student=alice,
            progress="fine",
            support="",
            scope="",
            message="",
            actor=None,
        )
    with pytest.raises(ProjectRefusedError, match="title: name the meeting"):
        convene_review(
            programme=programme, held_on=datetime.date(2026, 2, 1), title=" ", actor=None
        )
    assert review.outcomes.count() == 0

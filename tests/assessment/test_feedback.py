"""Feedback on marks: who leaves it, the ledger, and when the student reads it (on release)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.domain.feedback import (
    FeedbackRefusedError,
    feedback_policy,
    give_feedback,
    is_released,
    released_feedback,
)
from registrar.assessment.models import Feedback
from registrar.audit.models import AuditEntry
from registrar.programmes.domain.versions import current_specification
from tests.assessment.world import AMARA, BEN
from tests.conftest import MRES

pytestmark = pytest.mark.django_db

PROJECT, THESIS, ETHICS = "COMP70059", "Research thesis", "COMP70076"
PDF = b"%PDF-1.4\n%%EOF\n"


def feedback(cohort, student=None, component=THESIS, module_code=PROJECT, actor=None, **more):
    return give_feedback(
        student=student or cohort.amara,
        module_code=module_code,
        component=component,
        attempt=1,
        text=more.pop("text", "A clear argument; the related work is thin."),
        actor=actor or cohort.supervisor,
        **more,
    )


def test_a_supervisor_leaves_feedback_on_a_project_component_with_a_file(cohort, settings):
    kept = feedback(cohort, file=SimpleUploadedFile("marked.pdf", PDF))

    assert (kept.text, kept.given_by, kept.file_name, kept.file_type, kept.file_size) == (
        "A clear argument; the related work is thin.",
        cohort.supervisor,
        "marked.pdf",
        "application/pdf",
        len(PDF),
    )
    assert (settings.VAR_DIR / "feedback" / kept.file_digest).read_bytes() == PDF
    entry = AuditEntry.objects.get(action="feedback.given")
    assert (entry.actor, entry.student_id, entry.module_code, entry.after["file"]) == (
        cohort.supervisor,
        AMARA,
        PROJECT,
        "marked.pdf",
    )


def test_changing_feedback_keeps_the_file_and_writes_before_and_after(cohort):
    feedback(cohort, file=SimpleUploadedFile("marked.pdf", PDF))
    changed = feedback(cohort, text="Revised: the related work is adequate.")

    assert (Feedback.objects.count(), changed.text, changed.file_name) == (
        1,
        "Revised: the related work is adequate.",
        "marked.pdf",
    )
    entry = AuditEntry.objects.get(action="feedback.changed")
    assert (entry.before["text"], entry.after["text"]) == (
        "A clear argument; the related work is thin.",
        "Revised: the related work is adequate.",
    )


@pytest.mark.parametrize(
    ("who", "student", "module_code", "component", "message"),
    [
        ("leader", "amara", PROJECT, THESIS, "you may not enter marks for 02500001 on COMP70059"),
        ("supervisor", "ben", PROJECT, THESIS, "you may not enter marks for 02500002"),
        ("supervisor", "amara", PROJECT, "Essay", "COMP70059 has no component 'Essay'"),
        ("admin", "amara", "COMP70016", "", "02500001 is not registered on COMP70016"),
    ],
)
def test_feedback_is_refused_to_whoever_may_not_enter_the_mark(
    cohort, who, student, module_code, component, message
):
    with pytest.raises(FeedbackRefusedError, match="^" + message):
        feedback(
            cohort,
            student=getattr(cohort, student),
            module_code=module_code,
            component=component,
            actor=getattr(cohort, who),
        )
    assert (
        Feedback.objects.count(),
        AuditEntry.objects.filter(action__startswith="feedback").count(),
    ) == (0, 0)


def test_empty_text_and_a_file_that_is_not_a_document_are_refused(cohort):
    with pytest.raises(FeedbackRefusedError, match="write the feedback"):
        feedback(cohort, text=" ")
    with pytest.raises(FeedbackRefusedError, match=r"^notes\.pdf is not a PDF, PNG or JPEG"):
        feedback(cohort, file=SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 an executable"))
    assert Feedback.objects.count() == 0


def test_a_written_examination_gets_no_individual_feedback(cohort, tmp_path):
    from registrar.programmes.domain.versions import publish_specification

    text = (
        Path(MRES)
        .read_text(encoding="utf-8")
        .replace(
            "{name: Oral presentation, type: oral, weight: 30}",
            "{name: Oral presentation, type: exam, weight: 30}",
        )
    )
    changed = tmp_path / "2025-26.yaml"
    changed.write_text(text, encoding="utf-8")
    publish_specification(actor=None, path=changed)

    with pytest.raises(
        FeedbackRefusedError,
        match=r"^Oral presentation is a written examination; Individual feedback is normally not "
        r"provided on written examinations",
    ):
        feedback(cohort, component="Oral presentation")


def test_the_policy_is_the_specifications_own_words(cohort):
    policy = feedback_policy(current_specification(cohort.programme))
    assert policy.notes == [
        "Individual feedback is normally not provided on written examinations, if such are taken."
    ]
    assert policy.link.title == (
        "Imperial's Policy on Academic Feedback and guidance on issuing provisional marks"
    )


def test_the_student_reads_feedback_only_once_a_released_run_holds_the_mark(cohort):
    from tests.boards.test_release import board

    save_marks(
        programme=cohort.programme,
        entries=[
            MarkInput(AMARA, PROJECT, THESIS, 1, "68.00"),
            MarkInput(BEN, ETHICS, "", 1, "61.00"),
        ],
        actor=cohort.admin,
    )
    given = feedback(cohort)
    other = feedback(
        cohort, student=cohort.ben, module_code=ETHICS, component="", actor=cohort.leader2
    )
    later = feedback(cohort, component="Oral presentation")  # no mark yet: not in the run
    assert (is_released(given), released_feedback(cohort.amara)) == (False, [])

    board(cohort.programme)  # locked, not released
    assert is_released(given) is False
    board(cohort.programme, release=True)

    assert (is_released(given), is_released(other), is_released(later)) == (True, True, False)
    shown = released_feedback(cohort.amara)
    assert [(r.feedback, r.module_title) for r in shown] == [
        (given, "MRes Individual Research Project")
    ]

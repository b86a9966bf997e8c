"""Moderation from the marks stored on the database: enrolled students only; refusals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from registrar.assessment.models import Mark
from registrar.moderation import stored
from registrar.moderation.stored import (
    ModerationUnavailableError,
    UnknownModuleError,
    module_moderation,
    programme_moderation,
)
from tests.moderation.world import A, build

pytestmark = pytest.mark.django_db


def test_only_enrolled_students_marks_are_moderated(programme, make_student, account):
    build(programme, make_student, account)  # Knuth (interrupted) has 99.00 on module A

    _, module = module_moderation(programme, A)

    assert ([s.student_id for s in module.students], module.distribution.maximum) == (
        ["02500001", "02500002", "02500003", "02500004", "02500005"],
        Decimal("72.00"),
    )


def test_stored_records_the_engine_refuses_make_moderation_unavailable(programme, make_student):
    student = make_student("02500001")
    Mark.objects.create(student=student, module_code="COMP70010", attempt=1, mark=Decimal(60))

    with pytest.raises(ModerationUnavailableError) as refused:
        programme_moderation(programme)

    # the engine names the temporary file evaluate_texts wrote the registrations to
    assert re.sub(r"/\S+/registrations.csv", "REGISTRATIONS", str(refused.value)) == (
        "the stored records do not pass the engine's checks: marks.csv:2: error: module_code: "
        "student 02500001 is not registered for COMP70010 in REGISTRATIONS. "
        "Fix: register the student for the module, or remove the row."
    )


def test_no_regulations_make_moderation_unavailable(programme, monkeypatch):
    monkeypatch.setattr(stored, "regulations_path", lambda spec: None)

    with pytest.raises(ModerationUnavailableError) as refused:
        programme_moderation(programme)

    assert str(refused.value) == (
        "no regulations found for imperial/taught (regulations/imperial/taught.yaml); "
        "the marks cannot be evaluated without them"
    )


def test_a_module_not_running_and_without_students_is_unknown(programme):
    with pytest.raises(UnknownModuleError) as unknown:
        module_moderation(programme, "COMP70101")

    assert str(unknown.value) == "COMP70101 does not run in 2025-26 and has no students"

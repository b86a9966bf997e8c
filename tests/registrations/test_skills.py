"""Professional skills completions: one domain function per change, each a ledger entry;
the import all or nothing; what the board run passes the engine
(docs/rules.md#professional-skills)."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.registrations.domain.skills import (
    SkillsImportRefusedError,
    SkillsRefusedError,
    board_skills_csv,
    completed_codes,
    import_completions,
    preview_completions,
    record_completion,
    required_courses,
    skills_csv,
    withdraw_completion,
)
from registrar.registrations.models import SkillsCompletion

pytestmark = pytest.mark.django_db


def test_the_programme_requires_the_specifications_courses(programme):
    assert [c.code for c in required_courses(programme)] == ["GS-RI", "GS-RDM", "GS-COMM"]


def test_record_and_withdraw_a_completion_each_write_one_ledger_entry(make_student, account):
    student = make_student("00000001")
    admin = account("admin", "administrator")

    completion = record_completion(student=student, course_code="GS-RI", actor=admin)

    assert completion.recorded_by == admin
    assert completed_codes(student) == {"GS-RI"}
    entry = AuditEntry.objects.get(action="skills.completed")
    assert (entry.subject, entry.student_id, entry.actor) == ("00000001 GS-RI", "00000001", admin)
    assert entry.after == {"course": "GS-RI", "title": "Research Integrity"}

    withdraw_completion(student=student, course_code="GS-RI", actor=admin, reason="in error")

    assert completed_codes(student) == set()
    entry = AuditEntry.objects.get(action="skills.withdrawn")
    assert (entry.subject, entry.reason, entry.before) == (
        "00000001 GS-RI",
        "in error",
        {"course": "GS-RI"},
    )


def test_refused_changes_write_nothing(make_student):
    student = make_student("00000001")
    with pytest.raises(SkillsRefusedError, match="GS-XX is not a professional skills course"):
        record_completion(student=student, course_code="GS-XX", actor=None)
    record_completion(student=student, course_code="GS-RI", actor=None)
    with pytest.raises(SkillsRefusedError, match="has GS-RI recorded already"):
        record_completion(student=student, course_code="GS-RI", actor=None)
    with pytest.raises(SkillsRefusedError, match="no completion of GS-RDM recorded"):
        withdraw_completion(student=student, course_code="GS-RDM", actor=None)
    assert SkillsCompletion.objects.count() == 1
    assert AuditEntry.objects.filter(action__startswith="skills.").count() == 1


def test_import_records_every_row_or_nothing(programme, make_student):
    make_student("00000001")
    make_student("00000002")
    bad = "student_id,course\n00000001,GS-RI\n00000009,GS-RI\n00000002,GS-XX\n"

    with pytest.raises(SkillsImportRefusedError) as refused:
        import_completions(programme=programme, data=bad, file="skills.csv", actor=None)

    assert [str(p) for p in refused.value.preview.errors] == [
        "skills.csv:3: error: student_id: no student 00000009 on G5ZB 2025-26. "
        "Fix: give the id of a student of the cohort (import the students first).",
        "skills.csv:4: error: course: unknown course GS-XX (not a required course of the "
        "programme specification). Fix: give the code of a course listed under "
        "award.required_courses.",
    ]
    assert SkillsCompletion.objects.count() == 0
    unknown = "student_id,course\n00000001,GS-RI\n00000009,GS-RI\n"
    preview = preview_completions(programme=programme, data=unknown, file="skills.csv")
    assert [str(p) for p in preview.errors] == [
        "skills.csv:3: error: student_id: no student 00000009 on G5ZB 2025-26. "
        "Fix: give the id of a student of the cohort (import the students first)."
    ]

    good = "student_id,course\n00000001,GS-RI\n00000002,GS-RDM\n"
    result = import_completions(programme=programme, data=good, file="skills.csv", actor=None)

    assert [(s, c) for _, s, c in result.added] == [("00000001", "GS-RI"), ("00000002", "GS-RDM")]
    assert AuditEntry.objects.filter(action="skills.completed").count() == 2
    again = import_completions(programme=programme, data=good, file="skills.csv", actor=None)
    assert (len(again.added), len(again.unchanged)) == (0, 2)
    assert skills_csv(programme) == "student_id,course\n00000001,GS-RI\n00000002,GS-RDM\n"


def test_the_board_checks_the_courses_once_the_registry_records_them(programme, make_student):
    from registrar.programmes.domain.versions import current_specification

    spec = current_specification(programme)
    student = make_student("00000001")
    assert board_skills_csv(programme, spec) == ""  # not tracked yet: not checked
    record_completion(student=student, course_code="GS-RI", actor=None)
    assert board_skills_csv(programme, spec) == "student_id,course\n00000001,GS-RI\n"

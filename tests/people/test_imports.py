"""Importing students from CSV: validated, previewed, committed all or nothing."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import
from registrar.people.models import Role, Student

pytestmark = pytest.mark.django_db

GOOD = (
    "student_id,given_name,family_name,email,status,username\r\n"
    "02500001,Amara,Adeyemi,amara@example.ac.uk,,amara\r\n"
    "02500002,Ben,Brown,ben@example.ac.uk,interrupted,\r\n"
)


def test_preview_says_what_will_change_and_writes_nothing(programme, make_student):
    make_student("02500002", given_name="Benjamin", family_name="Brown", email="ben@example.ac.uk")

    preview = preview_import(programme=programme, text="\ufeff" + GOOD, file="cohort.csv")

    assert preview.errors == []
    assert [(r.line, r.student_id, r.action, r.changes) for r in preview.rows] == [
        (2, "02500001", "add", {}),
        (
            3,
            "02500002",
            "update",
            {"given_name": ("Benjamin", "Ben"), "status": ("enrolled", "interrupted")},
        ),
    ]
    assert list(Student.objects.values_list("student_id", flat=True)) == ["02500002"]


def test_commit_adds_and_updates_links_accounts_and_registers_required_modules(programme):
    preview = import_students(programme=programme, text=GOOD, file="cohort.csv", actor=None)

    assert (preview.committed, preview.count("add")) == (True, 2)
    amara = Student.objects.get(student_id="02500001")
    assert (amara.user.username, amara.user.account.role) == ("amara", Role.STUDENT)
    assert sorted(amara.registrations.values_list("module_code", flat=True)) == [
        "COMP70059",
        "COMP70060",
        "COMP70061",
        "COMP70076",
    ]
    # An interrupted student is recorded but not registered on modules.
    assert Student.objects.get(student_id="02500002").registrations.count() == 0
    assert AuditEntry.objects.get(action="students.imported").data == {
        "file": "cohort.csv",
        "added": 2,
        "updated": 0,
    }


def test_import_is_all_or_nothing_and_names_file_line_and_field(programme):
    text = (
        "student_id,given_name,family_name,email,status\n"
        "02500001,Amara,Adeyemi,amara@example.ac.uk,\n"
        "02500002,,Brown,not-an-email,\n"
        "02500001,Amy,Adeyemi,amy@example.ac.uk,graduated\n"
        "025-003,Chen,Costa,chen@example.ac.uk,\n"
    )

    with pytest.raises(ImportRefusedError) as refused:
        import_students(programme=programme, text=text, file="cohort.csv", actor=None)

    assert [str(e) for e in refused.value.preview.errors] == [
        "cohort.csv, line 3, given_name: is empty; every student needs one",
        "cohort.csv, line 3, email: 'not-an-email' is not an email address",
        "cohort.csv, line 4, status: 'graduated' is not one of enrolled, interrupted, withdrawn",
        "cohort.csv, line 4, student_id: 02500001 is already on line 2",
        "cohort.csv, line 5, student_id: '025-003' is not a student ID "
        "(letters and digits only, at most 20)",
    ]
    assert Student.objects.count() == 0
    assert not AuditEntry.objects.filter(action="students.imported").exists()


def test_import_refuses_a_header_without_the_required_columns(programme):
    text = "id,given_name,family_name,mail\n1,A,B,a@example.ac.uk\n"

    preview = preview_import(programme=programme, text=text, file="bad.csv")

    assert [str(e) for e in preview.errors] == [
        "bad.csv, line 1: the header lacks student_id, email; add those columns",
        "bad.csv, line 1: unknown columns id, mail; allowed: student_id, given_name, "
        "family_name, email, status, username",
    ]


def test_import_refuses_an_empty_file(programme):
    preview = preview_import(programme=programme, text="", file="empty.csv")

    assert [str(e) for e in preview.errors] == [
        "empty.csv, line 1: the file is empty; it needs a header row: "
        "student_id,given_name,family_name,email"
    ]


def test_import_refuses_a_row_with_too_many_values(programme):
    text = "student_id,given_name,family_name,email\n1,A,B,a@example.ac.uk,extra\n"

    preview = preview_import(programme=programme, text=text, file="wide.csv")

    assert [str(e) for e in preview.errors] == ["wide.csv, line 2: has more values than the header"]

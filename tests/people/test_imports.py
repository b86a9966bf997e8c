"""Importing students from CSV: validated, previewed, committed all or nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import
from registrar.people.models import Role, Student
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.models import Registration

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
        "family_name, email, status, username, elective",
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


def test_each_added_or_updated_student_gets_a_ledger_entry_with_before_and_after(
    programme, make_student
):
    make_student("02500002", given_name="Benjamin", family_name="Brown", email="ben@example.ac.uk")

    import_students(programme=programme, text=GOOD, file="cohort.csv", actor=None)

    entries = AuditEntry.objects.filter(action__in=["student.added", "student.updated"])
    assert [
        (e.action, e.student_id, e.before, e.after, e.data) for e in entries.order_by("id")
    ] == [
        (
            "student.added",
            "02500001",
            {},
            {
                "given_name": "Amara",
                "family_name": "Adeyemi",
                "email": "amara@example.ac.uk",
                "status": "enrolled",
                "programme": "G5ZB 2025-26",
                "username": "amara",
            },
            {"file": "cohort.csv", "line": 2},
        ),
        (
            "student.updated",
            "02500002",
            {
                "given_name": "Benjamin",
                "family_name": "Brown",
                "email": "ben@example.ac.uk",
                "status": "enrolled",
                "programme": "G5ZB 2025-26",
                "username": "",
            },
            {
                "given_name": "Ben",
                "family_name": "Brown",
                "email": "ben@example.ac.uk",
                "status": "interrupted",
                "programme": "G5ZB 2025-26",
                "username": "",
            },
            {"file": "cohort.csv", "line": 3},
        ),
    ]


# Electives in bulk: an optional `elective` column, registered as the registry's decision.

WITH_ELECTIVES = (
    "student_id,given_name,family_name,email,elective\n"
    "02500001,Amara,Adeyemi,amara@example.ac.uk,COMP70010\n"
    "02500002,Ben,Brown,ben@example.ac.uk,comp70016\n"
    "02500003,Chen,Costa,chen@example.ac.uk,\n"
)


def electives() -> list[tuple[str, str, str, str]]:
    return list(
        Registration.objects.filter(category="elective")
        .order_by("student__student_id")
        .values_list("student__student_id", "module_code", "how", "reason")
    )


def test_preview_shows_the_elective_of_each_new_student(programme):
    preview = preview_import(programme=programme, text=WITH_ELECTIVES, file="cohort.csv")

    assert preview.errors == []
    assert [(r.student_id, r.action, r.values["elective"], r.changes) for r in preview.rows] == [
        ("02500001", "add", "COMP70010", {"elective": ("", "COMP70010")}),
        ("02500002", "add", "COMP70016", {"elective": ("", "COMP70016")}),
        ("02500003", "add", "", {}),
    ]
    assert electives() == []


def test_commit_registers_each_elective_as_an_override_with_the_reason_imported(programme):
    import_students(programme=programme, text=WITH_ELECTIVES, file="cohort.csv", actor=None)

    assert electives() == [
        ("02500001", "COMP70010", "override", "imported"),
        ("02500002", "COMP70016", "override", "imported"),
    ]
    assert list(
        AuditEntry.objects.filter(action="elective.overridden")
        .order_by("id")
        .values_list("subject", "reason", "data")
    ) == [
        ("02500001", "imported", {"module": "COMP70010", "replaced": []}),
        ("02500002", "imported", {"module": "COMP70016", "replaced": []}),
    ]
    # The core and compulsory modules are registered as for any new student.
    assert sorted(
        Student.objects.get(student_id="02500001").registrations.values_list(
            "module_code", flat=True
        )
    ) == ["COMP70010", "COMP70059", "COMP70060", "COMP70061", "COMP70076"]


def test_a_different_elective_replaces_the_student_s_and_the_same_one_is_unchanged(
    programme, open_window, make_student
):
    amara = make_student(
        "02500001", given_name="Amara", family_name="Adeyemi", email="amara@example.ac.uk"
    )
    ben = make_student("02500002", given_name="Ben", family_name="Brown", email="ben@example.ac.uk")
    choose_elective(student=amara, module_code="COMP70006", actor=None)
    choose_elective(student=ben, module_code="COMP70016", actor=None)
    text = WITH_ELECTIVES.replace("02500003,Chen,Costa,chen@example.ac.uk,\n", "")

    preview = preview_import(programme=programme, text=text, file="cohort.csv")
    import_students(programme=programme, text=text, file="cohort.csv", actor=None)

    assert [(r.student_id, r.action, r.changes) for r in preview.rows] == [
        ("02500001", "update", {"elective": ("COMP70006", "COMP70010")}),
        ("02500002", "unchanged", {}),
    ]
    assert electives() == [
        ("02500001", "COMP70010", "override", "imported"),
        ("02500002", "COMP70016", "chosen", ""),
    ]
    assert AuditEntry.objects.get(action="elective.overridden").data == {
        "module": "COMP70010",
        "replaced": ["COMP70006"],
    }
    # Only the elective changed: the record itself is not rewritten.
    assert not AuditEntry.objects.filter(action="student.updated").exists()


def test_an_empty_elective_leaves_the_student_s_elective_as_it_is(
    programme, open_window, make_student
):
    amara = make_student(
        "02500001", given_name="Amara", family_name="Adeyemi", email="amara@example.ac.uk"
    )
    choose_elective(student=amara, module_code="COMP70006", actor=None)
    text = (
        "student_id,given_name,family_name,email,elective\n"
        "02500001,Amara,Adeyemi,amara@example.ac.uk,\n"
    )

    preview = import_students(programme=programme, text=text, file="cohort.csv", actor=None)

    assert [(r.action, r.changes) for r in preview.rows] == [("unchanged", {})]
    assert electives() == [("02500001", "COMP70006", "chosen", "")]


def test_an_unknown_not_running_or_non_elective_code_refuses_the_whole_file(programme):
    text = (
        "student_id,given_name,family_name,email,status,elective\n"
        "02500001,Amara,Adeyemi,amara@example.ac.uk,,COMP70010\n"
        "02500002,Ben,Brown,ben@example.ac.uk,,COMP99999\n"
        "02500003,Chen,Costa,chen@example.ac.uk,,COMP70101\n"
        "02500004,Dana,Dias,dana@example.ac.uk,,COMP70061\n"
        "02500005,Eve,Evans,eve@example.ac.uk,interrupted,COMP70016\n"
    )

    with pytest.raises(ImportRefusedError) as refused:
        import_students(programme=programme, text=text, file="cohort.csv", actor=None)

    assert [str(e) for e in refused.value.preview.errors] == [
        "cohort.csv, line 3, elective: COMP99999 is not a module of MRes AI and Machine Learning",
        "cohort.csv, line 4, elective: COMP70101 Human-Robot Interaction is not running in "
        "2025-26; choose one of the electives that are running",
        "cohort.csv, line 5, elective: COMP70061 Research Tutorial is a core module: it is "
        "registered for every student and cannot be chosen",
        "cohort.csv, line 6, elective: the student is interrupted: an elective is registered "
        "only for an enrolled student; leave it empty",
    ]
    assert (Student.objects.count(), electives()) == (0, [])
    assert (
        not AuditEntry.objects.exists()
        or not AuditEntry.objects.filter(
            action__in=["students.imported", "student.added", "elective.overridden"]
        ).exists()
    )


def test_the_import_page_previews_the_elective_and_commits_it(programme, account):
    # A page test kept beside the import's domain tests (tests/web/test_pages.py is shared).
    client = Client()
    client.force_login(account("registry", "administrator"))
    text = WITH_ELECTIVES

    preview = client.post(
        "/students/import/",
        {
            "programme": programme.pk,
            "file": SimpleUploadedFile("cohort.csv", text.encode(), content_type="text/csv"),
        },
    ).content.decode()
    client.post(
        "/students/import/",
        {"commit": "1", "programme": programme.pk, "filename": "cohort.csv", "text": text},
    )

    assert (
        '<td data-label="Details">Amara Adeyemi, amara@example.ac.uk; elective '
        '<span class="code">COMP70010</span></td>'
    ) in preview
    assert "optional status, username and elective" in preview
    assert electives() == [
        ("02500001", "COMP70010", "override", "imported"),
        ("02500002", "COMP70016", "override", "imported"),
    ]


def test_a_different_elective_for_a_student_with_marks_in_theirs_is_a_bad_row(
    programme, open_window, make_student
):
    from registrar.assessment.models import Mark

    amara = make_student(
        "02500001", given_name="Amara", family_name="Adeyemi", email="amara@example.ac.uk"
    )
    choose_elective(student=amara, module_code="COMP70006", actor=None)
    Mark.objects.create(student=amara, module_code="COMP70006", mark="58.00")
    text = (
        "student_id,given_name,family_name,email,elective\n"
        "02500001,Amara,Adeyemi,amara@example.ac.uk,COMP70010\n"
    )

    preview = preview_import(programme=programme, text=text, file="cohort.csv")

    assert [str(e) for e in preview.errors] == [
        "cohort.csv, line 2, elective: 02500001 has marks in COMP70006; an elective with marks "
        "can be neither withdrawn nor replaced"
    ]

"""Importing students from CSV: validated, previewed, committed all or nothing."""

from __future__ import annotations

import hashlib

import pytest

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
        "sha256": hashlib.sha256(GOOD.encode()).hexdigest(),
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
        "cohort.csv:3: error: given_name: is empty. Fix: fill it in: every student needs one.",
        "cohort.csv:3: error: email: 'not-an-email' is not an email address. "
        "Fix: give an address such as name@example.ac.uk.",
        "cohort.csv:4: error: status: 'graduated' is not a status. "
        "Fix: use enrolled, interrupted, withdrawn, or leave it empty (enrolled).",
        "cohort.csv:4: error: student_id: 02500001 is already on line 2. "
        "Fix: keep one row per student.",
        "cohort.csv:5: error: student_id: '025-003' is not a student ID. "
        "Fix: use letters and digits only, at most 20.",
    ]
    assert Student.objects.count() == 0
    assert not AuditEntry.objects.filter(action="students.imported").exists()


def test_import_refuses_a_header_without_the_required_columns(programme):
    text = "id,given_name,family_name,mail\n1,A,B,a@example.ac.uk\n"

    preview = preview_import(programme=programme, text=text, file="bad.csv")

    assert [str(e) for e in preview.errors] == [
        "bad.csv:1: error: (header): the header lacks student_id, email. Fix: add those columns.",
        "bad.csv:1: error: (header): unknown columns 'id', 'mail'. Fix: use only student_id, "
        "given_name, family_name, email, status, username, elective.",
    ]


def test_import_refuses_an_empty_file(programme):
    preview = preview_import(programme=programme, text="", file="empty.csv")

    assert [str(e) for e in preview.errors] == [
        "empty.csv:1: error: (file): the file is empty. "
        "Fix: start it with the header row student_id,given_name,family_name,email."
    ]


def test_import_refuses_a_row_with_too_many_values(programme):
    text = "student_id,given_name,family_name,email\n1,A,B,a@example.ac.uk,extra\n"

    preview = preview_import(programme=programme, text=text, file="wide.csv")

    assert [str(e) for e in preview.errors] == [
        "wide.csv:2: error: (row): has more values than the header. "
        "Fix: remove the extra values, or quote a value that contains a comma."
    ]


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

    fix = "Fix: give the code of an elective running this year, or leave it empty."
    assert [str(e) for e in refused.value.preview.errors] == [
        "cohort.csv:3: error: elective: COMP99999 is not a module of MRes AI and Machine "
        f"Learning. {fix}",
        "cohort.csv:4: error: elective: COMP70101 Human-Robot Interaction is not running in "
        f"2025-26; choose one of the electives that are running. {fix}",
        "cohort.csv:5: error: elective: COMP70061 Research Tutorial is a core module: it is "
        f"registered for every student and cannot be chosen. {fix}",
        "cohort.csv:6: error: elective: the student is interrupted: an elective is registered "
        "only for an enrolled student. Fix: leave it empty.",
    ]
    assert (Student.objects.count(), electives()) == (0, [])
    assert (
        not AuditEntry.objects.exists()
        or not AuditEntry.objects.filter(
            action__in=["students.imported", "student.added", "elective.overridden"]
        ).exists()
    )


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
        "cohort.csv:2: error: elective: 02500001 has marks in COMP70006; an elective with marks "
        "can be neither withdrawn nor replaced. Fix: leave it empty to keep their elective."
    ]


# Regressions (issue 9): the preview checks everything the commit enforces.

HEAD = "student_id,given_name,family_name,email,status,username\n"


def refusals(programme, text: str, file: str = "cohort.csv") -> list[str]:
    """What the preview refuses; the commit must refuse the same and write nothing."""
    preview = preview_import(programme=programme, text=text, file=file)
    with pytest.raises(ImportRefusedError) as refused:
        import_students(programme=programme, text=text, file=file, actor=None)
    assert [str(e) for e in refused.value.preview.errors] == [str(e) for e in preview.errors]
    assert Student.objects.filter(student_id__startswith="X").count() == 0
    return [str(e) for e in preview.errors]


def test_the_same_username_twice_in_a_file_is_refused_by_the_preview(programme):
    text = HEAD + "X1,Ada,Lovelace,ada@example.ac.uk,,ada\nX2,Alan,Turing,alan@example.ac.uk,,ada\n"

    assert refusals(programme, text) == [
        "cohort.csv:3: error: username: 'ada' is already on line 2. "
        "Fix: give each student a login of their own."
    ]


def test_a_name_over_100_characters_and_an_email_over_254_are_refused(programme):
    long_email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"  # 311 characters, valid form
    text = HEAD + f"X1,{'A' * 101},Lovelace,{long_email},,\n"

    assert refusals(programme, text) == [
        "cohort.csv:2: error: given_name: is 101 characters long, more than the 100 it may "
        "have. Fix: shorten it to at most 100 characters.",
        "cohort.csv:2: error: email: is 311 characters long, more than the 254 it may have. "
        "Fix: shorten it to at most 254 characters.",
    ]


def test_a_nul_byte_or_another_control_character_in_any_field_is_refused(programme):
    text = (
        HEAD + "X1,Ada\x00,Lovelace,ada@example.ac.uk,,\n"
        'X2,Alan,"Tur\ning",alan@example.ac.uk,,\n'
        "X3,Grace,Hopper,grace@example.ac.uk,enrolled\x1b,\n"
    )

    assert refusals(programme, text) == [
        "cohort.csv:2: error: given_name: 'Ada\\x00' contains a control character (U+0000). "
        "Fix: remove it: a value is one line of printable text.",
        "cohort.csv:3: error: family_name: 'Tur\\ning' contains a control character (U+000A). "
        "Fix: remove it: a value is one line of printable text.",
        "cohort.csv:5: error: status: 'enrolled\\x1b' contains a control character (U+001B). "
        "Fix: remove it: a value is one line of printable text.",
    ]


def test_a_username_of_a_staff_account_is_refused_and_the_account_is_untouched(programme, account):
    board = account("board", "exam_board")
    text = (
        HEAD
        + "X1,Ada,Lovelace,ada@example.ac.uk,,board\nX2,Alan,Turing,alan@example.ac.uk,,admin\n"
    )
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("admin", "admin@example.ac.uk", "x")

    assert refusals(programme, text) == [
        "cohort.csv:2: error: username: 'board' is already the login of an account with the "
        "role Exam-board member. Fix: give the student a login of their own, or leave it empty.",
        "cohort.csv:3: error: username: 'admin' is already the login of an account that is not "
        "a student's. Fix: give the student a login of their own, or leave it empty.",
    ]
    board.refresh_from_db()
    assert (board.account.role, board.is_staff) == (Role.EXAM_BOARD, False)
    assert get_user_model().objects.get(username="admin").is_superuser


def test_a_username_of_another_student_is_refused_and_the_student_s_own_is_accepted(
    programme, make_student
):
    make_student("X9", username="ada")
    make_student("X8", username="alan")
    text = (
        HEAD + "X9,Ada,Lovelace,ada@example.ac.uk,,ada\nX1,Alan,Turing,alan@example.ac.uk,,alan\n"
    )

    preview = preview_import(programme=programme, text=text, file="cohort.csv")

    assert [str(e) for e in preview.errors] == [
        "cohort.csv:3: error: username: 'alan' is already the login of student X8. "
        "Fix: give the student a login of their own, or leave it empty."
    ]
    own = text.splitlines()[:2]
    accepted = preview_import(programme=programme, text="\n".join(own) + "\n", file="own.csv")
    assert [(r.student_id, r.action, r.changes) for r in accepted.rows] == [
        (
            "X9",
            "update",
            {
                "given_name": ("Given" + "X9"[-2:], "Ada"),
                "family_name": ("FamilyX9", "Lovelace"),
                "email": ("sX9@example.ac.uk", "ada@example.ac.uk"),
            },
        )
    ]


def test_student_ids_and_usernames_are_compared_as_the_database_compares_them(programme, account):
    account("ada", "exam_board")
    # The database tells x1 from X1 and ADA from ada: different students, a new login.
    text = HEAD + "X1,Ada,Lovelace,ada@example.ac.uk,,ADA\nx1,Alan,Turing,alan@example.ac.uk,,\n"

    preview = import_students(programme=programme, text=text, file="cohort.csv", actor=None)

    assert [(r.student_id, r.action) for r in preview.rows] == [("X1", "add"), ("x1", "add")]
    assert Student.objects.get(student_id="X1").user.username == "ADA"


def test_a_quoted_field_over_the_csv_limit_is_one_line_naming_the_file_and_line(programme):
    text = (
        HEAD + "X1,Ada,Lovelace,ada@example.ac.uk,,\n" + 'X2,"' + "A" * 140_000 + '",T,t@x.uk,,\n'
    )

    assert refusals(programme, text) == [
        "cohort.csv:3: error: (file): cannot be read as CSV (field larger than field limit "
        "(131072)). Fix: no value may be longer than 131,072 characters: look for a quote "
        "that is never closed."
    ]


def test_a_file_that_is_not_utf8_is_one_line_naming_the_line(programme):
    data = (HEAD + "X1,Ada,Lovelace,ada@example.ac.uk,,\nX2,Ren\xe9,T,t@example.ac.uk,,\n").encode(
        "latin-1"
    )

    preview = preview_import(programme=programme, text=data, file="cohort.csv")

    assert [str(e) for e in preview.errors] == [
        "cohort.csv:3: error: (file): is not UTF-8 text (byte 0xe9). Fix: save it as CSV UTF-8."
    ]

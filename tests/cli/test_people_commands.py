"""`registrar import-students`, run as a newcomer would: a fresh process on a fresh SQLite file
under a temporary var/ (the command moved here from cli/web.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.web.test_cli_web import count, run


def test_import_students_previews_by_default_and_commits_with_the_flag(tmp_path):
    run(["demo"], tmp_path)
    csv = tmp_path / "new.csv"
    csv.write_text("student_id,given_name,family_name,email\nX1,Ada,Lovelace,ada@example.ac.uk\n")

    preview = run(["import-students", str(csv)], tmp_path)
    assert preview.returncode == 0, preview.stderr
    before = count(tmp_path, "select count(*) from people_student")
    commit = run(["import-students", str(csv), "--commit"], tmp_path)

    assert preview.stdout.splitlines() == [
        "line 2: add X1",
        f"{csv}: would import (run again with --commit): 1 added, 0 updated, 0 unchanged",
    ]
    # the demo's 44 imported and its enrolled applicant (demo/admissions.py), then X1
    assert (before, count(tmp_path, "select count(*) from people_student")) == (45, 46)
    assert commit.returncode == 0


def test_import_students_refuses_a_bad_file_whole(tmp_path):
    run(["demo"], tmp_path)
    csv = tmp_path / "bad.csv"
    csv.write_text("student_id,given_name,family_name,email\nX1,Ada,,ada@example.ac.uk\n")

    result = run(["import-students", str(csv), "--commit"], tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{csv}:2: error: family_name: is empty. Fix: fill it in: every student needs one.",
        "error: 1 problem; nothing was imported",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 45  # the demo's


MRES_YAML = "programmes/imperial/mres-ai-ml/2025-26.yaml"


def electives(var: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(var / "registrar.sqlite3") as db:
        return db.execute(
            "select s.student_id, r.module_code, r.how, r.reason "
            "from registrations_registration r join people_student s on s.id = r.student_id "
            "where r.category = 'elective' order by s.student_id"
        ).fetchall()


def test_import_students_registers_the_elective_column_after_a_fresh_publish(tmp_path):
    assert run(["publish", MRES_YAML], tmp_path).returncode == 0
    csv = tmp_path / "cohort.csv"
    csv.write_text(
        "student_id,given_name,family_name,email,elective\n"
        "X1,Ada,Lovelace,ada@example.ac.uk,COMP70010\n"
        "X2,Alan,Turing,alan@example.ac.uk,\n",
        encoding="utf-8",
    )

    preview = run(["import-students", str(csv), "--programme", "G5ZB/2025-26"], tmp_path)
    before = electives(tmp_path)
    commit = run(["import-students", str(csv), "--programme", "G5ZB/2025-26", "--commit"], tmp_path)

    assert (preview.returncode, preview.stderr) == (0, "")
    assert preview.stdout.splitlines() == [
        "line 2: add X1 elective:  → COMP70010",
        "line 3: add X2",
        f"{csv}: would import (run again with --commit): 2 added, 0 updated, 0 unchanged",
    ]
    assert before == []
    assert (commit.returncode, commit.stderr) == (0, "")
    assert commit.stdout.splitlines()[-1] == f"{csv}: imported: 2 added, 0 updated, 0 unchanged"
    assert electives(tmp_path) == [("X1", "COMP70010", "override", "imported")]


def test_import_students_replaces_a_different_elective_and_keeps_the_same_one(tmp_path):
    run(["publish", MRES_YAML], tmp_path)
    first = tmp_path / "first.csv"
    first.write_text(
        "student_id,given_name,family_name,email,elective\n"
        "X1,Ada,Lovelace,ada@example.ac.uk,COMP70010\n"
        "X2,Alan,Turing,alan@example.ac.uk,COMP70016\n",
        encoding="utf-8",
    )
    run(["import-students", str(first), "--commit"], tmp_path)
    second = tmp_path / "second.csv"
    second.write_text(first.read_text().replace("COMP70010", "COMP70006"), encoding="utf-8")

    result = run(["import-students", str(second), "--commit"], tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "line 2: update X1 elective: COMP70010 → COMP70006",
        "line 3: unchanged X2",
        f"{second}: imported: 0 added, 1 updated, 1 unchanged",
    ]
    assert electives(tmp_path) == [
        ("X1", "COMP70006", "override", "imported"),
        ("X2", "COMP70016", "override", "imported"),
    ]


def test_import_students_refuses_bad_electives_listing_every_problem_and_writes_nothing(
    tmp_path,
):
    run(["publish", MRES_YAML], tmp_path)
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "student_id,given_name,family_name,email,elective\n"
        "X1,Ada,Lovelace,ada@example.ac.uk,COMP70010\n"
        "X2,Alan,Turing,alan@example.ac.uk,COMP12345\n"
        "X3,Grace,Hopper,grace@example.ac.uk,COMP70101\n"
        "X4,Edsger,Dijkstra,not-an-email,COMP70059\n",
        encoding="utf-8",
    )

    result = run(["import-students", str(csv), "--commit"], tmp_path)

    assert (result.returncode, result.stdout) == (1, "")
    fix = "Fix: give the code of an elective running this year, or leave it empty."
    assert result.stderr.splitlines() == [
        f"{csv}:3: error: elective: COMP12345 is not a module of MRes AI and Machine Learning. "
        + fix,
        f"{csv}:4: error: elective: COMP70101 Human-Robot Interaction is not running in "
        f"2025-26; choose one of the electives that are running. {fix}",
        f"{csv}:5: error: email: 'not-an-email' is not an email address. "
        "Fix: give an address such as name@example.ac.uk.",
        f"{csv}:5: error: elective: COMP70059 MRes Individual Research Project is a core "
        f"module: it is registered for every student and cannot be chosen. {fix}",
        "error: 4 problems; nothing was imported",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 0
    assert count(tmp_path, "select count(*) from registrations_registration") == 0


def test_import_students_refuses_a_csv_field_over_the_limit_in_one_line_not_exit_70(tmp_path):
    run(["publish", MRES_YAML], tmp_path)
    csv = tmp_path / "huge.csv"
    csv.write_text(
        'student_id,given_name,family_name,email\nX1,"' + "A" * 140_000 + '",B,b@example.ac.uk\n',
        encoding="utf-8",
    )

    result = run(["import-students", str(csv), "--commit"], tmp_path)

    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"{csv}:2: error: (file): cannot be read as CSV (field larger than field limit "
        "(131072)). Fix: no value may be longer than 131,072 characters: look for a quote that "
        "is never closed.",
        "error: 1 problem; nothing was imported",
    ]


def test_import_students_refuses_a_file_that_is_not_utf8_in_one_line(tmp_path):
    run(["publish", MRES_YAML], tmp_path)
    csv = tmp_path / "latin.csv"
    csv.write_bytes(b"student_id,given_name,family_name,email\nX1,Ren\xe9,B,b@example.ac.uk\n")

    result = run(["import-students", str(csv)], tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{csv}:2: error: (file): is not UTF-8 text (byte 0xe9). Fix: save it as CSV UTF-8.",
        "error: 1 problem; nothing was imported",
    ]


def test_import_students_committed_twice_writes_nothing_the_second_time(tmp_path):
    run(["publish", MRES_YAML], tmp_path)
    csv = tmp_path / "cohort.csv"
    csv.write_text("student_id,given_name,family_name,email\nX1,Ada,L,ada@example.ac.uk\n")
    run(["import-students", str(csv), "--commit"], tmp_path)
    entries = count(tmp_path, "select count(*) from audit_auditentry")

    again = run(["import-students", str(csv), "--commit"], tmp_path)

    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout.splitlines() == [
        "line 2: unchanged X1",
        f"{csv}: nothing to import: every row is already in the records (it may have been "
        "imported already); nothing was written",
    ]
    assert count(tmp_path, "select count(*) from audit_auditentry") == entries

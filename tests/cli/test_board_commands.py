"""`registrar board run | verify | export | lock`: the DESIGN.md contract.

Most tests run the commands in this process (CliRunner) on the test database, so they run
on SQLite and PostgreSQL alike. One test drives the whole path as the acceptance tests do:
fresh processes on a fresh REGISTRAR_VAR, `publish`, `import-students`, `marks import
--commit`, then the board commands.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from registrar.boards.domain.export import export_csv
from registrar.boards.models import BoardRun
from registrar.cli import app
from tests.boards.world import add_mark, make_cohort
from tests.conftest import MRES, ROOT

runner = CliRunner()


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def board(*args: str):
    return runner.invoke(app, ["board", *args])


def _only_run() -> BoardRun:
    return BoardRun.objects.select_related("version").get()


@pytest.mark.django_db
def test_board_run_prints_the_id_of_the_run_it_stored(cohort):
    result = board("run", "--programme", "G5ZB/2025-26")

    assert (result.exit_code, result.stdout) == (0, f"{_only_run().pk}\n")


@pytest.mark.django_db
def test_board_run_json_gives_the_run_its_hashes_and_the_classification_records(cohort, tmp_path):
    result = board("run", "--json")

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    run = _only_run()
    assert list(document) == ["run", "hashes", "students"]
    assert (document["run"], document["hashes"]) == (run.pk, run.hashes)
    # the same records `registrar classify --format json` gives for what the run read
    marks, registrations = tmp_path / "marks.csv", tmp_path / "registrations.csv"
    marks.write_text(run.marks_csv, encoding="utf-8")
    registrations.write_text(run.registrations_csv, encoding="utf-8")
    classify = runner.invoke(
        app,
        [
            "classify",
            "--programme",
            str(MRES),
            str(marks),
            "--registrations",
            str(registrations),
            "--format",
            "json",
        ],
    )
    assert document["students"] == json.loads(classify.stdout)
    assert [s["student_id"] for s in document["students"]] == [f"0000000{n}" for n in range(1, 9)]
    assert document["students"][3]["credits_compensated"] == 5
    assert document["students"][4]["dic"] is False


@pytest.mark.django_db
def test_board_run_names_an_unknown_programme(cohort):
    result = board("run", "--programme", "XXXX/2025-26")

    assert (result.exit_code, result.stderr) == (
        1,
        "error: no programme XXXX/2025-26; publish its specification first (registrar publish)\n",
    )
    assert BoardRun.objects.count() == 0


@pytest.mark.django_db
def test_board_run_refuses_stored_marks_the_engine_rejects(cohort):
    add_mark(cohort["00000001"], "COMP70010", 3, "50")

    result = board("run")

    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: the stored records do not pass the engine's checks: marks.csv:"
    )
    assert BoardRun.objects.count() == 0


@pytest.mark.django_db
def test_board_verify_says_a_run_is_identical_and_later_marks_do_not_disturb_it(cohort):
    board("run")
    add_mark(cohort["00000008"], "COMP70010", 1, "55")

    result = board("verify", str(_only_run().pk))

    assert (result.exit_code, result.stdout) == (
        0,
        f"board run {_only_run().pk} is identical: every hash matches and re-deriving it gives "
        "the stored results of its 8 students exactly\n",
    )


@pytest.mark.django_db
def test_board_verify_lists_every_difference_one_per_line(cohort):
    board("run")
    run = _only_run()
    BoardRun.objects.filter(pk=run.pk).update(
        results_csv=run.results_csv.replace("00000004,awarded,MRes,Merit", "00000004,failed,,"),
        engine_version="0.0.1+rules.000000000000",
    )

    result = board("verify", str(run.pk))

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"engine version: the run used 0.0.1+rules.000000000000, this is {run.engine_version}",
        "student 00000004, status: stored 'failed', re-derived 'awarded'",
        "student 00000004, award: stored '', re-derived 'MRes'",
        "student 00000004, classification: stored '', re-derived 'Merit'",
        f"error: board run {run.pk} differs from what it stored: 4 differences",
    ]
    assert result.stdout == ""


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["verify", "lock"])
@pytest.mark.parametrize("given", ["99", "abc"])
def test_an_unknown_run_is_named(cohort, command, given):
    result = board(command, given)

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: no board run {given}; `registrar board run` prints the ID of each run it makes\n",
    )


@pytest.mark.django_db
def test_board_export_writes_csv_xlsx_and_pdf(cohort, tmp_path):
    board("run")
    run = _only_run()
    written = {}
    for file_format in ("csv", "xlsx", "pdf"):
        path = tmp_path / f"board.{file_format}"
        result = board("export", str(run.pk), "--format", file_format, "-o", str(path))
        assert (result.exit_code, result.stdout) == (
            0,
            f"wrote {path} ({file_format}, board run {run.pk})\n",
        )
        written[file_format] = path.read_bytes()

    assert written["csv"].decode("utf-8") == export_csv(run)
    rows = list(csv.DictReader(io.StringIO(written["csv"].decode("utf-8"))))
    assert (list(rows[0])[-2:], rows[0]["decision"]) == (["decision", "decision_reason"], "agreed")
    sheet = load_workbook(io.BytesIO(written["xlsx"]))["Decisions"]
    assert [c.value for c in sheet[1]][-2:] == ["decision", "decision_reason"]
    assert sheet.max_row == 9
    assert written["pdf"][:5] == b"%PDF-"


@pytest.mark.django_db
def test_board_export_names_a_file_it_cannot_write(cohort, tmp_path):
    board("run")
    target = tmp_path / "missing" / "board.csv"

    result = board("export", str(_only_run().pk), "--format", "csv", "-o", str(target))

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {target}: cannot write (No such file or directory)\n",
    )


@pytest.mark.django_db
def test_board_lock_locks_once(cohort):
    board("run")
    run = _only_run()

    first = board("lock", str(run.pk))
    second = board("lock", str(run.pk))

    assert (first.exit_code, first.stdout) == (
        0,
        f"board run {run.pk} is locked: its decisions are final and the 41 stored mark rows "
        "it read can no longer change\n",
    )
    assert (second.exit_code, second.stderr) == (
        1,
        f"error: board run {run.pk} is already locked\n",
    )
    assert _only_run().is_locked


# --- the whole path, as the acceptance tests drive it ----------------------------------------

STUDENTS = (
    "student_id,given_name,family_name,email,elective\n"
    "02500001,Ada,Lovelace,ada@example.ac.uk,COMP70010\n"
    "02500002,Alan,Turing,alan@example.ac.uk,COMP70016\n"
)
MARKS = (
    "student_id,module_code,component,attempt,mark,flag,late_hours\n"
    "02500001,COMP70059,,1,72.50,,\n"
    "02500001,COMP70060,,1,70,,\n"
    "02500001,COMP70061,,1,71,,\n"
    "02500001,COMP70076,,1,68,,\n"
    "02500001,COMP70010,,1,74,,\n"
    "02500002,COMP70059,,1,58,,\n"
    "02500002,COMP70060,,1,45,,\n"
    "02500002,COMP70061,,1,60,,\n"
    "02500002,COMP70076,,1,61,,\n"
    "02500002,COMP70016,,1,66,,\n"
)


def registrar(args: list[str], var: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["REGISTRAR_VAR"] = str(var)
    return subprocess.run(
        [sys.executable, "-m", "registrar.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_board_commands_on_a_fresh_registrar_var_after_publish_import_and_marks(tmp_path):
    var = tmp_path / "var"
    students, marks = tmp_path / "students.csv", tmp_path / "marks.csv"
    students.write_text(STUDENTS, encoding="utf-8")
    marks.write_text(MARKS, encoding="utf-8")
    steps = [
        ["publish", str(MRES)],
        ["import-students", str(students), "--commit"],
        ["marks", "import", str(marks), "--programme", "G5ZB/2025-26", "--commit"],
    ]
    for step in steps:
        done = registrar(step, var)
        assert done.returncode == 0, (step, done.stdout, done.stderr)

    ran = registrar(["board", "run", "--programme", "G5ZB/2025-26", "--json"], var)
    assert ran.returncode == 0, ran.stderr
    document = json.loads(ran.stdout)
    run = str(document["run"])
    assert sorted(document["hashes"]) == ["marks", "registrations", "regulations", "specification"]
    assert [
        (s["student_id"], s["status"], s["classification"], s["powa"], s["referred_modules"])
        for s in document["students"]
    ] == [
        # (72.50×60 + 70×10 + 71×10 + 68×5 + 74×5) / 90 = 6470 / 90
        ("02500001", "awarded", "Distinction", "71.89", ""),
        # (58×60 + 45×10 + 60×10 + 61×5 + 66×5) / 90 = 5165 / 90; core COMP70060 failed
        ("02500002", "referred", "", "57.39", "COMP70060"),
    ]

    assert registrar(["board", "verify", run], var).returncode == 0
    for file_format in ("csv", "xlsx", "pdf"):
        out = tmp_path / f"board.{file_format}"
        exported = registrar(["board", "export", run, "--format", file_format, "-o", str(out)], var)
        assert (exported.returncode, out.stat().st_size > 0) == (0, True), exported.stderr
    assert (tmp_path / "board.csv").read_text(encoding="utf-8").splitlines()[1].endswith(",agreed,")
    assert registrar(["board", "lock", run], var).returncode == 0

    # the locked board locked the marks it read: changing one is refused, a resit is accepted
    changed = tmp_path / "changed.csv"
    changed.write_text(MARKS.splitlines()[0] + "\n02500002,COMP70060,,1,50,,\n", encoding="utf-8")
    resit = tmp_path / "resit.csv"
    resit.write_text(MARKS.splitlines()[0] + "\n02500002,COMP70060,,2,55,,\n", encoding="utf-8")
    refused = registrar(["marks", "import", str(changed), "--commit"], var)
    accepted = registrar(["marks", "import", str(resit), "--commit"], var)
    assert (refused.returncode, accepted.returncode) == (1, 0), refused.stderr + accepted.stderr
    # and the run still verifies: it re-derives from what it stored
    again = registrar(["board", "verify", run], var)
    assert (again.returncode, again.stdout.startswith(f"board run {run} is identical")) == (0, True)
    assert registrar(["board", "verify", "404"], var).stderr == (
        "error: no board run 404; `registrar board run` prints the ID of each run it makes\n"
    )

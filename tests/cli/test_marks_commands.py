"""`registrar marks import | export`: the DESIGN.md contract, on the test database.

The commands run in this process (CliRunner) against the test database, so they run on
SQLite and PostgreSQL alike; one test runs the real command in a fresh process on a
fresh REGISTRAR_VAR, as the acceptance tests do.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from registrar.assessment.domain.contract import marks_csv
from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from registrar.boards.domain.runs import run_board
from registrar.cli import app
from registrar.registrations.domain.export import registrations_csv
from tests.assessment.world import AMARA, BEN, CARA, HEADER, make_cohort, stored
from tests.conftest import MRES, ROOT

runner = CliRunner()

GOOD = (
    HEADER
    + f"{AMARA},COMP70059,Background report,1,65.5,,\n"
    + f"{AMARA},COMP70076,,1,70,,\n"
    + f"{BEN},COMP70076,,1,,NS,\n"
)


@pytest.fixture
def cohort(programme, make_student, account):
    return make_cohort(programme, make_student, account)


def marks(*args: str):
    return runner.invoke(app, ["marks", *args])


def write(tmp_path: Path, text: str, name: str = "marks.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_previews_by_default_and_writes_nothing(cohort, tmp_path):
    path = write(tmp_path, GOOD)

    result = marks("import", str(path), "--programme", "G5ZB/2025-26")

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"line 2: add {AMARA} COMP70059 Background report attempt 1: 65.50",
        f"line 3: add {AMARA} COMP70076 attempt 1: 70.00",
        f"line 4: add {BEN} COMP70076 attempt 1: NS",
        f"{path}: would save (run again with --commit): 3 added, 0 changed, 0 unchanged",
    ]
    assert Mark.objects.count() == 0


@pytest.mark.django_db
def test_import_commit_saves_as_the_system(cohort, tmp_path):
    path = write(tmp_path, GOOD)

    result = marks("import", str(path), "--commit")

    assert (result.exit_code, result.stdout.splitlines()[-1]) == (
        0,
        f"{path}: saved: 3 added, 0 changed, 0 unchanged",
    )
    assert [row[:5] for row in stored()] == [
        (AMARA, "COMP70059", "Background report", 1, "65.50"),
        (AMARA, "COMP70076", "", 1, "70.00"),
        (BEN, "COMP70076", "", 1, None),
    ]
    assert set(AuditEntry.objects.filter(action="mark.added").values_list("actor", flat=True)) == {
        None
    }


@pytest.mark.django_db
def test_a_refused_file_lists_every_problem_exits_1_and_saves_nothing(cohort, tmp_path):
    path = write(
        tmp_path,
        HEADER
        + f"{AMARA},COMP70076,,1,70,,\n"
        + "09999999,COMP70076,,1,70,,\n"
        + f"{CARA},COMP70010,,1,101,,\n",
    )

    result = marks("import", str(path), "--commit")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{path}:3: error: student_id: 09999999 is not a student of G5ZB/2025-26. "
        "Fix: remove the row, or import the student into the cohort first.",
        f"{path}:4: error: mark: 101 is above 100. Fix: give a mark from 0 to 100.",
        f"{path}:4: error: module_code: student {CARA} is not registered on COMP70010. "
        "Fix: remove the row, or register the student on the module first.",
        "error: 3 problems; no marks were saved",
    ]
    assert Mark.objects.count() == 0


@pytest.mark.django_db
def test_an_unreadable_file_exits_2(cohort, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(HEADER.encode() + "É".encode("latin-1"))

    missing = marks("import", str(tmp_path / "nowhere.csv"))
    not_utf8 = marks("import", str(latin))
    not_xlsx = marks("import", str(write(tmp_path, "just text", "marks.xlsx")))

    assert (missing.exit_code, not_utf8.exit_code, not_xlsx.exit_code) == (2, 2, 2)
    assert not_utf8.stderr == (
        f"{latin}:2: error: (file): is not UTF-8 text (byte 0xc9). Fix: save it as CSV UTF-8.\n"
    )


@pytest.mark.django_db
def test_an_xlsx_file_imports_like_its_csv(cohort, tmp_path):
    book = Workbook()
    sheet = book.active
    for row in (("student_id", "module_code", "mark"), (AMARA, "COMP70076", 64.5)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "marks.xlsx"
    path.write_bytes(buffer.getvalue())

    result = marks("import", str(path), "--commit")

    assert (result.exit_code, stored()) == (0, [(AMARA, "COMP70076", "", 1, "64.50", "", None, 1)])


@pytest.mark.django_db
def test_a_mark_locked_by_a_board_is_refused_with_exit_1_but_a_resit_is_saved(cohort, tmp_path):
    from registrar.boards.domain.locking import lock_board

    marks("import", str(write(tmp_path, GOOD)), "--commit")
    run = lock_board(run=run_board(programme=cohort.programme, actor=None), actor=None)
    change = write(tmp_path, HEADER + f"{AMARA},COMP70076,,1,72,,\n", "change.csv")
    resit = write(tmp_path, HEADER + f"{BEN},COMP70076,,2,55,,\n", "resit.csv")

    refused = marks("import", str(change), "--commit")
    accepted = marks("import", str(resit), "--commit")

    assert (refused.exit_code, refused.stderr.splitlines()) == (
        1,
        [
            f"{change}:2: error: mark: the mark of {AMARA} COMP70076 whole module, attempt 1 "
            f"is locked by board run {run.pk}. Fix: leave it as it is; a resit is a new attempt.",
            "error: 1 problem; no marks were saved",
        ],
    )
    assert (accepted.exit_code, stored(student__student_id=BEN)[-1][3:5]) == (0, (2, "55.00"))


@pytest.mark.django_db
def test_export_writes_exactly_the_stored_marks(cohort, tmp_path):
    marks("import", str(write(tmp_path, GOOD)), "--commit")
    out = tmp_path / "export.csv"

    result = marks("export", "--programme", "G5ZB/2025-26", "-o", str(out))

    assert (result.exit_code, result.stdout) == (
        0,
        f"{out}: 3 marks of MRes AI and Machine Learning (2025-26 entry)\n",
    )
    assert out.read_bytes() == marks_csv(cohort.programme).encode()
    assert out.read_text() == (
        HEADER
        + f"{AMARA},COMP70059,Background report,1,65.50,,\n"
        + f"{AMARA},COMP70076,,1,70.00,,\n"
        + f"{BEN},COMP70076,,1,,NS,\n"
    )


@pytest.mark.django_db
def test_export_then_classify_gives_the_boards_result_exactly(cohort, tmp_path):
    """What the board stored equals `registrar classify` on the exported marks."""
    year = (
        HEADER
        + "".join(
            f"{sid},COMP70059,{c},1,{m},,\n"
            for sid, m in ((AMARA, "72"), (BEN, "58.5"), (CARA, "45"))
            for c in ("Background report", "Research thesis", "Oral presentation")
        )
        + "".join(
            f"{sid},{code},{c},1,{m},,\n"
            for sid, m in ((AMARA, "69.99"), (BEN, "61"), (CARA, "38"))
            for code, c in (
                ("COMP70060", "Written reports"),
                ("COMP70061", "Paper discussion"),
                ("COMP70061", "Presentation slides"),
                ("COMP70061", "Summary report"),
            )
        )
        + f"{AMARA},COMP70076,,1,70,,\n{BEN},COMP70076,,1,,MC,\n{CARA},COMP70076,,1,40,,\n"
        + f"{AMARA},COMP70010,,1,45,,12\n{BEN},COMP70016,,1,,NS,\n"
    )
    assert marks("import", str(write(tmp_path, year)), "--commit").exit_code == 0
    run = run_board(programme=cohort.programme, actor=None)
    exported = tmp_path / "export.csv"
    registrations = write(tmp_path, registrations_csv(cohort.programme), "registrations.csv")
    results = tmp_path / "results.csv"

    assert marks("export", "-o", str(exported)).exit_code == 0
    classify = runner.invoke(
        app,
        [
            "classify",
            "--programme",
            str(MRES),
            str(exported),
            "--registrations",
            str(registrations),
            "--format",
            "csv",
            "-o",
            str(results),
        ],
    )

    assert classify.exit_code == 0, classify.output
    assert results.read_text(encoding="utf-8") == run.results_csv
    assert run.results_csv.count("\n") == 4  # header and three students


def test_the_commands_work_on_a_fresh_database_in_a_new_process(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["REGISTRAR_VAR"] = str(tmp_path / "var")

    def registrar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "registrar.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )

    students = write(
        tmp_path,
        f"student_id,given_name,family_name,email\n{AMARA},Amara,Adeyemi,amara@example.ac.uk\n",
        "students.csv",
    )
    bad = write(tmp_path, HEADER + f"{AMARA},COMP70076,,1,70,,\n{AMARA},COMP70010,,1,61,,\n")
    good = write(tmp_path, HEADER + f"{AMARA},COMP70076,,1,70,,\n", "good.csv")
    out = tmp_path / "export.csv"

    steps = [
        registrar("publish", str(MRES)),
        registrar("import-students", str(students), "--commit"),
        registrar("marks", "import", str(bad), "--programme", "G5ZB/2025-26", "--commit"),
        registrar("marks", "import", str(good), "--programme", "G5ZB/2025-26", "--commit"),
        registrar("marks", "export", "--programme", "G5ZB/2025-26", "-o", str(out)),
    ]

    assert [s.returncode for s in steps] == [0, 0, 1, 0, 0], [s.stderr for s in steps]
    assert steps[2].stderr == (
        f"{bad}:3: error: module_code: student {AMARA} is not registered on COMP70010. "
        "Fix: remove the row, or register the student on the module first.\n"
        "error: 1 problem; no marks were saved\n"
    )
    assert out.read_text() == HEADER + f"{AMARA},COMP70076,,1,70.00,,\n"

"""`registrar demo`, `registrar import-students` and `registrar serve`, run as a newcomer would.

Each runs the real command in a fresh process on a fresh SQLite file under a temporary var/.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import ROOT

REGISTRAR = [sys.executable, "-m", "registrar.cli"]


def run(args: list[str], var: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["REGISTRAR_VAR"] = str(var)
    return subprocess.run(
        REGISTRAR + args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs
    )


def count(var: Path, sql: str) -> int:
    with sqlite3.connect(var / "registrar.sqlite3") as db:
        return db.execute(sql).fetchone()[0]


def test_demo_loads_everything_prints_logins_and_keeps_data_when_run_again(tmp_path):
    first = run(["demo"], tmp_path)
    second = run(["demo"], tmp_path)

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert first.stdout.splitlines()[:3] == [
        "Published MRes AI and Machine Learning (2025-26 entry) version 1.",
        "Module choice opened.",
        "Demo cohort: 44 students imported into MRes AI and Machine Learning (2025-26 entry).",
    ]
    block = first.stdout.split("Demo accounts (username / password / role):\n")[1]
    logins = [
        line.split()[:2]
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("sees:")
    ]
    assert logins == [
        ["admin", "admin-demo-pass"],
        ["student", "student-demo-pass"],
        ["resit", "resit-demo-pass"],
        ["chooser", "chooser-demo-pass"],
        ["lead", "lead-demo-pass"],
        ["leader", "leader-demo-pass"],
        ["supervisor", "supervisor-demo-pass"],
        ["industry", "industry-demo-pass"],
        ["board", "board-demo-pass"],
        ["external", "external-demo-pass"],
    ]
    assert second.stdout.splitlines()[:2] == [
        "Specification programmes/imperial/mres-ai-ml/2025-26.yaml unchanged since the last "
        "version.",
        "Demo cohort kept: 44 students in MRes AI and Machine Learning (2025-26 entry).",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 44
    assert count(tmp_path, "select count(*) from programmes_specificationversion") == 1
    # Varied states: chosen, overridden, not yet chosen, not enrolled.
    hows = dict(
        sqlite3.connect(tmp_path / "registrar.sqlite3")
        .execute(
            "select how, count(*) from registrations_registration "
            "where category = 'elective' group by how"
        )
        .fetchall()
    )
    assert hows == {"chosen": 28, "override": 4}
    assert count(tmp_path, "select count(*) from people_student where status != 'enrolled'") == 3
    assert count(tmp_path, "select count(*) from people_account") == 10  # one per demo login


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
    assert (before, count(tmp_path, "select count(*) from people_student")) == (44, 45)
    assert commit.returncode == 0


def test_import_students_refuses_a_bad_file_whole(tmp_path):
    run(["demo"], tmp_path)
    csv = tmp_path / "bad.csv"
    csv.write_text("student_id,given_name,family_name,email\nX1,Ada,,ada@example.ac.uk\n")

    result = run(["import-students", str(csv), "--commit"], tmp_path)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{csv}, line 2, family_name: is empty; every student needs one",
        "error: 1 problem; nothing was imported",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 44


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
    assert result.stderr.splitlines() == [
        f"{csv}, line 3, elective: COMP12345 is not a module of MRes AI and Machine Learning",
        f"{csv}, line 4, elective: COMP70101 Human-Robot Interaction is not running in "
        "2025-26; choose one of the electives that are running",
        f"{csv}, line 5, email: 'not-an-email' is not an email address",
        f"{csv}, line 5, elective: COMP70059 MRes Individual Research Project is a core "
        "module: it is registered for every student and cannot be chosen",
        "error: 4 problems; nothing was imported",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 0
    assert count(tmp_path, "select count(*) from registrations_registration") == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_and_answers(tmp_path):
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["REGISTRAR_VAR"] = str(tmp_path)
    server = subprocess.Popen(
        [*REGISTRAR, "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as r:
                    body = r.read().decode()
                    css = urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/static/registrar/registrar.css", timeout=2
                    ).status
                break
            except OSError:
                time.sleep(0.2)
        assert "<h1>Sign in</h1>" in body
        assert css == 200
        assert count(tmp_path, "select count(*) from django_migrations") > 0
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()


def test_publish_makes_a_new_version_and_lists_what_changed(tmp_path):
    run(["demo"], tmp_path)
    changed = tmp_path / "2025-26.yaml"
    text = (ROOT / "programmes/imperial/mres-ai-ml/2025-26.yaml").read_text(encoding="utf-8")
    changed.write_text(text.replace("revised: 2025-01", "revised: 2025-06"), encoding="utf-8")

    again = run(["publish", "programmes/imperial/mres-ai-ml/2025-26.yaml"], tmp_path)
    result = run(["publish", str(changed), "--note", "June revision"], tmp_path)

    assert (again.returncode, result.returncode) == (1, 0)
    assert again.stderr.startswith(
        "error: programmes/imperial/mres-ai-ml/2025-26.yaml is identical"
    )
    assert result.stdout.splitlines() == [
        "Published MRes AI and Machine Learning (2025-26 entry) version 2.",
        "  changed: details.revised",
    ]

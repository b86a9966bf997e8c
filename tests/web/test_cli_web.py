"""`registrar demo` and `registrar serve`, run as a newcomer would (import-students:
tests/cli/test_people_commands.py).

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
        ["tutor", "tutor-demo-pass"],
        ["applicant", "applicant-demo-pass"],
    ]
    assert second.stdout.splitlines()[:2] == [
        "Specification programmes/imperial/mres-ai-ml/2025-26.yaml unchanged since the last "
        "version.",
        # the 44 imported, and the demo's enrolled applicant (demo/admissions.py)
        "Demo cohort kept: 45 students in MRes AI and Machine Learning (2025-26 entry).",
    ]
    assert count(tmp_path, "select count(*) from people_student") == 45
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
    # one per demo login (12), and the 8 other applicants of the demo (no password; one of
    # them erased, its account anonymised but kept: the ledger names its actor)
    assert count(tmp_path, "select count(*) from people_account") == 20


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
        deadline = time.monotonic() + 180  # migrate and collectstatic come first
        while time.monotonic() < deadline:
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
        server.wait(timeout=30)
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

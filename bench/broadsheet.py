"""The broadsheet benchmark: `python -m bench.broadsheet` (issue 7, point 11). Not a test.

In a fresh database of its own it loads the MRes programme and a seeded synthetic cohort of
enrolled students with their registrations and stored marks (bench/cohort.py, the engine
benchmark's generator), runs one exam board, then measures:

- the broadsheet page `/boards/<run>/`: server time through Django's test Client, signed in
  as an exam-board member, for the first view (which re-derives the run's evaluation) and a
  warm view (the evaluation cached, as every later view is); the best of `--repeat`;
- one student's explanation page, warm;
- the engine's own evaluation of the same students: `evaluate_texts` on the run's stored
  texts (reading the CSV, checking it, evaluating), the best of `--repeat`;

and reports page / engine. Aim: the broadsheet under 1 s for 1,000 students.

The database is SQLite under a fresh temporary REGISTRAR_VAR by default; with DATABASE_URL
set, a PostgreSQL database `<name>_bench_broadsheet` on that server, created afresh and
dropped afterwards. Django runs with DEBUG off, as in production. Results are merged into
bench/results/<date>-broadsheet.json under the database's name ("sqlite" / "postgresql").

    python -m bench.broadsheet [--students 1000] [--repeat 5] [--seed N] [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
RESULTS = ROOT / "bench" / "results"
SEED = 20251001
AIM_SECONDS = 1.0


def _git() -> dict[str, Any]:
    def run(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {"commit": run("rev-parse", "HEAD"), "dirty": bool(run("status", "--porcelain"))}


def _postgres_database(url: str) -> tuple[str, str]:
    """(the benchmark's own database URL, the server's maintenance database URL)."""
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "registrar") + "_bench_broadsheet"
    own = urlunsplit(parts._replace(path="/" + name))
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    return own, maintenance


def _recreate_postgres(maintenance: str, name: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def _load(students: int, seed: int) -> tuple[Any, Any, int, float]:
    """Publish the MRes, add `students` enrolled students with registrations and marks.

    Returns (programme, board member, marks rows, seconds). Rows are bulk-created: the
    benchmark measures the broadsheet, not the import.
    """
    from bench.cohort import Generator
    from registrar.assessment.models import Mark
    from registrar.people.domain.accounts import set_up_account
    from registrar.people.models import Role, Student
    from registrar.programmes.domain.versions import publish_specification, specification_of
    from registrar.registrations.models import Category, How, Registration

    start = time.perf_counter()
    version = publish_specification(actor=None, path=MRES)
    programme = version.programme
    spec = specification_of(version)
    member = set_up_account(
        username="bench-board", role=Role.EXAM_BOARD, password="bench-board-pass", actor=None
    )
    generator = Generator(spec, seed)
    planned = [generator.student(index) for index in range(students)]
    Student.objects.bulk_create(
        Student(
            student_id=sid,
            given_name="Given",
            family_name=f"Family{index:05d}",
            email=f"{sid.lower()}@example.ac.uk",
            programme=programme,
        )
        for index, (sid, _, _) in enumerate(planned)
    )
    by_id = dict(Student.objects.filter(programme=programme).values_list("student_id", "pk"))
    registrations = []
    marks = []
    for sid, modules, lines in planned:
        for plan in modules:
            module = spec.module(plan.code)
            assert module is not None
            registrations.append(
                Registration(
                    student_id=by_id[sid],
                    module_code=module.code,
                    module_title=module.title,
                    category=Category(module.category.value),
                    how=How.CHOSEN if module.category.value == "elective" else How.AUTOMATIC,
                )
            )
        for line in lines:
            _, code, component, attempt, mark, flag, late = line.split(",")
            marks.append(
                Mark(
                    student_id=by_id[sid],
                    module_code=code,
                    component=component,
                    attempt=int(attempt),
                    mark=Decimal(mark) if mark else None,
                    flag=flag,
                    late_hours=Decimal(late) if late else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=5000)
    Mark.objects.bulk_create(marks, batch_size=5000)
    return programme, member, len(marks), time.perf_counter() - start


def _timed_get(client: Any, path: str) -> tuple[float, int, int]:
    """(seconds, queries, bytes) of one GET; refuses anything but 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(path)
        seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"GET {path} gave {response.status_code}")
    return seconds, len(queries), len(response.content)


def measure(students: int, repeat: int, seed: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client

    from registrar.boards.domain import broadsheet, reading
    from registrar.boards.domain.evaluation import evaluate_texts
    from registrar.boards.domain.runs import run_board
    from registrar.programmes.domain.versions import specification_of

    programme, member, rows, load_seconds = _load(students, seed)
    start = time.perf_counter()
    run = run_board(programme=programme, actor=None)
    run_seconds = time.perf_counter() - start
    spec = specification_of(run.version)

    client = Client()
    client.force_login(member)
    client.get("/boards/")  # a first request of the session: middleware, URL resolver, templates
    path = f"/boards/{run.pk}/"
    first = []
    warm = []
    for _ in range(repeat):
        # the first view: nothing of the run cached, so it re-derives the evaluation
        reading._evaluation.cache_clear()
        broadsheet._broadsheet.cache_clear()
        first.append(_timed_get(client, path))
        warm.append(_timed_get(client, path))
    student_path = f"{path}students/{sorted(reading.proposals(run))[students // 2]}/"
    explanation = min(_timed_get(client, student_path)[0] for _ in range(repeat))
    engine = []
    for _ in range(repeat):
        start = time.perf_counter()
        evaluate_texts(spec, run.regulations_text, run.marks_csv, run.registrations_csv)
        engine.append(time.perf_counter() - start)

    best_first, best_warm, best_engine = (
        min(f[0] for f in first),
        min(w[0] for w in warm),
        min(engine),
    )
    return {
        "database": connection.vendor,
        "students": students,
        "marks_rows": rows,
        "seed": seed,
        "repeat": repeat,
        "load_seconds": round(load_seconds, 3),
        "board_run_seconds": round(run_seconds, 3),
        "page_first_seconds": round(best_first, 4),
        "page_warm_seconds": round(best_warm, 4),
        "page_first_all": [round(f[0], 4) for f in first],
        "page_warm_all": [round(w[0], 4) for w in warm],
        "page_queries_first": first[0][1],
        "page_queries_warm": warm[0][1],
        "page_bytes": warm[0][2],
        "explanation_warm_seconds": round(explanation, 4),
        "engine_seconds": round(best_engine, 4),
        "engine_all": [round(e, 4) for e in engine],
        "ratio_first_over_engine": round(best_first / best_engine, 2),
        "ratio_warm_over_engine": round(best_warm / best_engine, 2),
        "aim_seconds": AIM_SECONDS,
        "meets_aim": best_first < AIM_SECONDS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "registrar.web.settings"
    os.environ["REGISTRAR_WEB_DEBUG"] = "0"
    url = os.environ.get("DATABASE_URL")
    folder = None
    name = maintenance = ""
    if url:
        own, maintenance = _postgres_database(url)
        name = urlsplit(own).path.lstrip("/")
        _recreate_postgres(maintenance, name)
        os.environ["DATABASE_URL"] = own
    else:
        folder = Path(tempfile.mkdtemp(prefix="registrar-bench-broadsheet-"))
        os.environ["REGISTRAR_VAR"] = str(folder)
    load = os.getloadavg()
    try:
        from registrar.cli.web import django_ready

        django_ready()
        from django.conf import settings

        # the test client's host, and static files without collectstatic's manifest
        settings.ALLOWED_HOSTS = ["testserver"]
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        result = measure(args.students, args.repeat, args.seed)
    finally:
        if url:
            from django.db import connections

            connections.close_all()
            _recreate_postgres(maintenance, name, drop_only=True)
        elif folder is not None:
            shutil.rmtree(folder, ignore_errors=True)

    import django
    import polars

    today = dt.date.today().isoformat()
    result["machine"] = {
        "host": socket.gethostname(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "polars": polars.__version__,
        "load_average_at_start": [round(x, 2) for x in load],
    }
    result["git"] = _git()
    result["date"] = today
    output = args.output or RESULTS / f"{today}-broadsheet.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    recorded = json.loads(output.read_text(encoding="utf-8")) if output.is_file() else {}
    recorded[result["database"]] = result
    output.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")

    print(
        f"{result['database']}: {args.students} students, {result['marks_rows']} marks rows; "
        f"broadsheet first view {result['page_first_seconds']:.3f} s, warm "
        f"{result['page_warm_seconds']:.3f} s ({result['page_queries_warm']} queries); "
        f"engine {result['engine_seconds']:.3f} s; page/engine first "
        f"{result['ratio_first_over_engine']}, warm {result['ratio_warm_over_engine']}; "
        f"aim < {AIM_SECONDS} s: {'met' if result['meets_aim'] else 'NOT met'}"
    )
    print(f"recorded in {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

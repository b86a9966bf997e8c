"""The marks-upload benchmark: 50,000 marks committed through the domain, against COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registrar python -m bench.marks_upload

On the PostgreSQL server named by DATABASE_URL it creates its own database
(`registrar_bench_marks`, dropped at the end), publishes the MRes specification,
registers a synthetic cohort (the core and compulsory modules and one elective
each, the rows of the marks contract that a module leader would upload: 9 per
student) and then measures, best of `--repeat`:

- `commit_seconds`: `assessment.domain.imports.import_upload` of the whole CSV, as
  the upload page, the API and `registrar marks import --commit` call it: reading,
  the engine's checks, the records' checks, the checks against the stored marks,
  the Mark rows and one ledger entry per mark, in one transaction;
- `preview_seconds`: `preview_upload` of the same file on the empty table (what the
  page shows before the commit);
- `unchanged_seconds`: committing the same file again (every row unchanged);
- `copy_seconds`: PostgreSQL's own `COPY ... FROM STDIN (FORMAT csv)` of the same
  bytes into a plain table with the contract's columns, committed: the floor.

It reports `ratio_commit_over_copy` and writes bench/results/<date>-marks-upload.json.
Aim: the commit under 10 s. Not a test: the suite checks correctness, this speed.
Between repeats the bench empties its own database's marks and ledger with TRUNCATE,
lifting the ledger's guard (which refuses TRUNCATE) for that transaction only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.run import MRES, RESULTS, git_state, machine

DATABASE = "registrar_bench_marks"
ROWS = 50_000
SEED = 20251001
AIM_SECONDS = 10.0
HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours\n"


def database_url(base: str, name: str) -> str:
    """`base` with its database replaced by `name`."""
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(base: str) -> str:
    """Drop and create the bench's own database on the server of `base`; its URL."""
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        server.execute(f'CREATE DATABASE "{DATABASE}"')
    return database_url(base, DATABASE)


def drop_database(base: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def cohort_rows(spec: Any, rows: int, seed: int) -> tuple[list[tuple[str, str]], str]:
    """(student_id, elective) per student, and the marks CSV of exactly `rows` rows."""
    rng = random.Random(seed)
    required = [m for m in spec.modules if m.category.value in ("core", "compulsory")]
    electives = [
        m.code for m in spec.modules if m.category.value == "elective" and m.runs_in(spec.year)
    ]
    per_student = sum(len(m.components) or 1 for m in required) + 1
    students = -(-rows // per_student)
    cohort: list[tuple[str, str]] = []
    lines = [HEADER]
    written = 0
    for n in range(students):
        sid = f"{30000000 + n:08d}"
        elective = electives[n % len(electives)]
        cohort.append((sid, elective))
        parts = [(m.code, c.name) for m in required for c in m.components] + [
            (m.code, "") for m in required if not m.components
        ]
        for code, component in [*parts, (elective, "")]:
            if written == rows:
                break
            roll = rng.random()
            if roll < 0.02:
                mark, flag, late = "", "NS", ""
            elif roll < 0.04:
                mark, flag, late = f"{rng.randint(0, 10000) / 100:.2f}", "MC", ""
            else:
                mark, flag = f"{rng.randint(2500, 9500) / 100:.2f}", ""
                late = f"{rng.choice((1, 6, 23.5, 24, 30))}" if roll > 0.97 else ""
            lines.append(f"{sid},{code},{component},1,{mark},{flag},{late}\n")
            written += 1
    return cohort, "".join(lines)


def register(programme: Any, spec: Any, cohort: list[tuple[str, str]]) -> None:
    """The cohort's students and registrations, in bulk (setup, not measured)."""
    from registrar.people.models import Student
    from registrar.registrations.models import Category, How, Registration

    Student.objects.bulk_create(
        [
            Student(
                student_id=sid,
                given_name="Given",
                family_name=f"Family{sid[-4:]}",
                email=f"s{sid}@example.ac.uk",
                programme=programme,
            )
            for sid, _ in cohort
        ],
        batch_size=2000,
    )
    pks = dict(Student.objects.filter(programme=programme).values_list("student_id", "pk"))
    required = [m for m in spec.modules if m.category.value in ("core", "compulsory")]
    titles = {m.code: m.title for m in spec.modules}
    registrations = []
    for sid, elective in cohort:
        for m in required:
            registrations.append(
                Registration(
                    student_id=pks[sid],
                    module_code=m.code,
                    module_title=m.title,
                    category=m.category.value,
                    how=How.AUTOMATIC,
                )
            )
        registrations.append(
            Registration(
                student_id=pks[sid],
                module_code=elective,
                module_title=titles[elective],
                category=Category.ELECTIVE,
                how=How.OVERRIDE,
                reason="bench",
            )
        )
    Registration.objects.bulk_create(registrations, batch_size=5000)


def empty_marks() -> None:
    from django.db import connection, transaction

    from registrar.audit.guards import LEDGER, install, remove

    with transaction.atomic():
        remove(connection, LEDGER)  # the bench's own database: its ledger is thrown away
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE assessment_mark, audit_auditentry")
        install(connection, LEDGER)


def ensure(condition: bool, message: str) -> None:
    """Stop the bench if what it measured did not do the work (a fast failure is no figure)."""
    if not condition:
        raise RuntimeError(message)


def timed(function: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def copy_seconds(url: str, data: bytes) -> float:
    """PostgreSQL's COPY of the same CSV into a plain table with the contract's columns."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_marks_copy")
        conn.execute(
            "CREATE TABLE bench_marks_copy (student_id varchar(20), module_code varchar(20), "
            "component varchar(200), attempt smallint, mark numeric(5, 2), flag varchar(2), "
            "late_hours numeric(8, 2))"
        )
        conn.commit()
        start = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy("COPY bench_marks_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            copy.write(data)
        conn.commit()
        seconds = time.perf_counter() - start
        count = conn.execute("SELECT count(*) FROM bench_marks_copy").fetchone()
        ensure(count is not None and count[0] == data.count(b"\n") - 1, "COPY lost rows")
        return seconds


def measure(url: str, rows: int, repeat: int, seed: int) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registrar.web.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from registrar.assessment.domain.imports import import_upload, preview_upload
    from registrar.assessment.models import Mark
    from registrar.audit.models import AuditEntry
    from registrar.programmes.domain.versions import publish_specification
    from registrar.spec.loading import load_specification

    call_command("migrate", interactive=False, verbosity=0)
    spec = load_specification(MRES)
    programme = publish_specification(actor=None, path=MRES).programme
    cohort, text = cohort_rows(spec, rows, seed)
    register(programme, spec, cohort)
    data = text.encode("utf-8")
    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        empty_marks()
        preview, checked = timed(
            lambda: preview_upload(programme=programme, data=data, file="marks.csv", actor=None)
        )
        ensure(checked.ok and checked.count("add") == rows, f"refused: {checked.errors[:5]}")
        commit, done = timed(
            lambda: import_upload(programme=programme, data=data, file="marks.csv", actor=None)
        )
        saved = (Mark.objects.count(), AuditEntry.objects.filter(action="mark.added").count())
        ensure(done.count("add") == rows and saved == (rows, rows), f"saved {saved}")
        unchanged, again = timed(
            lambda: import_upload(programme=programme, data=data, file="marks.csv", actor=None)
        )
        ensure(again.count("unchanged") == rows, "the same file again changed marks")
        runs.append(
            {
                "preview_seconds": round(preview, 4),
                "commit_seconds": round(commit, 4),
                "unchanged_seconds": round(unchanged, 4),
                "copy_seconds": round(copy_seconds(url, data), 4),
            }
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        server = cursor.fetchone()[0]
    connection.close()
    best = {key: min(r[key] for r in runs) for key in runs[0]}
    return {
        "students": len(cohort),
        "rows": rows,
        "file_mb": round(len(data) / 1_000_000, 2),
        "postgresql": server,
        **best,
        "ratio_commit_over_copy": round(best["commit_seconds"] / best["copy_seconds"], 1),
        "commit_rows_per_second": round(rows / best["commit_seconds"]),
        "meets_aim": best["commit_seconds"] < AIM_SECONDS,
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.marks_upload", description=__doc__)
    parser.add_argument("--rows", type=int, default=ROWS, help="marks rows (default 50,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best counts")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=None, help="the results file")
    args = parser.parse_args(argv)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        sys.stderr.write(
            "error: set DATABASE_URL to a PostgreSQL server "
            "(e.g. postgres://postgres@127.0.0.1:5432/registrar); the bench creates and "
            f"drops its own database {DATABASE} there\n"
        )
        return 2
    started = dt.datetime.now(dt.UTC)
    info = {"machine": machine(), "git": git_state()}
    url = recreate_database(base)
    try:
        result = measure(url, args.rows, args.repeat, args.seed)
    finally:
        drop_database(base)
    report = {
        "benchmark": "marks upload: 50,000 marks committed through the domain vs COPY",
        "started": started.isoformat(timespec="seconds"),
        "seed": args.seed,
        "programme": str(MRES.relative_to(MRES.parents[3])),
        **info,
        "aims": {"commit_seconds_at_most": AIM_SECONDS},
        "method": {
            "commit": "assessment.domain.imports.import_upload of the CSV bytes, actor None "
            "(the system), on an empty marks table; best of repeats",
            "preview": "preview_upload of the same bytes, before the commit",
            "unchanged": "import_upload of the same bytes again (every row unchanged)",
            "copy": "psycopg COPY bench_marks_copy FROM STDIN (FORMAT csv, HEADER true) of "
            "the same bytes into a plain table, committed",
        },
        "result": result,
    }
    output = args.output or RESULTS / f"{started:%Y-%m-%d}-marks-upload.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"{result['rows']} marks ({result['students']} students): commit "
        f"{result['commit_seconds']:.2f} s (aim < {AIM_SECONDS:.0f} s), preview "
        f"{result['preview_seconds']:.2f} s, unchanged {result['unchanged_seconds']:.2f} s; "
        f"COPY {result['copy_seconds']:.3f} s; commit/COPY {result['ratio_commit_over_copy']}"
    )
    print(f"written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

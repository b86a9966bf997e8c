"""The load benchmark: `python -m bench.load` (issue 9, point 6). Not a test.

Against the production server (`registrar serve`: gunicorn, WhiteNoise, debug off) on loopback
and PostgreSQL, it runs a mix of people at once, each a keep-alive HTTP session that logs in
once, then works in a loop until the time is up:

- students (7 in 10; the demo cohort's, whose first board's results were released) read their
  record page, their workload page, their API record and their released results;
- module leaders (2 in 10) upload marks through the API (a five-row CSV of their own share of
  the cohort, committed: every check, ledger entries, a real write);
- the exam board (1 in 10) opens the broadsheet of a board run over the whole cohort and a
  student's explanation.

It runs at each level of `--clients` (20 and 50) for `--duration` seconds (60) and records,
per kind of request and overall: count, errors, throughput and p50/p95/p99/max, with the load
average before and after, in bench/results/<date>-load.json. Aim: 50 clients at p99 under
300 ms with no error.

The data: a fresh database `registrar_load` (DATABASE_URL names the server; default
postgres://postgres@127.0.0.1:5432/registrar_load), `registrar demo`, then `--students` more
enrolled students with registrations and marks (bench/cohort.py), a login for up to
`--student-logins` of the demo's students, and a board run over everyone. Clients think
`--think` seconds (uniform within ±50 %) between requests, as people do; `--think 0` measures
the server flat out.

    python -m bench.load [--clients 20,50] [--duration 60] [--students 1000] [--think 1.0]
                         [--workers N] [--threads N] [--port 8831] [--skip-setup]

Smoke run: `python -m bench.load --clients 4 --duration 5 --students 100`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
RESULTS = ROOT / "bench" / "results"
VAR = ROOT / "var" / "bench" / "load"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/registrar_load"
SEED = 20251001
AIM_P99_SECONDS = 0.300
LEADER_MODULE = "COMP70061"  # led by the demo's `leader`
UPLOAD_ROWS = 5
PASSWORD = "load-student-pass"
# gunicorn keeps an idle connection 2 s: a client that waited longer reconnects, as a browser does
RECONNECT = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


# --- the data ---------------------------------------------------------------------------


def _recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _registrar() -> str:
    return str(Path(sys.executable).parent / "registrar")


def set_up(url: str, students: int, logins: int, seed: int) -> dict[str, Any]:
    """A fresh database with the demo, `students` more (with marks) and a board run over all.

    Returns the plan the clients follow: the programme, the run, who logs in, which marks the
    leaders upload. Rows are bulk-created: the benchmark measures serving, not importing.
    """
    _recreate_database(url)
    subprocess.run([_registrar(), "demo"], check=True, stdout=subprocess.DEVNULL)
    from registrar.cli.web import django_ready

    django_ready(migrate=False)
    from bench.cohort import Generator
    from registrar.assessment.models import Mark
    from registrar.boards.domain.reading import released_run_for
    from registrar.boards.domain.runs import run_board
    from registrar.people.domain.accounts import set_up_account
    from registrar.people.models import Role, Student
    from registrar.programmes.domain.versions import current_specification
    from registrar.programmes.models import Programme
    from registrar.registrations.models import Category, How, Registration

    programme = Programme.objects.get()
    spec = current_specification(programme)
    generator = Generator(spec, seed)
    planned = [generator.student(index) for index in range(students)]
    Student.objects.bulk_create(
        Student(
            student_id=sid,
            given_name="Given",
            family_name=f"Load{index:05d}",
            email=f"{sid.lower()}@example.ac.uk",
            programme=programme,
        )
        for index, (sid, _, _) in enumerate(planned)
    )
    by_id = dict(
        Student.objects.filter(student_id__in=[p[0] for p in planned]).values_list(
            "student_id", "pk"
        )
    )
    registrations: list[Registration] = []
    marks: list[Mark] = []
    uploadable: list[list[str]] = []
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
            if code == LEADER_MODULE and mark and not flag and not late:
                uploadable.append([sid, code, component, attempt])
    Registration.objects.bulk_create(registrations, batch_size=5000)
    Mark.objects.bulk_create(marks, batch_size=5000)
    # Students who read their released results: the demo's (board run 1 was released to them)
    readers = []
    released = [
        st
        for st in Student.objects.filter(programme=programme, user__isnull=True)
        .exclude(student_id__in=by_id)
        .order_by("student_id")
        if released_run_for(st) is not None
    ]
    for student in released[:logins]:
        username = f"load-{student.student_id}"
        user = set_up_account(username=username, role=Role.STUDENT, password=PASSWORD, actor=None)
        Student.objects.filter(pk=student.pk).update(user=user)
        readers.append(
            {"username": username, "password": PASSWORD, "student_id": student.student_id}
        )
    run = run_board(programme=programme, actor=None)
    from django.db import connections

    connections.close_all()
    return {
        "programme": programme.pk,
        "run": run.pk,
        "students": len(by_id) + 44,
        "marks_rows": len(marks),
        "readers": readers,
        "explained": [p[0] for p in planned[logins : logins + 50]],
        "uploadable": uploadable,
    }


# --- the server -------------------------------------------------------------------------


def start_server(url: str, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REGISTRAR_VAR": str(VAR),
        "REGISTRAR_WEB_DEBUG": "0",
    }
    command = [_registrar(), "serve", "--port", str(port), "--threads", str(threads)]
    if workers:
        command += ["--workers", str(workers)]
    log = (VAR / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped (exit {server.returncode}); see {log.name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer on port {port} within 90 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds each process has used (Linux /proc); ended ones are left out."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def _processes_of(master: int, database: str) -> dict[str, list[int]]:
    """The server's processes (gunicorn's master and workers) and PostgreSQL's backends
    serving `database`, found in /proc."""
    found: dict[str, list[int]] = {"server": [master], "database": []}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError, IndexError):
            continue
        if parent == master:
            found["server"].append(int(entry.name))
        elif command.startswith("postgres:") and f" {database} " in command:
            found["database"].append(int(entry.name))
    return found


# --- the clients ------------------------------------------------------------------------


class Session:
    """One person's browser: a keep-alive connection and its cookies."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        for retry in (False, True):
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                data = response.read()
                break
            except RECONNECT:
                self.connection.close()
                if retry:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response.status, data

    def login(self, username: str, password: str) -> None:
        _, page = self.request("GET", "/login/")
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise RuntimeError("the login page has no CSRF token")
        form = urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": found[1].decode()}
        )
        status, _ = self.request(
            "POST", "/login/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"{username} could not log in ({status})")


@dataclass
class Client:
    """Who a client is and what it does, in turn, with a pause between requests."""

    role: str
    username: str
    password: str
    steps: list[tuple[str, str, str]]  # (kind, method, path)
    uploads: list[list[str]] = field(default_factory=list)  # the leader's rows


def _clients(plan: dict[str, Any], count: int) -> list[Client]:
    board = max(1, count // 10)
    leaders = max(1, count // 5)
    students = count - board - leaders
    pk, run = plan["programme"], plan["run"]
    made: list[Client] = []
    for n in range(students):
        reader = plan["readers"][n % len(plan["readers"])]
        sid = reader["student_id"]
        made.append(
            Client(
                "student",
                reader["username"],
                reader["password"],
                [
                    ("student.record_page", "GET", "/me/"),
                    ("student.workload_page", "GET", "/me/workload/"),
                    ("student.api_record", "GET", f"/api/students/{sid}"),
                    ("student.api_results", "GET", "/api/me/results"),
                ],
            )
        )
    rows = plan["uploadable"]
    for n in range(leaders):
        made.append(
            Client(
                "leader",
                "leader",
                "leader-demo-pass",
                # not the marks pages: they ask the enter_marks rule once per student and
                # module (thousands of queries for this cohort), which is reported, not measured
                [("leader.upload", "POST", f"/api/programmes/{pk}/marks/import")],
                uploads=rows[n::leaders],  # each leader their own students: no two write a row
            )
        )
    for n in range(board):
        explained = plan["explained"][n % len(plan["explained"])]
        made.append(
            Client(
                "board",
                "board",
                "board-demo-pass",
                [
                    ("board.broadsheet", "GET", f"/boards/{run}/"),
                    ("board.explanation", "GET", f"/boards/{run}/students/{explained}/"),
                ],
            )
        )
    return made


def _upload_body(client: Client, rng: random.Random, turn: int) -> str:
    start = (turn * UPLOAD_ROWS) % max(1, len(client.uploads))
    rows = client.uploads[start : start + UPLOAD_ROWS] or client.uploads[:UPLOAD_ROWS]
    lines = ["student_id,module_code,component,attempt,mark"]
    lines += [",".join([*row, f"{rng.uniform(40, 85):.2f}"]) for row in rows]
    return json.dumps(
        {
            "filename": "load.csv",
            "csv": "\n".join(lines) + "\n",
            "commit": True,
            "module_code": LEADER_MODULE,
        }
    )


Sample = tuple[str, float, float, int, str]  # kind, started (s after start), seconds, status, error


def _request(session: Session, method: str, path: str, body: str | None) -> tuple[int, str]:
    """(status, error: empty when the answer was the 200 expected)."""
    headers = {}
    if method == "POST":
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": session.cookies.get("csrftoken", ""),
        }
    status, data = session.request(method, path, body, headers)
    return status, "" if status == 200 else f"{status} {data[:120]!r}"


def _work(
    client: Client, port: int, think: float, ready: threading.Barrier, start: Any, seconds: float
) -> list[Sample]:
    """Log in, go through the steps once (warming the server), wait for every client, then
    work until the time is up."""
    rng = random.Random(f"{client.username}-{id(client)}")
    samples: list[Sample] = []
    session = Session(port)
    try:
        session.login(client.username, client.password)
        for turn, (kind, method, path) in enumerate(client.steps):
            body = _upload_body(client, rng, turn) if method == "POST" else None
            if error := _request(session, method, path, body)[1]:
                samples.append(("warm-up", 0.0, 0.0, 0, f"{kind}: {error}"))
    except Exception as problem:  # a client that cannot log in or warm up is one error
        samples.append(("login", 0.0, 0.0, 0, f"{type(problem).__name__}: {problem}"))
    ready.wait()  # every client of this process has logged in
    ready.wait()  # every process is ready: `start` is set
    if samples:
        return samples
    start_at = start.value
    stop_at = start_at + seconds
    time.sleep(max(0.0, start_at - time.time() + rng.uniform(0, think)))
    turn = len(client.steps)
    while time.time() < stop_at:
        kind, method, path = client.steps[turn % len(client.steps)]
        body = _upload_body(client, rng, turn) if method == "POST" else None
        began = time.time()
        try:
            status, error = _request(session, method, path, body)
        except (OSError, http.client.HTTPException) as problem:
            status, error = 0, f"{type(problem).__name__}: {problem}"
            session = Session(port)
            session.login(client.username, client.password)
        samples.append((kind, began - start_at, time.time() - began, status, error))
        turn += 1
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    return samples


def _process(
    clients: list[Client], port: int, think: float, seconds: float, ready: Any, start: Any, out: Any
) -> None:
    """One load-generating process: a thread per client; its samples go to `out`."""
    results: list[list[Sample]] = [[] for _ in clients]
    local = threading.Barrier(len(clients) + 1)

    def run(index: int) -> None:
        results[index] = _work(clients[index], port, think, local, start, seconds)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    local.wait()
    ready.wait()  # all processes ready; the coordinator sets the start
    ready.wait()
    local.wait()
    for thread in threads:
        thread.join()
    out.put([s for part in results for s in part])


def _summary(samples: list[Sample], seconds: float) -> dict[str, Any]:
    times = sorted(s[2] for s in samples)
    errors = [s for s in samples if s[4]]
    summary: dict[str, Any] = {
        "requests": len(samples),
        "errors": len(errors),
        "throughput_per_second": round(len(samples) / seconds, 1),
    }
    if len(times) >= 2:
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        summary |= {
            "p50_ms": round(cuts[49] * 1000, 1),
            "p95_ms": round(cuts[94] * 1000, 1),
            "p99_ms": round(cuts[98] * 1000, 1),
            "max_ms": round(times[-1] * 1000, 1),
        }
    return summary


def run_level(
    plan: dict[str, Any],
    count: int,
    port: int,
    seconds: float,
    think: float,
    processes: int,
    server: int,
    database: str,
) -> dict[str, Any]:
    """One level: `count` clients for `seconds`. The CPU time the server's and the database's
    processes spend per request is a figure the machine's other load does not skew."""
    clients = _clients(plan, count)
    shares = [share for i in range(processes) if (share := clients[i::processes])]
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(len(shares) + 1)
    start = context.Value("d", 0.0)
    out = context.Queue()
    workers = [
        context.Process(target=_process, args=(share, port, think, seconds, ready, start, out))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    ready.wait()  # every client has logged in and warmed up: logins are not in the figures
    watched = _processes_of(server, database)  # the workers have their connections by now
    start.value = time.time() + 0.5
    load_before = os.getloadavg()
    cpu_before = {name: _cpu_seconds(pids) for name, pids in watched.items()}
    ready.wait()
    parts = [out.get() for _ in workers]
    # processes started during the run (a new database connection) count from zero
    cpu_after = {name: _cpu_seconds(pids) for name, pids in _processes_of(server, database).items()}
    cpu = {
        name: sum(t - cpu_before[name].get(pid, 0.0) for pid, t in after.items())
        for name, after in cpu_after.items()
    }
    for worker in workers:
        worker.join()
    samples = [s for part in parts for s in part]
    measured = [s for s in samples if s[0] not in ("login", "warm-up")]
    elapsed = max([seconds, *(s[1] + s[2] for s in measured)])
    kinds = sorted({s[0] for s in samples})
    errors = [s for s in samples if s[4]]
    overall = _summary(measured, elapsed)
    return {
        "clients": count,
        "roles": {
            r: sum(1 for c in clients if c.role == r) for r in ("student", "leader", "board")
        },
        "seconds": round(elapsed, 1),
        "think_seconds": think,
        "overall": overall,
        "by_kind": {k: _summary([s for s in samples if s[0] == k], elapsed) for k in kinds},
        "error_examples": sorted({f"{s[0]}: {s[4]}" for s in errors})[:10],
        "cpu_ms_per_request": {
            name: round(used * 1000 / max(1, len(measured)), 1) for name, used in cpu.items()
        },
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "meets_aim": bool(overall.get("p99_ms", 1e9) < AIM_P99_SECONDS * 1000) and not errors,
    }


# --- the record -------------------------------------------------------------------------


def _git() -> dict[str, Any]:
    def run(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    return {"commit": run("rev-parse", "HEAD"), "dirty": bool(run("status", "--porcelain"))}


def _server_settings(url: str) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registrar.web.settings")
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    return {
        "database": database["ENGINE"].rsplit(".", 1)[-1],
        "conn_max_age": database.get("CONN_MAX_AGE"),
        "conn_health_checks": database.get("CONN_HEALTH_CHECKS"),
        "django": django.get_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="20,50", help="levels, e.g. 20,50")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per level")
    parser.add_argument("--students", type=int, default=1000, help="students beyond the demo's")
    parser.add_argument("--student-logins", type=int, default=40)
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between requests")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: serve's)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--processes", type=int, default=2, help="load-generating processes")
    parser.add_argument("--port", type=int, default=8831)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip-setup", action="store_true", help="reuse the last set-up data")
    parser.add_argument("--label", default="load", help="results file: <date>-<label>.json")
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if not url.startswith("postgres"):
        raise SystemExit("bench.load runs on PostgreSQL: set DATABASE_URL=postgres://…")
    os.environ["DATABASE_URL"] = url
    os.environ["REGISTRAR_VAR"] = str(VAR)
    os.environ["REGISTRAR_WEB_DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "registrar.web.settings"
    VAR.mkdir(parents=True, exist_ok=True)
    plan_file = VAR / "plan.json"
    levels = [int(n) for n in args.clients.split(",")]

    started = time.perf_counter()
    if args.skip_setup and plan_file.is_file():
        plan = json.loads(plan_file.read_text(encoding="utf-8"))
    else:
        plan = set_up(url, args.students, args.student_logins, args.seed)
        plan_file.write_text(json.dumps(plan), encoding="utf-8")
    setup_seconds = time.perf_counter() - started
    print(
        f"data: {plan['students']} students, {plan['marks_rows']} marks rows; "
        f"board run {plan['run']}"
    )

    server = start_server(url, args.port, args.workers, args.threads)
    try:
        runs = []
        database = urlsplit(url).path.lstrip("/")
        for count in levels:
            result = run_level(
                plan,
                count,
                args.port,
                args.duration,
                args.think,
                args.processes,
                server.pid,
                database,
            )
            runs.append(result)
            o = result["overall"]
            print(
                f"{count} clients: {o['requests']} requests, {o['throughput_per_second']}/s, "
                f"{o['errors']} errors, p50 {o.get('p50_ms')} ms, p95 {o.get('p95_ms')} ms, "
                f"p99 {o.get('p99_ms')} ms, max {o.get('max_ms')} ms; load average "
                f"{result['load_average_before'][0]} → {result['load_average_after'][0]}; "
                f"CPU ms per request: {result['cpu_ms_per_request']}"
            )
            for kind, k in result["by_kind"].items():
                print(
                    f"    {kind:22} {k['requests']:6} req {k['errors']:4} err  "
                    f"p50 {k.get('p50_ms')}  p95 {k.get('p95_ms')}  p99 {k.get('p99_ms')}"
                )
    finally:
        stop_server(server)

    from registrar.web import server as production

    today = dt.date.today().isoformat()
    record = {
        "date": today,
        "aim": {"clients": 50, "p99_ms_below": AIM_P99_SECONDS * 1000, "errors": 0},
        "meets_aim": all(r["meets_aim"] for r in runs if r["clients"] >= 50)
        and any(r["clients"] >= 50 for r in runs),
        "data": {
            "students": plan["students"],
            "marks_rows": plan["marks_rows"],
            "student_logins": len(plan["readers"]),
            "setup_seconds": None if args.skip_setup else round(setup_seconds, 1),
        },
        "server": {
            "workers": args.workers or production.default_workers(),
            "threads": args.threads,
            "worker_class": "gthread",
            **_server_settings(url),
        },
        "generator": {"processes": args.processes, "think_seconds": args.think},
        "runs": runs,
        "machine": {
            "host": socket.gethostname(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "git": _git(),
    }
    output = args.output or RESULTS / f"{today}-{args.label}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"recorded in {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Databases of their own for the fault tests, the real `registrar` as a child process, and what
a fault may not change: the records (a fingerprint), the database's integrity, the ledger.

Each test works on a database no other test uses: a SQLite file in a folder of its own, or a
PostgreSQL database created (and dropped) on the server DATABASE_URL names, never the
pytest-django test database. The children are the command a user runs
(`python -m registrar.cli ...`) and the production server (`registrar serve`), so a SIGKILL
kills what runs in production, mid-transaction.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import ROOT

SERVER = os.environ.get("DATABASE_URL", "")
BACKENDS = ["sqlite", "postgresql"] if SERVER else ["sqlite"]
POSTGRES_ONLY = pytest.mark.skipif(
    not SERVER, reason="PostgreSQL only: the CI's PostgreSQL pass (DATABASE_URL set) runs it"
)
POLL = 0.01  # seconds between looks at a child's progress
PATIENCE = 60.0  # a guard against a hang, not a measure: the longest wait for a child
# Uncommitted pages in SQLite's write-ahead log: the transaction has written this much.
SPILLED_PAGES = 200

# The records, by what they are and not by their ids or times: a killed PostgreSQL
# transaction still uses up sequence values, and a retry runs at another time.
RECORDS = {
    "programmes": "SELECT code, cohort, title FROM programmes_programme ORDER BY code, cohort",
    "versions": (
        "SELECT p.code, v.number, v.note FROM programmes_specificationversion v "
        "JOIN programmes_programme p ON p.id = v.programme_id ORDER BY p.code, v.number"
    ),
    "accounts": (
        "SELECT u.username, a.role FROM auth_user u "
        "LEFT JOIN people_account a ON a.user_id = u.id ORDER BY u.username"
    ),
    "students": (
        "SELECT s.student_id, s.given_name, s.family_name, s.email, s.status, p.code, u.username "
        "FROM people_student s JOIN programmes_programme p ON p.id = s.programme_id "
        "LEFT JOIN auth_user u ON u.id = s.user_id ORDER BY s.student_id"
    ),
    "registrations": (
        "SELECT s.student_id, r.module_code, r.category, r.how, r.reason "
        "FROM registrations_registration r JOIN people_student s ON s.id = r.student_id "
        "ORDER BY s.student_id, r.module_code"
    ),
    "marks": (
        "SELECT s.student_id, m.module_code, m.component, m.attempt, m.mark, m.flag, "
        "m.late_hours, m.version, m.locked_by_id IS NOT NULL "
        "FROM assessment_mark m JOIN people_student s ON s.id = m.student_id "
        "ORDER BY s.student_id, m.module_code, m.component, m.attempt"
    ),
    "board_runs": (
        "SELECT r.id, v.number, r.engine_version, r.regulations_source, r.marks_csv, "
        "r.registrations_csv, r.hashes, r.results_csv FROM boards_boardrun r "
        "JOIN programmes_specificationversion v ON v.id = r.version_id ORDER BY r.id"
    ),
    "ledger": (
        "SELECT action, subject, reason, data, before, after, student_id, module_code "
        "FROM audit_auditentry ORDER BY id"
    ),
}
JSON_COLUMNS = {"board_runs": (6,), "ledger": (3, 4, 5)}
Records = dict[str, list[tuple[Any, ...]]]


def _canonical(value: Any) -> str:
    """A JSON value one way only (SQLite gives it back as text, PostgreSQL as objects)."""
    return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)


def _rows(part: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with JSON made canonical and numbers as text, so they can be counted and compared."""
    at = JSON_COLUMNS.get(part, ())
    return [
        tuple(
            _canonical(v) if i in at else str(v) if v is not None else None for i, v in enumerate(r)
        )
        for r in rows
    ]


def difference(expected: Records, actual: Records) -> dict[str, tuple[int, int]]:
    """Each kind of record that is not exactly as expected: (records lost, records added)."""
    found = {}
    for part in expected.keys() | actual.keys():
        want, got = expected.get(part, []), actual.get(part, [])
        if want != got:
            lost, added = Counter(want) - Counter(got), Counter(got) - Counter(want)
            found[part] = (sum(lost.values()), sum(added.values()))
    return found


def uploaded(before: Records, students: Records, marks: Records) -> Records:
    """`before` with the marks upload of the clean history (its marks, its ledger entries)."""
    entries = marks["ledger"][len(students["ledger"]) :]
    return {**before, "marks": marks["marks"], "ledger": before["ledger"] + entries}


def assert_as_before(db: Database, before: Records, last_hash: str) -> None:
    """After a fault: nothing partial and nothing lost; the database and its ledger sound."""
    db.settle()
    assert db.difference_from(before) == {}
    assert db.integrity() == []
    verify = db.registrar("audit", "verify")
    assert (verify.returncode, verify.stdout) == (
        0,
        f"ledger intact: {len(before['ledger'])} entries, last hash {last_hash}\n",
    )


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child: this one's, less the database and debug settings."""
    dropped = ("DATABASE_URL", "REGISTRAR_VAR", "REGISTRAR_DEBUG", "DJANGO_SETTINGS_MODULE")
    return {**{k: v for k, v in os.environ.items() if k not in dropped}, **extra}


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "registrar.cli", *args]


def wait_until(
    condition: Callable[[], bool], child: subprocess.Popen[bytes], what: str, held: float = 0.0
) -> None:
    """Return once `condition` holds (on every look for `held` seconds) while `child` runs.

    Fails when the child ends first: the fault would come too late, so it needs more work.
    """
    start, since = time.monotonic(), None
    while time.monotonic() - start < PATIENCE:
        if child.poll() is not None:
            pytest.fail(f"the child ended (exit {child.returncode}) before {what}")
        if condition():
            since = since if since is not None else time.monotonic()
            if time.monotonic() - since >= held:
                return
        else:
            since = None
        time.sleep(POLL)
    pytest.fail(f"no sign of {what} within {PATIENCE:.0f} s")


def kill(child: subprocess.Popen[bytes] | int) -> None:
    """SIGKILL a child (or a process by its pid): it ends where it stands, running no handler
    and no rollback of its own."""
    if isinstance(child, int):
        os.kill(child, signal.SIGKILL)
        return
    child.send_signal(signal.SIGKILL)
    assert child.wait(timeout=30) == -signal.SIGKILL


class Database:
    """A database of one test (or one stage of the clean history) and its folder
    (REGISTRAR_VAR: the SQLite file if any, the static files, the made secret key)."""

    kind = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict[str, str]:
        return child_env(REGISTRAR_VAR=str(self.folder))

    def connect(self) -> contextlib.AbstractContextManager[Any]:
        raise NotImplementedError

    def registrar(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `registrar ARGS` on this database to its end."""
        return subprocess.run(
            command(*args),
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def start(self, *args: str, name: str = "child") -> subprocess.Popen[bytes]:
        """Start `registrar ARGS` on this database; its output goes to files in the folder."""
        with (
            (self.folder / f"{name}.out").open("wb") as out,
            (self.folder / f"{name}.err").open("wb") as err,
        ):
            return subprocess.Popen(
                command(*args), cwd=ROOT, env=self.env(), stdout=out, stderr=err
            )

    def output(self, name: str = "child") -> tuple[str, str]:
        """What the child `name` wrote: (stdout, stderr)."""
        out, err = (
            (self.folder / f"{name}.{s}").read_text(encoding="utf-8") for s in ("out", "err")
        )
        return out, err

    def records(self) -> Records:
        with self.connect() as conn:
            return {
                part: _rows(part, conn.execute(sql).fetchall()) for part, sql in RECORDS.items()
            }

    def difference_from(self, expected: Records) -> dict[str, tuple[int, int]]:
        """What is not as expected, by kind of record: (lost, added). {} when all is."""
        return difference(expected, self.records())

    def scalar(self, sql: str) -> Any:
        with self.connect() as conn:
            row = conn.execute(sql).fetchone()
        return row[0] if row else None

    def last_hash(self) -> str:
        return str(self.scalar("SELECT hash FROM audit_auditentry ORDER BY id DESC LIMIT 1"))

    def integrity(self) -> list[str]:
        """What the database's own checks find wrong (nothing, if it is sound)."""
        raise NotImplementedError

    def writing(self, table: str) -> bool:
        """Whether a transaction of another process is open and has written to `table`."""
        raise NotImplementedError

    def reading(self, *tables: str) -> bool:
        """Whether a write transaction of another process is open (having read `tables`)."""
        raise NotImplementedError

    def settle(self) -> None:
        """Wait until no other connection is in a transaction."""

    def clone(self, folder: Path) -> Database:
        raise NotImplementedError

    def drop(self) -> None:
        """Remove the database (a folder under pytest's tmp_path stays for the post-mortem)."""


class SqliteDatabase(Database):
    kind = "sqlite"

    @property
    def path(self) -> Path:
        return self.folder / "registrar.sqlite3"

    @contextlib.contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=20, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()

    def integrity(self) -> list[str]:
        with self.connect() as conn:
            checked = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            keys = [f"foreign key: {row}" for row in conn.execute("PRAGMA foreign_key_check")]
        return [p for p in checked if p != "ok"] + keys

    def writing(self, table: str) -> bool:
        # SQLite has no view of another connection's work. In WAL mode a big transaction spills
        # its pages into the log before it commits: frames after the last commit frame are
        # written but not committed. (Every table of the import is in those pages.)
        return uncommitted_frames(self.path.with_name(self.path.name + "-wal")) >= SPILLED_PAGES

    def reading(self, *tables: str) -> bool:
        # Every transaction takes the write lock when it begins (transaction_mode IMMEDIATE).
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            return True
        finally:
            probe.close()
        return False

    def clone(self, folder: Path) -> SqliteDatabase:
        copy = SqliteDatabase(folder)
        with self.connect() as source, contextlib.closing(sqlite3.connect(copy.path)) as target:
            source.backup(target)
        return copy


def uncommitted_frames(wal: Path) -> int:
    """How many frames of SQLite's write-ahead log follow its last commit frame.

    The format: a 32-byte header (page size at 8, salts at 16); then frames, each a 24-byte
    header (at 4 the database size after a commit, 0 in other frames; its salts at 8) and a
    page. A frame with other salts is left over from before the log was restarted.
    """
    try:
        data = wal.read_bytes()
    except FileNotFoundError:
        return 0
    if len(data) < 32:
        return 0
    page_size, salts = struct.unpack(">I", data[8:12])[0], data[16:24]
    since, at = 0, 32
    while at + 24 + page_size <= len(data) and data[at + 8 : at + 16] == salts:
        committed = struct.unpack(">I", data[at + 4 : at + 8])[0]
        since = 0 if committed else since + 1
        at += 24 + page_size
    return since


_numbers = itertools.count(1)


def server_url(name: str) -> str:
    """DATABASE_URL with its database replaced by `name`."""
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{name}"))


@contextlib.contextmanager
def maintenance() -> Iterator[Any]:
    import psycopg

    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        yield conn


class PostgresDatabase(Database):
    """A database of its own on the server DATABASE_URL names, `<that database>_fault_<n>`."""

    kind = "postgresql"

    def __init__(self, folder: Path, template: str = "") -> None:
        super().__init__(folder)
        base = urlsplit(SERVER).path.lstrip("/") or "registrar"
        self.name = f"{base}_fault_{os.getpid()}_{next(_numbers)}"
        with maintenance() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            conn.execute(
                f'CREATE DATABASE "{self.name}"' + (f' TEMPLATE "{template}"' if template else "")
            )
        self._monitor: Any = None

    @property
    def url(self) -> str:
        return server_url(self.name)

    def env(self) -> dict[str, str]:
        return {**super().env(), "DATABASE_URL": self.url}

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            yield conn

    def monitor(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """A query on one connection kept open for watching (cheap enough to poll)."""
        import psycopg

        if self._monitor is None:
            self._monitor = psycopg.connect(self.url, autocommit=True)
        return list(self._monitor.execute(sql, params or []).fetchall())

    def sessions(self) -> list[tuple[int, str, bool]]:
        """The other connections to this database: (backend pid, state, in a write transaction)."""
        return self.monitor(
            "SELECT pid, state, backend_xid IS NOT NULL FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid"
        )

    def _holding(self, tables: tuple[str, ...], mode: str, written: bool) -> bool:
        found = self.monitor(
            "SELECT count(DISTINCT l.relation) FROM pg_stat_activity a "
            "JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.database = a.datid "
            "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
            "AND a.xact_start IS NOT NULL AND (NOT %s OR a.backend_xid IS NOT NULL) "
            "AND l.mode = %s AND l.relation = ANY(%s::regclass[])",
            [written, mode, list(tables)],
        )
        return bool(found[0][0] == len(tables))

    def writing(self, table: str) -> bool:
        # The transaction has a transaction ID (it wrote) and holds the table's write lock.
        return self._holding((table,), "RowExclusiveLock", written=True)

    def reading(self, *tables: str) -> bool:
        # Locks taken in a transaction are held to its end: it is open and read these tables.
        return self._holding(tables, "AccessShareLock", written=False)

    def terminate(self, pid: int) -> None:
        """What a restart of the server does to a connection: its backend ends, now."""
        assert self.monitor("SELECT pg_terminate_backend(%s)", [pid]) == [(True,)]

    def settle(self) -> None:
        """Wait until no other connection is in a transaction: the server has noticed a
        killed client (when it next reads from it) and rolled its transaction back."""
        deadline = time.monotonic() + PATIENCE
        while any(state != "idle" for _, state, _ in self.sessions()):
            assert time.monotonic() < deadline, f"still in a transaction: {self.sessions()}"
            time.sleep(POLL)

    def integrity(self) -> list[str]:
        """amcheck: every B-tree index against its rules and its table (heapallindexed), and
        every table's pages and tuples (verify_heapam)."""
        import psycopg

        problems: list[str] = []
        with self.connect() as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            public = (
                "SELECT c.oid::regclass::text FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = %s ORDER BY 1"
            )
            for (index,) in conn.execute(public, ["i"]).fetchall():
                try:
                    conn.execute("SELECT bt_index_check(%s::regclass, true)", [index])
                except psycopg.Error as error:
                    problems.append(f"{index}: {error}")
            for (table,) in conn.execute(public, ["r"]).fetchall():
                for block, offset, message in conn.execute(
                    "SELECT blkno, offnum, msg FROM verify_heapam(%s::regclass)", [table]
                ).fetchall():
                    problems.append(f"{table} block {block} item {offset}: {message}")
        return problems

    def clone(self, folder: Path) -> PostgresDatabase:
        self.close()
        return PostgresDatabase(folder, template=self.name)

    def close(self) -> None:
        if self._monitor is not None:
            self._monitor.close()
            self._monitor = None

    def drop(self) -> None:
        self.close()
        with maintenance() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def new_database(backend: str, folder: Path) -> Database:
    return PostgresDatabase(folder) if backend == "postgresql" else SqliteDatabase(folder)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children(pid: int) -> list[int]:
    """The live processes whose parent is `pid` (gunicorn's workers of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if fields and fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


class Server:
    """`registrar serve` (gunicorn) on this database: one worker of one thread, so that the
    same process and database connection answer one request after another."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.port = free_port()
        self.process = db.start(
            "serve", "--port", str(self.port), "--workers", "1", "--threads", "1", name="server"
        )
        wait_until(self.answering, self.process, "the server answering")

    def answering(self) -> bool:
        try:
            return self.request("GET", "/login/", timeout=5)[0] == 200
        except OSError:
            return False

    def worker(self) -> int:
        """The one worker's pid (waiting for the master to start one, if it must)."""
        wait_until(lambda: len(children(self.process.pid)) == 1, self.process, "one worker")
        return children(self.process.pid)[0]

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str = "",
        payload: Any = None,
        timeout: float = PATIENCE,
    ) -> tuple[int, str]:
        """(status, body). Raises OSError when the connection breaks (a killed worker)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        data = None
        if payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def post_marks(self, token: str, marks: Path) -> tuple[int, Any] | OSError:
        """Commit a marks file through the API, named as the command names it (so the ledger
        entries are the command's): (200, (committed, added, changed, unchanged)), another
        status and the body, or the error of a broken connection."""
        programme = self.db.scalar("SELECT id FROM programmes_programme")
        upload = {"filename": str(marks), "csv": marks.read_text(encoding="utf-8"), "commit": True}
        try:
            status, body = self.request(
                "POST", f"/api/programmes/{programme}/marks/import", token=token, payload=upload
            )
        except OSError as error:
            return error
        if status != 200:
            return status, body
        answer = json.loads(body)
        return status, tuple(answer[k] for k in ("committed", "added", "changed", "unchanged"))

    def stop(self) -> None:
        """SIGTERM: gunicorn stops its workers and itself."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                kill(self.process)


REGISTRY = """
from registrar.cli.web import django_ready

django_ready()
from registrar.people.domain.accounts import issue_token, set_up_account
from registrar.people.models import Role

user = set_up_account(username="registry", role=Role.ADMINISTRATOR, actor=None)
print(issue_token(user=user, name="faults", actor=None))
"""


def registry_token(db: Database) -> str:
    """An administrator, `registry`, and an API token of theirs (made by a child, as the admin
    would: two ledger entries)."""
    made = subprocess.run(
        [sys.executable, "-c", REGISTRY],
        cwd=ROOT,
        env={**db.env(), "DJANGO_SETTINGS_MODULE": "registrar.web.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()

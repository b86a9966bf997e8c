"""`registrar`'s entry point: a failure is one line on stderr and a documented exit code.

69 (EX_UNAVAILABLE): the database cannot be reached or dropped the connection; 70
(EX_SOFTWARE): anything else unexpected. Never a traceback unless REGISTRAR_DEBUG is set.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from types import SimpleNamespace

import psycopg
import pytest
from django.db import IntegrityError, OperationalError

from registrar import cli
from tests.conftest import ROOT

AGAIN = "then run the command again (a change that did not finish wrote nothing)."
SERVER_FIX = (
    f"Fix: check that the database server is running and that DATABASE_URL names it, {AGAIN}"
)
FOLDER_FIX = f"Fix: check that REGISTRAR_VAR names a folder this user may write, {AGAIN}"


def registrar(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    kept = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REGISTRAR_VAR", "REGISTRAR_DEBUG", "DJANGO_SETTINGS_MODULE")
    }
    return subprocess.run(
        [sys.executable, "-m", "registrar.cli", *args],
        cwd=ROOT,
        env={**kept, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_database_server_that_refuses_the_connection_is_one_line_and_exit_69(tmp_path):
    port = closed_port()

    done = registrar(
        "audit",
        "verify",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/registrar",
        REGISTRAR_VAR=str(tmp_path),
    )

    assert (done.returncode, done.stdout) == (69, "")
    assert done.stderr == (
        f'error: the database is unreachable (connection to server at "127.0.0.1", port {port} '
        f"failed: Connection refused). {SERVER_FIX}\n"
    )


def test_a_sqlite_file_that_cannot_be_opened_is_one_line_and_exit_69(tmp_path):
    (tmp_path / "registrar.sqlite3").mkdir()  # a folder where the database file should be

    done = registrar("board", "run", REGISTRAR_VAR=str(tmp_path))

    assert (done.returncode, done.stdout) == (69, "")
    assert (
        done.stderr
        == f"error: the database is unreachable (unable to open database file). {FOLDER_FIX}\n"
    )


def run_main(monkeypatch, error: Exception) -> int:
    """main() with a command that fails with `error`."""

    def failing() -> None:
        raise error

    monkeypatch.setattr(cli, "app", failing)
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    return int(stopped.value.code)


def wrapped(cause: Exception) -> Exception:
    """`cause`, a driver's error, as Django's database layer raises it (its own wrapper)."""
    from django.db.utils import DatabaseErrorWrapper

    driver = sqlite3 if isinstance(cause, sqlite3.Error) else psycopg
    try:
        with DatabaseErrorWrapper(SimpleNamespace(Database=driver, errors_occurred=False)):
            raise cause
    except Exception as error:
        return error
    raise AssertionError("not raised")


def sqlite_error(tmp_path, *, locked: bool) -> sqlite3.Error:
    """A real error of SQLite's: the write lock held by another connection, or a missing table."""
    path = tmp_path / "probe.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE" if locked else "SELECT * FROM people_student")
    except sqlite3.Error as error:
        return error
    finally:
        holder.close()
        other.close()
    raise AssertionError("SQLite raised nothing")


def test_a_backend_ended_by_the_server_names_the_first_line_of_the_reason(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registrar")
    ended = psycopg.errors.AdminShutdown(
        "terminating connection due to administrator command\n"
        "server closed the connection unexpectedly\n"
        "\tThis probably means the server terminated abnormally"
    )

    assert run_main(monkeypatch, wrapped(ended)) == 69
    assert capsys.readouterr() == (
        "",
        "error: the database is unreachable (terminating connection due to administrator "
        f"command). {SERVER_FIX}\n",
    )


def test_a_connection_broken_on_the_clients_side_is_unreachable(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registrar")
    broken = psycopg.OperationalError(
        "consuming input failed: server closed the connection unexpectedly\n\tThis probably"
    )

    assert run_main(monkeypatch, wrapped(broken)) == 69
    assert capsys.readouterr().err == (
        "error: the database is unreachable (consuming input failed: server closed the "
        f"connection unexpectedly). {SERVER_FIX}\n"
    )


def test_a_connection_already_closed_is_unreachable_too(monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/registrar")
    closed = psycopg.InterfaceError("the connection is closed")

    assert run_main(monkeypatch, wrapped(closed)) == 69
    assert capsys.readouterr().err == (
        f"error: the database is unreachable (the connection is closed). {SERVER_FIX}\n"
    )


def test_a_sqlite_database_locked_past_the_timeout_says_to_wait(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    assert run_main(monkeypatch, wrapped(sqlite_error(tmp_path, locked=True))) == 69
    assert capsys.readouterr().err == (
        "error: the database is unreachable (database is locked). Fix: wait until the other "
        f"process writing to it has finished, {AGAIN}\n"
    )


def test_an_operational_error_of_a_database_that_answers_is_a_bug_exit_70(
    monkeypatch, capsys, tmp_path
):
    assert run_main(monkeypatch, wrapped(sqlite_error(tmp_path, locked=False))) == 70
    assert capsys.readouterr().err == (
        "error: unexpected OperationalError: no such table: people_student "
        "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
    )


def test_a_deadlock_is_not_a_lost_connection(monkeypatch, capsys):
    deadlock = psycopg.errors.DeadlockDetected("deadlock detected\nDETAIL: Process 1 waits")

    assert run_main(monkeypatch, wrapped(deadlock)) == 70
    assert capsys.readouterr().err == (
        "error: unexpected OperationalError: deadlock detected DETAIL: Process 1 waits "
        "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
    )


def test_another_database_error_is_still_unexpected_exit_70_on_one_line(monkeypatch, capsys):
    error = IntegrityError("UNIQUE constraint failed:\npeople_student.student_id")

    assert run_main(monkeypatch, error) == 70
    assert capsys.readouterr().err == (
        "error: unexpected IntegrityError: UNIQUE constraint failed: people_student.student_id "
        "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
    )


def test_registrar_debug_shows_the_traceback_instead(monkeypatch):
    monkeypatch.setenv("REGISTRAR_DEBUG", "1")
    error = wrapped(psycopg.OperationalError("gone"))

    def failing() -> None:
        raise error

    monkeypatch.setattr(cli, "app", failing)
    with pytest.raises(OperationalError) as raised:
        cli.main()
    assert raised.value is error

"""The `registrar` command: one entry point, a sub-application per area."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys

import typer

from registrar.cli import admissions as admissions_commands
from registrar.cli import audit as audit_commands
from registrar.cli import board as board_commands
from registrar.cli import marks as marks_commands
from registrar.cli import notices as notices_commands
from registrar.cli import people as people_commands
from registrar.cli import projects as projects_commands
from registrar.cli import results as results_commands
from registrar.cli import rules as rules_commands
from registrar.cli import skills as skills_commands
from registrar.cli import spec as spec_commands
from registrar.cli import web as web_commands

app = typer.Typer(
    name="registrar",
    help="Run a university degree programme from its programme specification.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(spec_commands.app, name="spec")
app.command("serve")(web_commands.serve)
app.command("check")(web_commands.check)
app.command("demo")(web_commands.demo)
app.command("import-students")(people_commands.import_students_command)
app.command("publish")(web_commands.publish)
rules_commands.register(app)
app.add_typer(marks_commands.app, name="marks")
app.add_typer(board_commands.app, name="board")
app.add_typer(results_commands.app, name="results")
app.command("transcript")(results_commands.transcript)
app.add_typer(audit_commands.app, name="audit")
app.add_typer(projects_commands.app, name="projects")
app.add_typer(admissions_commands.app, name="admissions")
app.add_typer(notices_commands.app, name="notices")
app.add_typer(skills_commands.app, name="skills")


EX_UNAVAILABLE = 69  # sysexits.h: the database could not be reached
EX_SOFTWARE = 70  # sysexits.h: anything else unexpected (a bug)


def main() -> None:
    """Run the command; an unexpected failure is one line, never a traceback.

    A database that cannot be reached, or that drops the connection mid-command (a
    restart), exits 69 with what to do; every change is one transaction, so nothing of
    it was written and the command can simply be run again. Anything else exits 70.
    """
    # psycopg logs an "error ignored" line of its own when a connection is lost mid-COPY; the
    # one line below says it (the CLI configures no logging, so it would reach stderr).
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    try:
        app()
    except Exception as error:
        if os.environ.get("REGISTRAR_DEBUG"):
            raise
        unreachable = _unreachable(error)
        if unreachable:
            sys.stderr.write(unreachable + "\n")
            sys.exit(EX_UNAVAILABLE)
        reason = " ".join(str(error).split())
        sys.stderr.write(
            f"error: unexpected {type(error).__name__}: {reason} "
            "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
        )
        sys.exit(EX_SOFTWARE)


# What says the database cannot be reached, in the drivers' own codes: SQLite's busy,
# locked, read-only, I/O error, full and cannot-open; PostgreSQL's SQLSTATE class 08
# (connection exception) and 57P01-57P03 (shutting down, crashed, starting up). psycopg
# gives no SQLSTATE when the connection failed or broke on the client's side.
SQLITE_UNAVAILABLE = frozenset({5, 6, 8, 10, 13, 14})
POSTGRES_UNAVAILABLE = ("08", "57P01", "57P02", "57P03")


def _unreachable(error: Exception) -> str:
    """The line for a database that cannot be reached or dropped the connection, else "".

    Any other OperationalError (SQLite's "no such table", a deadlock) is a bug: exit 70.
    """
    if "django.db" not in sys.modules:  # no database was used
        return ""
    from django.db import InterfaceError, OperationalError

    if not isinstance(error, OperationalError | InterfaceError):
        return ""
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        lost = cause.sqlite_errorcode & 0xFF in SQLITE_UNAVAILABLE
    else:
        sqlstate = getattr(cause, "sqlstate", "")
        lost = sqlstate is None or sqlstate.startswith(POSTGRES_UNAVAILABLE)
    if not (lost or isinstance(error, InterfaceError)):
        return ""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    reason = " ".join((lines[0] if lines else type(error).__name__).split())
    reason = reason.removeprefix("connection failed: ")
    if os.environ.get("DATABASE_URL"):
        fix = "check that the database server is running and that DATABASE_URL names it"
    elif "database is locked" in reason:  # another process held the write lock past the timeout
        fix = "wait until the other process writing to it has finished"
    else:
        fix = "check that REGISTRAR_VAR names a folder this user may write"
    return (
        f"error: the database is unreachable ({reason}). Fix: {fix}, then run the command "
        "again (a change that did not finish wrote nothing)."
    )

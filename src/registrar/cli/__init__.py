"""The `registrar` command: one entry point, a sub-application per area."""

from __future__ import annotations

import os
import sys

import typer

from registrar.cli import audit as audit_commands
from registrar.cli import board as board_commands
from registrar.cli import marks as marks_commands
from registrar.cli import people as people_commands
from registrar.cli import projects as projects_commands
from registrar.cli import results as results_commands
from registrar.cli import rules as rules_commands
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


def main() -> None:
    """Run the command; an unexpected failure is one line, never a traceback."""
    try:
        app()
    except Exception as error:
        if os.environ.get("REGISTRAR_DEBUG"):
            raise
        sys.stderr.write(
            f"error: unexpected {type(error).__name__}: {error} "
            "(run with REGISTRAR_DEBUG=1 to see the traceback)\n"
        )
        sys.exit(70)  # EX_SOFTWARE

"""The `registrar` command: one entry point, a sub-application per area."""

from __future__ import annotations

import os
import sys

import typer

from registrar.cli import spec as spec_commands

app = typer.Typer(
    name="registrar",
    help="Run a university degree programme from its programme specification.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(spec_commands.app, name="spec")


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

"""The `registrar` command: one entry point, a sub-application per area."""

from __future__ import annotations

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
    app()

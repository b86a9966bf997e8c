"""`registrar board ...`: records commands on the database (see DESIGN.md)."""

from __future__ import annotations

import typer

app = typer.Typer(help="board", no_args_is_help=True)

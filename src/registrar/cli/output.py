"""How commands speak: results to stdout, problems to stderr as single lines."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK = 0
EXIT_INVALID = 1  # the input was read and is wrong
EXIT_UNREADABLE = 2  # the input could not be read at all


def fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    """Print one clear line and stop, never a traceback."""
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(code)

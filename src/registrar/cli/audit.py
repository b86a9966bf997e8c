"""`registrar audit ...`: the ledger's commands."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from registrar.cli.output import EXIT_INVALID, EXIT_UNREADABLE, err, out
from registrar.cli.web import django_ready

app = typer.Typer(help="The ledger: verify its hash chain.", no_args_is_help=True)


@app.command()
def verify(
    anchor: Path | None = typer.Option(
        None,
        "--anchor",
        help="A file noting the count and last hash (JSON): checked against when it exists, "
        "and written anew when the ledger is intact. Keep it off the database's machine.",
    ),
) -> None:
    """Re-compute the ledger's hash chain. Exit 0 intact (the count and the last hash on
    stdout, to note and compare later); 1 at the first break, `entry N: ...` on stderr.
    With --anchor, entries removed from the end since the anchor was written are a break too."""
    django_ready()
    from registrar.audit.verify import Anchor, verify_ledger

    noted = None
    if anchor is not None and anchor.exists():
        try:
            data = json.loads(anchor.read_text(encoding="utf-8"))
            noted = Anchor(int(data["entries"]), str(data["last_hash"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            err.print(f"{anchor}: not an anchor file ({error})", markup=False)
            raise typer.Exit(EXIT_UNREADABLE) from error
    verdict = verify_ledger(noted)
    if not verdict.intact:
        err.print(verdict.line(), markup=False)
        raise typer.Exit(EXIT_INVALID)
    if anchor is not None:
        note = {"entries": verdict.entries, "last_hash": verdict.last_hash}
        anchor.write_text(json.dumps(note) + "\n", encoding="utf-8")
    out.print(verdict.line(), markup=False)

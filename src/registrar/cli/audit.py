"""`registrar audit ...`: the ledger's commands."""

from __future__ import annotations

import typer

from registrar.cli.output import EXIT_INVALID, err, out
from registrar.cli.web import django_ready

app = typer.Typer(help="The ledger: verify its hash chain.", no_args_is_help=True)


@app.command()
def verify() -> None:
    """Re-compute the ledger's hash chain. Exit 0 intact (the count and the last hash on
    stdout, to note and compare later); 1 at the first break, `entry N: ...` on stderr."""
    django_ready()
    from registrar.audit.verify import verify_ledger

    verdict = verify_ledger()
    if not verdict.intact:
        err.print(verdict.line(), markup=False)
        raise typer.Exit(EXIT_INVALID)
    out.print(verdict.line(), markup=False)

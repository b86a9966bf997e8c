"""`registrar notices ...`: the reminder that module choice closes soon, and retrying email."""

from __future__ import annotations

import typer

from registrar.cli.output import EXIT_INVALID, fail, out
from registrar.cli.web import PROGRAMME, django_ready, find_programme

app = typer.Typer(
    help="Notices to students: reminders, and email not sent yet.", no_args_is_help=True
)


@app.command()
def remind(programme: str = PROGRAMME) -> None:
    """Remind each enrolled student who has not chosen an elective that module choice closes
    soon (once per opening of the window: safe to run daily from cron). Exit 1 when module
    choice is not open."""
    django_ready()
    from django.db import transaction

    from registrar.notices.domain.events import NoticeRefusedError, choice_closing

    found = find_programme(programme)
    try:
        with transaction.atomic():
            sent = choice_closing(programme=found, actor=None)
    except NoticeRefusedError as refused:
        fail(str(refused), EXIT_INVALID)
    out.print(f"{found}: students reminded who have not chosen: {len(sent)}.", markup=False)


@app.command()
def send() -> None:
    """Email every notice not sent yet (after the mail server was down). Exit 1 if any
    still fails; each failure is kept on its notice and shown on the registry's list."""
    django_ready()
    from registrar.notices.domain.sending import deliver_pending

    sent, failed = deliver_pending()
    out.print(f"Notices sent: {sent}; failed: {failed}.", markup=False)
    if failed:
        raise typer.Exit(EXIT_INVALID)

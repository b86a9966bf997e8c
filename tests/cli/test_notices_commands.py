"""`registrar notices remind` (module choice closes soon, once per opening) and `registrar
notices send` (email not sent yet)."""

from __future__ import annotations

import pytest
from django.core import mail
from typer.testing import CliRunner

from registrar.cli import app
from registrar.notices.models import Kind, Notice
from tests.notices.test_sending import Refusing  # noqa: F401 - the backend named below

pytestmark = pytest.mark.django_db

runner = CliRunner()


def test_remind_tells_who_has_not_chosen_once(programme, make_student, open_window):
    make_student("00000001")
    make_student("00000002")

    first = runner.invoke(app, ["notices", "remind", "--programme", "G5ZB/2025-26"])
    again = runner.invoke(app, ["notices", "remind"])

    assert (first.exit_code, first.stdout) == (
        0,
        "MRes AI and Machine Learning (2025-26 entry): students reminded who have not chosen: 2.\n",
    )
    assert (again.exit_code, again.stdout.split(": ")[-1]) == (0, "0.\n")
    assert Notice.objects.filter(kind=Kind.CHOICE_CLOSING).count() == 2


def test_remind_while_module_choice_is_closed_exits_1(programme):
    result = runner.invoke(app, ["notices", "remind"])
    assert (result.exit_code, result.stderr) == (
        1,
        "error: module choice for MRes AI and Machine Learning (2025-26 entry) is not open; "
        "open it before reminding students\n",
    )


def test_send_retries_what_the_mail_server_refused(programme, make_student, open_window, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_sending.Refusing"
    make_student("00000001")
    runner.invoke(app, ["notices", "remind"])  # the CliRunner commits nothing: nothing sent
    refused = runner.invoke(app, ["notices", "send"])
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sent = runner.invoke(app, ["notices", "send"])

    assert (refused.exit_code, refused.stdout) == (1, "Notices sent: 0; failed: 1.\n")
    assert (sent.exit_code, sent.stdout) == (0, "Notices sent: 1; failed: 0.\n")
    assert [m.to for m in mail.outbox] == [["s00000001@example.ac.uk"]]

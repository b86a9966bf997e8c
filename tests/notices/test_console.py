"""The default mail backend writes to standard error, never to a command's standard output."""

from __future__ import annotations

from django.core.mail import EmailMessage

from registrar.notices.console import EmailBackend


def test_console_mail_goes_to_standard_error(capsys):
    sent = EmailBackend().send_messages(
        [EmailMessage("Hello", "A line.", "registry@localhost", ["s@example.ac.uk"])]
    )
    out, err = capsys.readouterr()
    assert (sent, out) == (1, "")
    assert "Subject: Hello" in err
    assert "To: s@example.ac.uk" in err

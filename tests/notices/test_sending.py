"""Recording notices and emailing them: one ledger entry a batch, email only after the
change commits, a failure kept on the notice and retried."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from registrar.audit.models import AuditEntry
from registrar.notices.domain.sending import Message, Recipient, deliver_pending, notify
from registrar.notices.models import Kind, Notice

pytestmark = pytest.mark.django_db

HELLO = Message(subject="Hello", body="A line.", link="/me/")


class Refusing:
    """A mail backend whose server refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection\nrefused")


def tell(programme, student) -> None:
    notify(
        kind=Kind.RESULTS_RELEASED,
        programme=programme,
        recipients=[Recipient.of_student(student)],
        message=HELLO,
        actor=None,
    )


def test_notify_records_one_notice_each_and_one_ledger_entry(programme, make_student, account):
    ada = make_student("00000001", username="ada")
    staff = account("lead", "programme_lead")
    notices = notify(
        kind=Kind.RESULTS_RELEASED,
        programme=programme,
        recipients=[Recipient.of_student(ada), Recipient.of_user(staff)],
        message=HELLO,
        actor=staff,
    )
    stored = list(
        Notice.objects.order_by("pk").values_list("student__student_id", "user__username")
    )
    assert stored == [("00000001", "ada"), (None, "lead")]
    assert [n.delivery for n in notices] == [
        "waiting to be sent",
        "in the application only (no email address)",
    ]
    entry = AuditEntry.objects.get(action="notices.sent")
    assert (entry.actor, entry.subject, entry.data) == (
        staff,
        "G5ZB 2025-26: Results released",
        {"kind": "results_released", "count": 2, "subject": "Hello", "key": ""},
    )


def test_no_recipient_writes_nothing(programme):
    assert (
        notify(
            kind=Kind.RESULTS_RELEASED,
            programme=programme,
            recipients=[],
            message=HELLO,
            actor=None,
        )
        == []
    )
    assert (Notice.objects.count(), AuditEntry.objects.filter(action="notices.sent").count()) == (
        0,
        0,
    )


def test_email_goes_only_when_the_change_commits(
    programme, make_student, django_capture_on_commit_callbacks
):
    ada = make_student("00000001")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tell(programme, ada)
        assert mail.outbox == []  # not before the commit
    assert (len(callbacks), [m.to for m in mail.outbox]) == (1, [["s00000001@example.ac.uk"]])
    assert Notice.objects.get().sent_at is not None


def test_a_change_rolled_back_tells_no_one(
    programme, make_student, django_capture_on_commit_callbacks
):
    ada = make_student("00000001")

    def change_that_fails() -> None:
        with transaction.atomic():
            tell(programme, ada)
            raise RuntimeError("the change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change_that_fails()
    assert (mail.outbox, Notice.objects.count()) == ([], 0)


def test_a_refused_email_is_kept_on_one_line_and_sent_by_a_retry(
    programme, make_student, settings, django_capture_on_commit_callbacks
):
    ada = make_student("00000001")
    settings.EMAIL_BACKEND = "tests.notices.test_sending.Refusing"
    with django_capture_on_commit_callbacks(execute=True):
        tell(programme, ada)
    notice = Notice.objects.get()
    assert (notice.sent_at, notice.delivery) == (
        None,
        "not sent yet: [Errno 111] Connection refused",
    )
    assert deliver_pending() == (0, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver_pending() == (1, 0)
    notice.refresh_from_db()
    assert (notice.delivery, notice.error, len(mail.outbox)) == ("emailed", "", 1)
    assert deliver_pending() == (0, 0)  # nothing is sent twice

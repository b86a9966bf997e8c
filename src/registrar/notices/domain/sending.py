"""Recording notices and sending them by email.

A notice is written in the transaction of the change it reports, with one ledger entry for
the batch; the emails go only once that transaction has committed (a change rolled back tells
no one). Mail goes through Django's mail framework: the console backend unless the
environment names another (docs/notices.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from registrar.audit.domain import record
from registrar.notices.models import Kind, Notice
from registrar.people.models import Student
from registrar.programmes.models import Programme

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str
    link: str = ""  # a path in the application, e.g. "/me/results/"


@dataclass(frozen=True)
class Recipient:
    """Who a notice is for: a student (filed under their record) or a staff account."""

    email: str
    student: Student | None = None
    user: Any = None

    @classmethod
    def of_student(cls, student: Student) -> Recipient:
        return cls(email=student.email, student=student, user=student.user)

    @classmethod
    def of_user(cls, user: Any) -> Recipient:
        return cls(email=user.email or "", user=user)


def notify(
    *,
    kind: Kind,
    programme: Programme,
    recipients: Iterable[Recipient],
    message: Message | Callable[[Recipient], Message],
    actor: Any,
    key: str = "",
) -> list[Notice]:
    """Record `message` (the same for all, or made for each recipient) for every recipient
    and send it by email once the caller commits.

    Side effects: one Notice per recipient; one ledger entry `notices.sent` (none when there
    is no one to tell); emails after commit (`deliver`).
    """
    made = [(r, message(r) if callable(message) else message) for r in recipients]
    notices = Notice.objects.bulk_create(
        [
            Notice(
                kind=kind,
                programme=programme,
                student=r.student,
                user=r.user,
                email=r.email,
                subject=m.subject,
                body=m.body,
                link=m.link,
                key=key,
            )
            for r, m in made
        ]
    )
    if not notices:
        return []
    record(
        actor=actor,
        action="notices.sent",
        subject=f"{programme.code} {programme.cohort}: {kind.label}",
        data={
            "kind": kind.value,
            "count": len(notices),
            "subject": message.subject if isinstance(message, Message) else "(each its own)",
            "key": key,
        },
    )
    ids = [n.pk for n in notices]  # both databases return the ids of a bulk insert
    transaction.on_commit(lambda: deliver(ids))
    return notices


def email_text(notice: Notice) -> str:
    """The email's body: the notice, and where to read it in the application."""
    text = notice.body
    if notice.link:
        text += f"\n\n{settings.REGISTRAR_SITE_URL.rstrip('/')}{notice.link}"
    return text + "\n\n— Registrar, on behalf of the programme's registry\n"


def deliver(ids: Sequence[int]) -> tuple[int, int]:
    """Email the notices `ids` not sent yet; returns (sent, failed).

    A failure is kept on the notice (one line) and logged; the rest still go. A notice
    without an email address is shown in the application only.
    """
    sent = failed = 0
    pending = list(Notice.objects.filter(pk__in=ids, sent_at=None).exclude(email=""))
    if not pending:
        return 0, 0
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        _failed([n.pk for n in pending], error)
        return 0, len(pending)
    try:
        for notice in pending:
            email = EmailMessage(
                subject=notice.subject,
                body=email_text(notice),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notice.email],
                connection=connection,
            )
            try:
                email.send()
            except Exception as error:
                _failed([notice.pk], error)
                failed += 1
            else:
                Notice.objects.filter(pk=notice.pk).update(sent_at=timezone.now(), error="")
                sent += 1
    finally:
        connection.close()
    return sent, failed


def _failed(ids: list[int], error: Exception) -> None:
    line = (" ".join(str(error).split()) or type(error).__name__)[:300]
    Notice.objects.filter(pk__in=ids).update(error=line)
    log.warning("%d notice(s) not sent: %s", len(ids), line)


def deliver_pending() -> tuple[int, int]:
    """Retry every notice not sent yet (`registrar notices send`)."""
    ids = list(Notice.objects.filter(sent_at=None).exclude(email="").values_list("pk", flat=True))
    return deliver(ids)

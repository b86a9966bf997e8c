"""Who is told what, and when: one function per occasion, called by the domain function of
the change (or by the registry, for a reminder), inside its transaction."""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from registrar.claims.models import Claim, ClaimStatus, Remedy
from registrar.notices.domain.sending import Message, Recipient, notify
from registrar.notices.models import Kind, Notice
from registrar.people.models import Student, StudentStatus
from registrar.programmes.domain.diff import Change, diff_data
from registrar.programmes.models import Programme, SpecificationVersion
from registrar.projects.models import Placement
from registrar.registrations.models import Category, ChoiceWindow


class NoticeRefusedError(Exception):
    """No notice was sent; the message says why."""


def _enrolled(programme: Programme) -> Any:
    return Student.objects.filter(
        programme=programme, status=StudentStatus.ENROLLED
    ).select_related("user")


def _without_elective(programme: Programme) -> Any:
    return _enrolled(programme).exclude(registrations__category=Category.ELECTIVE)


def _closing(window: ChoiceWindow) -> str:
    return f" It closes on {window.closes_on:%-d %B %Y}." if window.closes_on else ""


def choice_opened(*, window: ChoiceWindow, actor: Any) -> list[Notice]:
    """Module choice has opened: tell each enrolled student who has not chosen."""
    programme = window.programme
    return notify(
        kind=Kind.CHOICE_OPENED,
        programme=programme,
        recipients=[Recipient.of_student(s) for s in _without_elective(programme)],
        message=Message(
            subject=f"Module choice is open: {programme.title}",
            body=(
                f"Module choice for {programme.title} ({programme.cohort}) is open."
                f"{_closing(window)} Choose your elective on your modules page."
            ),
            link="/me/",
        ),
        actor=actor,
    )


def choice_closing(*, programme: Programme, actor: Any) -> list[Notice]:
    """Remind the enrolled students who have not chosen that module choice closes soon.

    Once per opening of the window: a student already reminded is not reminded again.
    Refuses (NoticeRefusedError) when module choice is not open.
    """
    window = ChoiceWindow.objects.filter(programme=programme, is_open=True).first()
    if window is None or window.opened_at is None:
        raise NoticeRefusedError(
            f"module choice for {programme} is not open; open it before reminding students"
        )
    key = f"window:{window.opened_at:%Y%m%dT%H%M%S.%f}"
    reminded = Notice.objects.filter(programme=programme, kind=Kind.CHOICE_CLOSING, key=key)
    students = _without_elective(programme).exclude(pk__in=reminded.values("student_id"))
    return notify(
        kind=Kind.CHOICE_CLOSING,
        programme=programme,
        recipients=[Recipient.of_student(s) for s in students],
        message=Message(
            subject=f"Module choice closes soon: {programme.title}",
            body=(
                f"You have not chosen your elective for {programme.title} ({programme.cohort})"
                f" yet.{_closing(window)} Choose it on your modules page before then."
            ),
            link="/me/",
        ),
        actor=actor,
        key=key,
    )


def results_released(*, programme: Programme, student_ids: list[str], actor: Any) -> list[Notice]:
    """A board's results are released: tell each of its students."""
    students = Student.objects.filter(programme=programme, student_id__in=student_ids)
    return notify(
        kind=Kind.RESULTS_RELEASED,
        programme=programme,
        recipients=[Recipient.of_student(s) for s in students.select_related("user")],
        message=Message(
            subject=f"Your results are released: {programme.title}",
            body=(
                f"The exam board's results for {programme.title} ({programme.cohort}) are "
                "released. Your marks, outcome and transcript are on your results page."
            ),
            link="/me/results/",
        ),
        actor=actor,
    )


def references_requested(*, application: Any, actor: Any) -> list[Notice]:
    """An application is submitted: send each referee their private upload link. The notice
    has no account to file it under; the admissions tutor sees the links on the application."""
    from registrar.admissions.domain.referees import token_for  # admissions builds on notices

    programme = application.programme
    name = application.name
    referees = {r.email: r for r in application.referees.exclude(email="")}

    def message(recipient: Recipient) -> Message:
        referee = referees[recipient.email]
        return Message(
            subject=f"A reference for {name}: {programme.title}",
            body=(
                f"Dear {referee.name or 'referee'},\n\n{name} has applied for {programme.title} "
                f"({programme.cohort}) and named you as a referee. Please upload your reference "
                "as a PDF through your private link below; it is yours alone, and works until "
                "the application is decided."
            ),
            link=f"/references/{token_for(referee)}/",
        )

    return notify(
        kind=Kind.REFERENCE_REQUESTED,
        programme=programme,
        recipients=[Recipient(email=email) for email in referees],
        message=message,
        actor=actor,
        key=application.reference,
    )


def _value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


def change_line(change: Change) -> str:
    """One change of a specification, in one line of an email."""
    if change.kind == "added":
        return f"- added {change.path}: {_value(change.new)}"
    if change.kind == "removed":
        return f"- removed {change.path} (was {_value(change.old)})"
    return f"- changed {change.path}: {_value(change.old)} → {_value(change.new)}"


def specification_changed(*, version: SpecificationVersion, actor: Any) -> list[Notice]:
    """A new version of the specification is published: tell every enrolled student of the
    cohort what changed (nothing for a programme's first version)."""
    programme = version.programme
    previous = programme.versions.filter(number__lt=version.number).order_by("-number").first()
    if previous is None:
        return []
    changes = diff_data(previous.data, version.data)
    lines = "\n".join(change_line(c) for c in changes) or "- no field changed"
    note = f"\n\nThe registry's note: {version.note}" if version.note else ""
    return notify(
        kind=Kind.SPECIFICATION_CHANGED,
        programme=programme,
        recipients=[Recipient.of_student(s) for s in _enrolled(programme)],
        message=Message(
            subject=f"Your programme specification has changed: {programme.title}",
            body=(
                f"Version {version.number} of the specification of {programme.title} "
                f"({programme.cohort}) replaces version {previous.number}. "
                f"What changed:\n{lines}{note}"
            ),
            link=f"/programmes/{programme.pk}/versions/{version.number}/",
        ),
        actor=actor,
    )


def claim_decided(*, claim: Claim, actor: Any) -> list[Notice]:
    """The panel decided a mitigating-circumstances claim: tell the student, with the reason
    and the remedy (the claim's page says the rest; its evidence never leaves it)."""
    student = claim.student
    verdict = "upheld" if claim.status == ClaimStatus.UPHELD else "not upheld"
    remedy = ""
    if claim.remedy == Remedy.FURTHER_ATTEMPT:
        remedy = " Remedy: a further uncapped attempt at each assessment the claim names."
    elif claim.remedy == Remedy.EXTENSION and claim.extended_to is not None:
        due = timezone.localtime(claim.extended_to)
        remedy = f" Remedy: an extension; the new deadline is {due:%-d %B %Y, %H:%M}."
    return notify(
        kind=Kind.CLAIM_DECIDED,
        programme=student.programme,
        recipients=[Recipient.of_student(student)],
        message=Message(
            subject=f"Your mitigating circumstances claim {claim.pk} is decided",
            body=(
                f"The panel has decided your mitigating circumstances claim {claim.pk}: "
                f"{verdict}. The panel's reason: {claim.reason}{remedy}"
            ),
            link=f"/claims/{claim.pk}/",
        ),
        actor=actor,
    )


def allocation_confirmed(
    *, programme: Programme, placements: list[Placement], actor: Any
) -> list[Notice]:
    """The project allocation is confirmed: tell each student of the run their project and
    lead supervisor, or that none was allocated."""
    by_student = {p.student_id: p for p in placements}

    def message(recipient: Recipient) -> Message:
        assert recipient.student is not None
        proposal = by_student[recipient.student.pk].proposal
        if proposal is None:
            return Message(
                subject=f"No research project allocated yet: {programme.title}",
                body=(
                    "The project allocation is confirmed, and none of the proposals you ranked "
                    "could be given to you. The programme's registry will contact you to agree "
                    "a project."
                ),
                link="/me/project/",
            )
        supervisor = proposal.supervisor.get_full_name() or proposal.supervisor.get_username()
        return Message(
            subject=f"Your research project: {proposal.title}",
            body=(
                f"The project allocation is confirmed. Your research project is "
                f"{proposal.code} {proposal.title}, supervised by {supervisor}."
            ),
            link="/me/project/",
        )

    students = Student.objects.filter(pk__in=by_student).select_related("user")
    return notify(
        kind=Kind.ALLOCATION_CONFIRMED,
        programme=programme,
        recipients=[Recipient.of_student(s) for s in students.order_by("student_id")],
        message=message,
        actor=actor,
    )

"""Opening and closing the elective choice window of a programme cohort."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from registrar.audit.domain import record, user_of
from registrar.notices.domain.events import choice_opened
from registrar.programmes.models import Programme
from registrar.registrations.models import ChoiceWindow


@transaction.atomic
def set_choice_window(
    *, programme: Programme, is_open: bool, actor: Any, closes_on: dt.date | None = None
) -> ChoiceWindow:
    """Open or close module choice for `programme` (opening, with the closing date students
    are told, if any).

    Side effects: creates or updates the programme's ChoiceWindow; one audit
    entry `choice_window.opened` or `choice_window.closed`; on opening a closed window,
    a notice to each enrolled student who has not chosen (`notices.sent`).
    """
    window, _ = ChoiceWindow.objects.select_for_update().get_or_create(programme=programme)
    opening = is_open and not window.is_open
    window.is_open = is_open
    if opening:
        window.opened_at = timezone.now()
    if is_open:
        window.closes_on = closes_on
    window.changed_by = user_of(actor)
    window.save()
    record(
        actor=actor,
        action="choice_window.opened" if is_open else "choice_window.closed",
        subject=f"{programme.code} {programme.cohort}",
        data={"closes_on": closes_on.isoformat()} if is_open and closes_on else None,
    )
    if opening:
        choice_opened(window=window, actor=actor)
    return window


def open_choice_window(
    *, programme: Programme, actor: Any, closes_on: dt.date | None = None
) -> ChoiceWindow:
    return set_choice_window(programme=programme, is_open=True, actor=actor, closes_on=closes_on)


def close_choice_window(*, programme: Programme, actor: Any) -> ChoiceWindow:
    return set_choice_window(programme=programme, is_open=False, actor=actor)

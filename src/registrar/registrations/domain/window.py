"""Opening and closing the elective choice window of a programme cohort."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.programmes.models import Programme
from registrar.registrations.models import ChoiceWindow


@transaction.atomic
def set_choice_window(*, programme: Programme, is_open: bool, actor: Any) -> ChoiceWindow:
    """Open or close module choice for `programme`.

    Side effects: creates or updates the programme's ChoiceWindow; one audit
    entry `choice_window.opened` or `choice_window.closed`.
    """
    window, _ = ChoiceWindow.objects.select_for_update().get_or_create(programme=programme)
    window.is_open = is_open
    window.changed_by = user_of(actor)
    window.save()
    record(
        actor=actor,
        action="choice_window.opened" if is_open else "choice_window.closed",
        subject=f"{programme.code} {programme.cohort}",
    )
    return window


def open_choice_window(*, programme: Programme, actor: Any) -> ChoiceWindow:
    return set_choice_window(programme=programme, is_open=True, actor=actor)


def close_choice_window(*, programme: Programme, actor: Any) -> ChoiceWindow:
    return set_choice_window(programme=programme, is_open=False, actor=actor)

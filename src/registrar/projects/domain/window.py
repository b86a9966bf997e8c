"""Opening and closing the window in which students rank proposals or propose their own."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.programmes.models import Programme
from registrar.projects.domain.refusal import programme_label
from registrar.projects.models import ProposalWindow


def proposal_window_is_open(programme: Programme) -> bool:
    window = ProposalWindow.objects.filter(programme=programme).first()
    return window is not None and window.is_open


@transaction.atomic
def set_proposal_window(*, programme: Programme, is_open: bool, actor: Any) -> ProposalWindow:
    """Open or close project ranking for `programme`.

    Side effects: creates or updates the programme's ProposalWindow; one audit entry
    `project.window_opened` or `project.window_closed`.
    """
    window, _ = ProposalWindow.objects.select_for_update().get_or_create(programme=programme)
    window.is_open = is_open
    window.changed_by = user_of(actor)
    window.save()
    record(
        actor=actor,
        action="project.window_opened" if is_open else "project.window_closed",
        subject=programme_label(programme),
    )
    return window

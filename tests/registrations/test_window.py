"""Opening and closing module choice."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.registrations.domain.choice import window_is_open
from registrar.registrations.domain.window import close_choice_window, open_choice_window

pytestmark = pytest.mark.django_db


def test_window_is_closed_until_opened_and_each_change_is_audited(programme, account):
    admin = account("registry", "administrator")
    assert window_is_open(programme) is False

    open_choice_window(programme=programme, actor=admin)
    opened = window_is_open(programme)
    close_choice_window(programme=programme, actor=admin)

    assert (opened, window_is_open(programme)) == (True, False)
    entries = list(
        AuditEntry.objects.filter(action__startswith="choice_window")
        .order_by("id")
        .values_list("action", "actor__username", "subject")
    )
    assert entries == [
        ("choice_window.opened", "registry", "G5ZB 2025-26"),
        ("choice_window.closed", "registry", "G5ZB 2025-26"),
    ]

"""The migration that adds when module choice opened: a window open before it opened when it
was last changed; a closed one has no opening."""

from __future__ import annotations

import datetime as dt

import pytest

from registrar.registrations.models import ChoiceWindow
from tests.registrations.migrations.test_0002_one_elective import latest, migrate

BEFORE = [("registrations", "0002_one_elective")]
CHANGED = dt.datetime(2025, 9, 29, 9, 30, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_an_open_window_opened_when_it_was_last_changed(programme, make_student):
    old = migrate(BEFORE)
    window = old.get_model("registrations", "ChoiceWindow")
    window.objects.create(programme_id=programme.pk, is_open=True)
    window.objects.filter(programme_id=programme.pk).update(changed_at=CHANGED)

    migrate(latest())

    stored = ChoiceWindow.objects.get(programme=programme)
    assert (stored.opened_at, stored.closes_on) == (CHANGED, None)


@pytest.mark.django_db(transaction=True)
def test_a_closed_window_has_no_opening(programme):
    old = migrate(BEFORE)
    old.get_model("registrations", "ChoiceWindow").objects.create(
        programme_id=programme.pk, is_open=False
    )

    migrate(latest())

    assert ChoiceWindow.objects.get(programme=programme).opened_at is None

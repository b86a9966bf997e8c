"""The notices pages at work: opening module choice with a closing date, the reminder button,
and the notices a student reads."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from registrar.notices.domain.events import choice_closing, results_released
from registrar.notices.models import Kind, Notice
from registrar.registrations.models import ChoiceWindow

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(account) -> Client:
    client = Client()
    client.force_login(account("reg", "administrator"))
    return client


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_opening_with_a_closing_date_tells_the_students_the_date(programme, make_student, registry):
    make_student("00000001", username="ada")
    closes = timezone.localdate() + dt.timedelta(days=14)

    response = registry.post(
        f"/programmes/{programme.pk}/choice/window/",
        {"state": "open", "closes_on": closes.isoformat()},
        follow=True,
    )

    assert shown(response) == ["Module choice is now open."]
    assert ChoiceWindow.objects.get().closes_on == closes
    assert f"Students were told it closes on {closes:%-d %B %Y}." in response.content.decode()
    assert Notice.objects.get().body.endswith(
        f"It closes on {closes:%-d %B %Y}. Choose your elective on your modules page."
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("31/10/2025", "Closes on: not a date; give it as YYYY-MM-DD, or leave it empty."),
        ("2000-01-01", "Closes on: that date has passed; give a date from today on."),
    ],
)
def test_a_bad_closing_date_opens_nothing(programme, make_student, registry, given, message):
    make_student("00000001")
    response = registry.post(
        f"/programmes/{programme.pk}/choice/window/",
        {"state": "open", "closes_on": given},
        follow=True,
    )
    assert shown(response) == [message]
    assert (ChoiceWindow.objects.count(), Notice.objects.count()) == (0, 0)


def test_the_reminder_button_reminds_once(programme, make_student, registry, open_window):
    make_student("00000001")
    path = f"/programmes/{programme.pk}/choice/remind/"

    first = registry.post(path, follow=True)
    again = registry.post(path, follow=True)

    assert shown(first) == ["Students reminded who have not chosen: 1."]
    assert shown(again) == [
        "No one to remind: every enrolled student has chosen, or was reminded since module "
        "choice opened."
    ]
    assert Notice.objects.filter(kind=Kind.CHOICE_CLOSING).count() == 1


def test_the_reminder_while_module_choice_is_closed_is_refused(programme, registry):
    response = registry.post(f"/programmes/{programme.pk}/choice/remind/", follow=True)
    assert shown(response) == [
        "No reminder sent: module choice for MRes AI and Machine Learning (2025-26 entry) is "
        "not open; open it before reminding students."
    ]


def test_a_student_reads_their_notices_newest_first_with_a_link(
    programme, make_student, open_window
):
    ada = make_student("00000001", username="ada")
    make_student("00000002", username="grace")
    results_released(programme=programme, student_ids=["00000001", "00000002"], actor=None)
    choice_closing(programme=programme, actor=None)
    client = Client()
    client.force_login(ada.user)

    body = client.get("/notices/").content.decode()

    subjects = re.findall(r'<h2 id="notice-\d+">([^<]*)</h2>', body)
    assert subjects == [
        "Module choice closes soon: MRes AI and Machine Learning",
        "Your results are released: MRes AI and Machine Learning",
    ]
    assert '<a href="/notices/" aria-current="page">Notices</a>' in body
    assert re.findall(r'<a href="([^"]*)">Open</a>', body) == ["/me/", "/me/results/"]

"""Who is told what: module choice opened and closing soon, results released, and a new
specification version with what changed."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core import mail

from registrar.audit.models import AuditEntry
from registrar.notices.domain.events import (
    NoticeRefusedError,
    change_line,
    choice_closing,
    specification_changed,
)
from registrar.notices.models import Kind, Notice
from registrar.programmes.domain.diff import Change
from registrar.programmes.domain.versions import publish_specification
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.domain.window import close_choice_window, open_choice_window
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(make_student):
    """Three enrolled students (one has chosen) and one withdrawn."""
    students = [make_student(f"0000000{n}", username=f"s{n}") for n in (1, 2, 3)]
    make_student("00000004", status="withdrawn")
    return students


def recipients(kind: Kind) -> list[str]:
    return sorted(Notice.objects.filter(kind=kind).values_list("student__student_id", flat=True))


def test_opening_module_choice_tells_each_enrolled_student_who_has_not_chosen(
    programme, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_choice_window(programme=programme, actor=None, closes_on=dt.date(2025, 10, 20))
    assert recipients(Kind.CHOICE_OPENED) == ["00000001", "00000002", "00000003"]
    notice = Notice.objects.get(student__student_id="00000001")
    assert notice.subject == "Module choice is open: MRes AI and Machine Learning"
    assert notice.body == (
        "Module choice for MRes AI and Machine Learning (2025-26) is open. It closes on "
        "20 October 2025. Choose your elective on your modules page."
    )
    assert (notice.link, notice.email, notice.user.username) == (
        "/me/",
        "s00000001@example.ac.uk",
        "s1",
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "s00000001@example.ac.uk",
        "s00000002@example.ac.uk",
        "s00000003@example.ac.uk",
    ]
    assert mail.outbox[0].body.endswith(
        "http://127.0.0.1:8000/me/\n\n— Registrar, on behalf of the programme's registry\n"
    )


def test_opening_an_open_window_again_tells_no_one_twice(programme, cohort):
    open_choice_window(programme=programme, actor=None)
    open_choice_window(programme=programme, actor=None)
    assert Notice.objects.count() == 3


def test_the_closing_reminder_goes_once_per_opening_to_those_who_have_not_chosen(programme, cohort):
    open_choice_window(programme=programme, actor=None)
    choose_elective(student=cohort[0], module_code="COMP70010", actor=cohort[0].user)
    first = choice_closing(programme=programme, actor=None)
    again = choice_closing(programme=programme, actor=None)
    assert ([n.student.student_id for n in first], again) == (["00000002", "00000003"], [])
    assert first[0].body == (
        "You have not chosen your elective for MRes AI and Machine Learning (2025-26) yet. "
        "Choose it on your modules page before then."
    )
    close_choice_window(programme=programme, actor=None)
    open_choice_window(programme=programme, actor=None)  # a new opening: a new reminder
    assert len(choice_closing(programme=programme, actor=None)) == 2
    assert AuditEntry.objects.filter(action="notices.sent").count() == 4  # 2 openings, 2 reminders


def test_the_closing_reminder_is_refused_while_module_choice_is_closed(programme, cohort):
    with pytest.raises(NoticeRefusedError) as refused:
        choice_closing(programme=programme, actor=None)
    assert str(refused.value) == (
        "module choice for MRes AI and Machine Learning (2025-26 entry) is not open; open it "
        "before reminding students"
    )
    assert Notice.objects.count() == 0


def test_a_new_specification_version_tells_every_enrolled_student_what_changed(
    programme, cohort, tmp_path
):
    data = yaml.safe_load(MRES.read_text(encoding="utf-8"))
    module = next(m for m in data["modules"] if m["code"] == "COMP70010")
    module["title"] = "Deep Learning, revised"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    version = publish_specification(actor=None, path=changed, note="A module renamed")
    assert recipients(Kind.SPECIFICATION_CHANGED) == ["00000001", "00000002", "00000003"]
    notice = Notice.objects.filter(kind=Kind.SPECIFICATION_CHANGED).first()
    assert notice.subject == (
        "Your programme specification has changed: MRes AI and Machine Learning"
    )
    assert notice.body == (
        "Version 2 of the specification of MRes AI and Machine Learning (2025-26) replaces "
        "version 1. What changed:\n"
        f"- changed modules[COMP70010].title: {old_title(module)} → Deep Learning, revised"
        "\n\nThe registry's note: A module renamed"
    )
    assert notice.link == f"/programmes/{programme.pk}/versions/{version.number}/"


def old_title(module: dict) -> str:
    original = yaml.safe_load(MRES.read_text(encoding="utf-8"))
    return next(m["title"] for m in original["modules"] if m["code"] == module["code"])


def test_the_first_version_of_a_programme_tells_no_one(programme):
    version = programme.versions.get()
    assert specification_changed(version=version, actor=None) == []
    assert Notice.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (Change("a.b", "added", new=5), "- added a.b: 5"),
        (Change("a.b", "removed", old="x"), "- removed a.b (was x)"),
        (Change("a", "changed", old=True, new=False), "- changed a: true → false"),
        (Change("a", "changed", old="s", new="x" * 81), f"- changed a: s → {'x' * 77}…"),
    ],
)
def test_each_change_is_one_line(change, line):
    assert change_line(change) == line


def test_submitting_an_application_emails_each_referee_their_own_upload_link(
    programme, django_capture_on_commit_callbacks
):
    from registrar.admissions.domain.referees import referee_for
    from tests.admissions.world import complete_draft, submit_application

    application = complete_draft(programme)
    assert Notice.objects.count() == 0  # a draft tells no one
    with django_capture_on_commit_callbacks(execute=True):
        submit_application(application=application, actor=application.applicant)

    notices = list(Notice.objects.filter(kind=Kind.REFERENCE_REQUESTED).order_by("email"))
    assert [(n.email, n.user, n.student, n.key) for n in notices] == [
        ("cb@example.ac.uk", None, None, application.reference),
        ("ms@example.ac.uk", None, None, application.reference),
    ]
    # Each link opens that referee's own upload page, and no other's.
    tokens = [n.link.removeprefix("/references/").removesuffix("/") for n in notices]
    assert [referee_for(t).name for t in tokens] == ["Prof. Babbage", "Dr Somerville"]
    assert notices[0].subject == ("A reference for Ada Lovelace: MRes AI and Machine Learning")
    assert notices[0].body.startswith(
        "Dear Prof. Babbage,\n\nAda Lovelace has applied for MRes AI and Machine Learning "
        "(2025-26) and named you as a referee."
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["cb@example.ac.uk", "ms@example.ac.uk"]
    assert f"http://127.0.0.1:8000{notices[0].link}" in mail.outbox[0].body + mail.outbox[1].body

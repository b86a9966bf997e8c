"""The Django admin: lists with columns, filters and search; changes go through the domain."""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.registrations.models import ChoiceWindow, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(account, open_window):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/people/student/?q=Findme", "Findme"),
        ("/admin/people/student/?status__exact=enrolled", "00000002"),
        ("/admin/registrations/registration/?category__exact=core", "COMP70061"),
        ("/admin/registrations/choicewindow/", "Open module choice"),
        ("/admin/programmes/programme/", "G5ZB"),
        ("/admin/programmes/specificationversion/", "(2025-26 entry)"),
        ("/admin/audit/auditentry/?action=registration.required", "00000002"),
        ("/admin/people/account/", "registry"),
    ],
)
def test_admin_lists_render_with_filters_and_search(admin_client, make_student, url, expected):
    make_student("00000002", given_name="Findme")

    response = admin_client.get(url)

    assert response.status_code == 200
    assert expected in response.content.decode()


def _student_form(student, **extra):
    return {
        "student_id": student.student_id,
        "given_name": student.given_name,
        "family_name": student.family_name,
        "email": student.email,
        "programme": student.programme_id,
        "status": student.status,
        "user": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
        **extra,
    }


def test_admin_elective_without_reason_is_refused_by_the_domain_rule(admin_client, make_student):
    student = make_student("00000002")

    response = admin_client.post(
        f"/admin/people/student/{student.pk}/change/",
        _student_form(student, elective="COMP70016", reason=""),
    )

    assert response.status_code == 200
    assert (
        "Elective not changed: an override needs a reason; say why the rule is set aside."
        in response.content.decode()
    )
    assert not Registration.objects.filter(category="elective").exists()


def test_admin_elective_not_running_is_refused(admin_client, make_student):
    student = make_student("00000002")

    response = admin_client.post(
        f"/admin/people/student/{student.pk}/change/",
        _student_form(student, elective="COMP70101", reason="asked"),
    )

    assert "COMP70101 Human-Robot Interaction is not running in 2025-26" in (
        response.content.decode()
    )


def test_admin_elective_with_reason_is_an_audited_override(admin_client, make_student):
    student = make_student("00000002")

    response = admin_client.post(
        f"/admin/people/student/{student.pk}/change/",
        _student_form(student, elective="comp70016", reason="late arrival"),
    )

    assert response.status_code == 302
    registration = Registration.objects.get(category="elective")
    assert (registration.module_code, registration.how, registration.reason) == (
        "COMP70016",
        "override",
        "late arrival",
    )
    assert AuditEntry.objects.get(action="elective.overridden").reason == "late arrival"


def test_admin_action_closes_the_window(admin_client, programme):
    window = ChoiceWindow.objects.get(programme=programme)

    admin_client.post(
        "/admin/registrations/choicewindow/",
        {"action": "close_windows", "_selected_action": [window.pk]},
    )

    window.refresh_from_db()
    assert window.is_open is False
    assert AuditEntry.objects.filter(action="choice_window.closed").count() == 1


@pytest.fixture
def year_end(make_student):
    """One student with a stored mark, in a locked board run with a decision."""
    from registrar.assessment.models import Mark
    from registrar.boards.domain.decisions import decide
    from registrar.boards.domain.locking import lock_board
    from registrar.boards.domain.runs import run_board

    student = make_student("00000003", given_name="Marked")
    Mark.objects.create(student=student, module_code="COMP70076", mark="64.00")
    run = run_board(programme=student.programme, actor=None)
    decide(run=run, student=student, actor=None, status="incomplete")
    return lock_board(run=run, actor=None)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/assessment/mark/?module_code=COMP70076", "64.00"),
        ("/admin/boards/boardrun/", "Board run"),
        ("/admin/boards/decision/", "00000003"),
    ],
)
def test_admin_shows_marks_and_board_records(admin_client, year_end, url, expected):
    response = admin_client.get(url)

    assert (response.status_code, expected in response.content.decode()) == (200, True)


@pytest.mark.parametrize("model", ["assessment/mark", "boards/boardrun", "boards/decision"])
def test_admin_cannot_add_change_or_delete_marks_or_board_records(admin_client, year_end, model):
    from registrar.assessment.models import Mark
    from registrar.boards.models import BoardRun, Decision

    pk = (
        {"assessment/mark": Mark, "boards/boardrun": BoardRun, "boards/decision": Decision}[model]
        .objects.get()
        .pk
    )

    statuses = (
        admin_client.get(f"/admin/{model}/add/").status_code,
        admin_client.post(f"/admin/{model}/{pk}/change/", {}).status_code,
        admin_client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"}).status_code,
    )

    assert (statuses, Mark.objects.count(), Decision.objects.count()) == ((403, 403, 403), 1, 1)

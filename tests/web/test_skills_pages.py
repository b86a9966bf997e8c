"""Professional skills courses on the web: the registry's cohort table and import, the
student's own record; every role against every page (docs/rules.md#professional-skills)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.registrations.domain.skills import completed_codes, record_completion
from registrar.registrations.models import SkillsCompletion
from tests.web.test_permission_matrix import ADMISSIONS, ROLES, STAFF, text

pytestmark = pytest.mark.django_db

ALICE, BOB = "00000001", "00000002"


@pytest.fixture
def world(programme, make_student, account):
    users = {role: account(role, role) for role in (*STAFF, *ADMISSIONS)}
    bob = make_student(BOB, username="bob", given_name="Bob", family_name="Other")
    alice = make_student(ALICE, username="alice", given_name="Alice", family_name="Own")
    users["student"] = alice.user
    record_completion(student=alice, course_code="GS-RI", actor=None)
    record_completion(student=bob, course_code="GS-COMM", actor=None)
    return {"users": users, "alice": alice, "bob": bob, "pk": programme.pk}


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_the_administrator_opens_the_cohort_table(world, role):
    response = client_for(world, role).get(f"/programmes/{world['pk']}/skills/")
    if role == "anonymous":
        assert response.status_code == 302
    elif role == "administrator":
        assert response.status_code == 200
        body = text(response)
        assert "GS-RI" in body
        assert "Research Integrity" in body
        assert 'aria-label="Withdraw GS-RI for 00000001"' in body
        assert 'aria-label="Record GS-RDM for 00000001"' in body
        assert 'aria-label="Withdraw GS-COMM for 00000002"' in body
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_only_the_administrator_records_a_completion(world, role):
    before = SkillsCompletion.objects.count()
    response = client_for(world, role).post(
        f"/programmes/{world['pk']}/skills/record/",
        {"student_id": ALICE, "course": "GS-RDM", "action": "record"},
    )
    if role == "administrator":
        assert response.status_code == 302
        assert completed_codes(world["alice"]) == {"GS-RI", "GS-RDM"}
        entry = AuditEntry.objects.filter(action="skills.completed").latest("id")
        assert (entry.subject, entry.actor) == (f"{ALICE} GS-RDM", world["users"][role])
    else:
        assert response.status_code in (302, 403)
        assert SkillsCompletion.objects.count() == before


@pytest.mark.parametrize("role", ROLES)
def test_only_the_administrator_imports(world, role):
    upload = SimpleUploadedFile(
        "skills.csv", f"student_id,course\n{BOB},GS-RI\n".encode(), content_type="text/csv"
    )
    response = client_for(world, role).post(
        f"/programmes/{world['pk']}/skills/import/", {"file": upload}
    )
    recorded = "GS-RI" in completed_codes(world["bob"])
    assert recorded == (role == "administrator")
    assert response.status_code == (302 if role in ("administrator", "anonymous") else 403)


def test_the_administrator_withdraws_a_completion(world):
    client = client_for(world, "administrator")
    response = client.post(
        f"/programmes/{world['pk']}/skills/record/",
        {"student_id": ALICE, "course": "GS-RI", "action": "withdraw"},
        follow=True,
    )
    assert f"GS-RI is no longer recorded for {ALICE}." in text(response)
    assert completed_codes(world["alice"]) == set()
    assert AuditEntry.objects.filter(action="skills.withdrawn").count() == 1


def test_a_bad_import_is_refused_whole_with_its_problems(world):
    upload = SimpleUploadedFile(
        "skills.csv",
        f"student_id,course\n{BOB},GS-RI\n{BOB},GS-XX\n".encode(),
        content_type="text/csv",
    )
    response = client_for(world, "administrator").post(
        f"/programmes/{world['pk']}/skills/import/", {"file": upload}
    )
    assert response.status_code == 400
    body = text(response)
    assert "skills.csv: 1 problem; nothing was recorded." in body
    assert "unknown course GS-XX (not a required course of the programme specification)" in body
    assert completed_codes(world["bob"]) == {"GS-COMM"}


def test_the_student_sees_their_own_courses_completed_and_outstanding(world):
    body = text(client_for(world, "student").get("/me/"))
    assert "Professional skills courses" in body
    assert (
        '<li id="skill-GS-RI"><span class="code">GS-RI</span> Research Integrity '
        '<span class="muted">(Graduate School)</span> — <strong>completed</strong></li>'
    ) in body
    assert (
        '<li id="skill-GS-COMM"><span class="code">GS-COMM</span> Communicating Your Research '
        '<span class="muted">(Graduate School)</span> — <strong>outstanding</strong></li>'
    ) in body
    assert "Bob" not in body


def test_the_student_cannot_read_another_students_courses(world):
    response = client_for(world, "student").get(f"/students/{BOB}/")
    assert response.status_code in (403, 404)


def test_staff_who_read_the_record_see_the_courses(world):
    body = text(client_for(world, "administrator").get(f"/students/{BOB}/"))
    assert '<li id="skill-GS-COMM">' in body
    assert "<strong>completed</strong>" in body
    assert f'href="/programmes/{world["pk"]}/skills/"' in body

"""Every admin form for people writes its ledger entry: students, accounts, tokens, users and
groups. Each test posts the change through the admin and reads the exact entry."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.people.domain.accounts import issue_token
from registrar.people.models import Account, ApiToken, Student

pytestmark = pytest.mark.django_db

User = get_user_model()
JOINED = dt.datetime(2026, 9, 1, 9, 0, tzinfo=dt.UTC)  # whole seconds: the form's precision


@pytest.fixture
def registry(account):
    return account("registry", "administrator")


@pytest.fixture
def admin_client(registry):
    client = Client()
    client.force_login(registry)
    return client


def last_entry() -> dict[str, object]:
    entry = AuditEntry.objects.select_related("actor").order_by("-id").first()
    assert entry is not None
    return {
        "actor": entry.actor.get_username() if entry.actor else None,
        "action": entry.action,
        "subject": entry.subject,
        "data": entry.data,
        "before": entry.before,
        "after": entry.after,
        "student_id": entry.student_id,
    }


def password_mark(user) -> str:
    user.refresh_from_db()
    return "set #" + hashlib.sha256(user.password.encode()).hexdigest()[:8]


def student_form(student, **changes):
    values = {
        "student_id": student.student_id,
        "given_name": student.given_name,
        "family_name": student.family_name,
        "email": student.email,
        "programme": student.programme_id,
        "status": student.status,
        "user": "",
        "elective": "",
        "reason": "",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "registrations-MIN_NUM_FORMS": "0",
        "registrations-MAX_NUM_FORMS": "1000",
    }
    return {**values, **changes}


def test_changing_a_students_fields_in_the_admin_is_ledgered(admin_client, make_student):
    student = make_student("00000002")

    response = admin_client.post(
        f"/admin/people/student/{student.pk}/change/",
        student_form(student, given_name="Renamed", status="interrupted"),
    )

    assert response.status_code == 302
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.changed",
        "subject": "student 00000002 Renamed Family02",
        "data": {"model": "people.student", "id": student.pk},
        "before": {"given_name": "Given02", "status": "enrolled"},
        "after": {"given_name": "Renamed", "status": "interrupted"},
        "student_id": "00000002",
    }


def test_saving_a_student_unchanged_writes_nothing(admin_client, make_student):
    student = make_student("00000002")
    count = AuditEntry.objects.count()

    admin_client.post(f"/admin/people/student/{student.pk}/change/", student_form(student))

    assert AuditEntry.objects.count() == count


def test_adding_a_student_in_the_admin_is_ledgered(admin_client, programme):
    blank = Student(programme=programme)

    response = admin_client.post(
        "/admin/people/student/add/",
        student_form(
            blank,
            student_id="00000009",
            given_name="Ada",
            family_name="Byron",
            email="ada@example.ac.uk",
        ),
    )

    assert response.status_code == 302
    student = Student.objects.get(student_id="00000009")
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.added",
        "subject": "student 00000009 Ada Byron",
        "data": {"model": "people.student", "id": student.pk},
        "before": {},
        "after": {
            "student_id": "00000009",
            "given_name": "Ada",
            "family_name": "Byron",
            "email": "ada@example.ac.uk",
            "programme": "MRes AI and Machine Learning (2025-26 entry)",
            "status": "enrolled",
            "user": None,
        },
        "student_id": "00000009",
    }


def test_a_student_cannot_be_deleted_in_the_admin(admin_client, make_student):
    student = make_student("00000002")

    response = admin_client.post(f"/admin/people/student/{student.pk}/delete/", {"post": "yes"})

    assert (response.status_code, Student.objects.count()) == (403, 1)


def test_giving_a_role_in_the_admin_goes_through_set_up_account(admin_client):
    user = User.objects.create_user("lee", password="lee-long-pass")

    response = admin_client.post(
        "/admin/people/account/add/", {"user": user.pk, "role": "module_leader"}
    )

    assert response.status_code == 302
    assert Account.objects.get(user=user).role == "module_leader"
    assert last_entry() == {
        "actor": "registry",
        "action": "account.set_up",
        "subject": "lee",
        "data": {"role": "module_leader", "created": False},
        "before": {},
        "after": {},
        "student_id": "",
    }


def test_changing_a_role_in_the_admin_goes_through_set_up_account(admin_client, account):
    user = account("lee", "module_leader")

    response = admin_client.post(
        f"/admin/people/account/{user.account.pk}/change/", {"role": "administrator"}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.account.role, user.is_staff) == ("administrator", True)
    assert (last_entry()["action"], last_entry()["data"]) == (
        "account.set_up",
        {"role": "administrator", "created": False},
    )


def test_deleting_an_account_in_the_admin_is_ledgered(admin_client, account):
    user = account("lee", "module_leader")
    pk = user.account.pk

    response = admin_client.post(f"/admin/people/account/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.deleted",
        "subject": "account lee (Module leader)",
        "data": {"model": "people.account", "id": pk},
        "before": {"user": "lee", "role": "module_leader"},
        "after": {},
        "student_id": "",
    }


def test_revoking_tokens_in_the_admin_goes_through_revoke_token(admin_client, account):
    lee = account("lee", "module_leader")
    issue_token(user=lee, name="marks script", actor=lee)
    token = ApiToken.objects.get()

    response = admin_client.post(
        "/admin/people/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )

    assert response.status_code == 302
    token.refresh_from_db()
    entry = last_entry()
    assert (entry["actor"], entry["action"], entry["subject"], entry["before"]) == (
        "registry",
        "token.revoked",
        "lee",
        {"revoked_at": None},
    )
    assert entry["after"] == {"revoked_at": token.revoked_at.isoformat()}


def test_a_token_is_neither_changed_nor_deleted_in_the_admin(admin_client, account):
    lee = account("lee", "module_leader")
    issue_token(user=lee, name="marks script", actor=lee)
    token = ApiToken.objects.get()

    statuses = (
        admin_client.post(f"/admin/people/apitoken/{token.pk}/change/", {}).status_code,
        admin_client.post(
            f"/admin/people/apitoken/{token.pk}/delete/", {"post": "yes"}
        ).status_code,
    )

    assert (statuses, ApiToken.objects.count()) == ((403, 403), 1)


def test_adding_a_user_in_the_admin_is_ledgered(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "newbie",
            "password1": "a-long-new-pass-1",
            "password2": "a-long-new-pass-1",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.added",
        "subject": "user newbie",
        "data": {"model": "auth.user", "id": user.pk},
        "before": {},
        "after": {
            "password": password_mark(user),
            "last_login": None,
            "is_superuser": False,
            "username": "newbie",
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_staff": False,
            "is_active": True,
            "date_joined": user.date_joined.isoformat(),
            "groups": [],
            "user_permissions": [],
        },
        "student_id": "",
    }


def user_form(user, **changes):
    values = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-09-01",
        "date_joined_1": "10:00:00",  # Europe/London summer time: 09:00 UTC
        "initial-date_joined_0": "2026-09-01",
        "initial-date_joined_1": "10:00:00",
    }
    return {**values, **changes}


def test_changing_a_user_in_the_admin_is_ledgered(admin_client):
    user = User.objects.create_user("sam", password="sam-long-pass", date_joined=JOINED)
    markers = Group.objects.create(name="markers")

    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/change/",
        user_form(user, email="sam@example.ac.uk", groups=[markers.pk]),
    )

    assert response.status_code == 302
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.changed",
        "subject": "user sam",
        "data": {"model": "auth.user", "id": user.pk},
        "before": {"email": "", "groups": []},
        "after": {"email": "sam@example.ac.uk", "groups": ["markers"]},
        "student_id": "",
    }


def test_setting_a_password_in_the_admin_is_ledgered_without_the_password(admin_client):
    user = User.objects.create_user("sam", password="sam-long-pass")
    old = password_mark(user)

    response = admin_client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {
            "password1": "a-new-long-pass-2",
            "password2": "a-new-long-pass-2",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302
    new = password_mark(user)
    assert last_entry() == {
        "actor": "registry",
        "action": "admin.changed",
        "subject": "user sam",
        "data": {"model": "auth.user", "id": user.pk},
        "before": {"password": old},
        "after": {"password": new},
        "student_id": "",
    }
    assert old != new
    assert "a-new-long-pass-2" not in str(last_entry())


def test_deleting_a_user_in_the_admin_is_ledgered(admin_client):
    user = User.objects.create_user("gone", password="gone-long-pass", date_joined=JOINED)
    pk, mark = user.pk, password_mark(user)

    response = admin_client.post(f"/admin/auth/user/{pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    entry = last_entry()
    assert (entry["action"], entry["subject"], entry["data"]) == (
        "admin.deleted",
        "user gone",
        {"model": "auth.user", "id": pk},
    )
    assert (entry["before"]["username"], entry["before"]["password"], entry["after"]) == (
        "gone",
        mark,
        {},
    )
    assert entry["before"]["date_joined"] == "2026-09-01T09:00:00+00:00"


def test_adding_changing_and_deleting_a_group_in_the_admin_is_ledgered(admin_client):
    view = Permission.objects.get(codename="view_student")

    admin_client.post("/admin/auth/group/add/", {"name": "markers", "permissions": [view.pk]})
    group = Group.objects.get()
    added = last_entry()
    admin_client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "examiners"})
    changed = last_entry()
    admin_client.post(f"/admin/auth/group/{group.pk}/delete/", {"post": "yes"})
    deleted = last_entry()

    assert (added["action"], added["subject"], added["after"]) == (
        "admin.added",
        "group markers",
        {"name": "markers", "permissions": [str(view)]},
    )
    assert (changed["action"], changed["before"], changed["after"]) == (
        "admin.changed",
        {"name": "markers", "permissions": [str(view)]},
        {"name": "examiners", "permissions": []},
    )
    assert (deleted["action"], deleted["subject"], deleted["before"]) == (
        "admin.deleted",
        "group examiners",
        {"name": "examiners", "permissions": []},
    )
    assert Group.objects.count() == 0

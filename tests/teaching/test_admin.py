"""The admin adds and removes assignments through the teaching domain, never around it."""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.audit.models import AuditEntry
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor
from registrar.teaching.models import ModuleLeader, Supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(account):
    return account("registry", "administrator")


@pytest.fixture
def admin_client(registry):
    client = Client()
    client.force_login(registry)
    return client


def actions() -> list[tuple[str, str]]:
    return list(
        AuditEntry.objects.filter(action__startswith="teaching.")
        .order_by("id")
        .values_list("action", "actor__username")
    )


def test_adding_a_leader_in_the_admin_calls_the_domain(admin_client, programme, account):
    lee = account("lee", "module_leader")

    response = admin_client.post(
        "/admin/teaching/moduleleader/add/",
        {"programme": programme.pk, "module_code": "comp70010", "user": lee.pk},
    )

    assert response.status_code == 302
    assert list(ModuleLeader.objects.values_list("module_code", "user__username")) == [
        ("COMP70010", "lee")
    ]
    assert actions() == [("teaching.leader_assigned", "registry")]


def test_the_admin_shows_the_domain_refusal_and_adds_nothing(admin_client, programme, account):
    lee = account("lee", "module_leader")

    response = admin_client.post(
        "/admin/teaching/moduleleader/add/",
        {"programme": programme.pk, "module_code": "COMP70101", "user": lee.pk},
    )

    assert response.status_code == 200
    assert (
        "Not assigned: COMP70101 Human-Robot Interaction is not running in 2025-26; leaders "
        "are assigned to the modules that run."
    ) in response.content.decode()
    assert (ModuleLeader.objects.count(), actions()) == (0, [])


def test_the_admin_offers_only_accounts_with_the_role(admin_client, programme, account):
    account("lee", "module_leader")
    account("sam", "project_supervisor")

    leaders = admin_client.get("/admin/teaching/moduleleader/add/").content.decode()
    supervisors = admin_client.get("/admin/teaching/supervision/add/").content.decode()

    assert (">lee<" in leaders, ">sam<" in leaders) == (True, False)
    assert (">lee<" in supervisors, ">sam<" in supervisors) == (False, True)


def test_a_second_lead_supervisor_is_refused_in_the_admin(
    admin_client, make_student, account, registry
):
    alice = make_student("00000001")
    assign_supervisor(
        student=alice, supervisor=account("sam", "project_supervisor"), role="lead", actor=registry
    )
    sue = account("sue", "project_supervisor")

    response = admin_client.post(
        "/admin/teaching/supervision/add/",
        {"student": alice.pk, "supervisor": sue.pk, "role": "lead", "organisation": ""},
    )

    assert response.status_code == 200
    assert (
        "Not assigned: 00000001 already has a supervisor, sam; a student has at most one: "
        "remove them first, or add this one as co-supervisor."
    ) in response.content.decode()
    assert Supervision.objects.count() == 1


def test_an_external_co_supervisor_is_added_in_the_admin(admin_client, make_student, account):
    alice = make_student("00000001")
    ines = account("ines", "project_supervisor")

    response = admin_client.post(
        "/admin/teaching/supervision/add/",
        {
            "student": alice.pk,
            "supervisor": ines.pk,
            "role": "co",
            "external": "on",
            "organisation": "DeepMind",
        },
    )

    assert response.status_code == 302
    assert list(Supervision.objects.values_list("role", "external", "organisation")) == [
        ("co", True, "DeepMind")
    ]
    assert actions() == [("teaching.supervisor_assigned", "registry")]


def test_deleting_in_the_admin_unassigns_through_the_domain(
    admin_client, programme, make_student, account, registry
):
    leader = assign_module_leader(
        programme=programme,
        module_code="COMP70010",
        user=account("lee", "module_leader"),
        actor=registry,
    )
    supervision = assign_supervisor(
        student=make_student("00000001"),
        supervisor=account("sam", "project_supervisor"),
        role="lead",
        actor=registry,
    )

    one = admin_client.post(f"/admin/teaching/moduleleader/{leader.pk}/delete/", {"post": "yes"})
    bulk = admin_client.post(
        "/admin/teaching/supervision/",
        {"action": "delete_selected", "_selected_action": [supervision.pk], "post": "yes"},
    )

    assert (one.status_code, bulk.status_code) == (302, 302)
    assert (ModuleLeader.objects.count(), Supervision.objects.count()) == (0, 0)
    assert actions()[2:] == [
        ("teaching.leader_unassigned", "registry"),
        ("teaching.supervisor_unassigned", "registry"),
    ]


def test_an_assignment_is_never_edited_in_place(admin_client, programme, account, registry):
    leader = assign_module_leader(
        programme=programme,
        module_code="COMP70010",
        user=account("lee", "module_leader"),
        actor=registry,
    )

    response = admin_client.post(
        f"/admin/teaching/moduleleader/{leader.pk}/change/",
        {"programme": programme.pk, "module_code": "COMP70016", "user": leader.user_id},
    )

    assert response.status_code == 403
    assert ModuleLeader.objects.get().module_code == "COMP70010"


def test_the_admins_leader_entry_is_the_domains_exactly(admin_client, programme, account):
    lee = account("lee", "module_leader")

    admin_client.post(
        "/admin/teaching/moduleleader/add/",
        {"programme": programme.pk, "module_code": "COMP70010", "user": lee.pk},
    )

    entry = AuditEntry.objects.select_related("actor").order_by("-id").first()
    assert (
        entry.actor.get_username(),
        entry.action,
        entry.subject,
        entry.before,
        entry.after,
        entry.student_id,
        entry.module_code,
    ) == (
        "registry",
        "teaching.leader_assigned",
        "G5ZB 2025-26 COMP70010",
        {},
        {"programme": "G5ZB 2025-26", "module_code": "COMP70010", "leader": "lee"},
        "",
        "COMP70010",
    )

"""The teaching pages: the registry assigns leaders and supervisors; other staff read theirs."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor
from registrar.teaching.models import ModuleLeader, Supervision

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def rows(body: str, kind: str) -> list[str]:
    return re.findall(rf'<tr id="{kind}-([A-Z0-9]+)">', body)


@pytest.fixture
def people(account):
    return {
        "registry": account("registry", "administrator"),
        "lee": account("lee", "module_leader"),
        "sam": account("sam", "project_supervisor"),
        "ines": account("ines", "project_supervisor"),
        "chair": account("chair", "programme_lead"),
    }


@pytest.fixture
def admin(people):
    return client_for(people["registry"])


def test_the_administrator_sees_every_running_module_and_student_with_forms(
    admin, programme, make_student
):
    make_student("00000002")
    make_student("00000001")

    body = admin.get(f"/teaching/{programme.pk}/").content.decode()

    modules = rows(body, "module")
    assert (len(modules), modules[:3], "COMP70101" in modules) == (
        26,
        ["COMP70059", "COMP70060", "COMP70061"],
        False,
    )
    assert rows(body, "student") == ["00000001", "00000002"]
    assert body.count(f'action="/teaching/{programme.pk}/leaders/"') == 26
    assert body.count(f'action="/teaching/{programme.pk}/supervisors/"') == 2
    assert f'href="/modules/{programme.pk}/COMP70010/history/"' in body
    assert 'href="/students/00000001/history/"' in body


def test_the_administrator_assigns_a_leader_and_sees_it(admin, programme, people):
    response = admin.post(
        f"/teaching/{programme.pk}/leaders/",
        {"module_code": "COMP70010", "username": "lee"},
        follow=True,
    )

    assert response.redirect_chain == [(f"/teaching/{programme.pk}/#module-COMP70010", 302)]
    assert messages_of(response) == ["lee now leads COMP70010."]
    leaders = {
        m["module"].code: [x.user.username for x in m["leaders"]]
        for m in response.context["modules"]
    }
    assert leaders["COMP70010"] == ["lee"]
    assert list(ModuleLeader.objects.values_list("module_code", "user__username")) == [
        ("COMP70010", "lee")
    ]


def test_a_refused_assignment_is_shown_and_nothing_is_saved(admin, programme, people):
    response = admin.post(
        f"/teaching/{programme.pk}/leaders/",
        {"module_code": "COMP70010", "username": "sam"},
        follow=True,
    )

    assert messages_of(response) == [
        "Not assigned: sam is a project supervisor; only an account with the role module "
        "leader can be assigned as module leader."
    ]
    assert 'role="alert"' in response.content.decode()
    assert ModuleLeader.objects.count() == 0


def test_the_administrator_removes_a_leader(admin, programme, people):
    leader = assign_module_leader(
        programme=programme, module_code="COMP70010", user=people["lee"], actor=None
    )

    response = admin.post(f"/teaching/{programme.pk}/leaders/{leader.pk}/remove/", follow=True)

    assert messages_of(response) == ["lee no longer leads COMP70010."]
    assert ModuleLeader.objects.count() == 0


def test_the_administrator_assigns_a_supervisor_and_an_external_co_supervisor(
    admin, programme, people, make_student
):
    make_student("00000001")

    lead = admin.post(
        f"/teaching/{programme.pk}/supervisors/",
        {"student_id": "00000001", "username": "sam", "role": "lead"},
        follow=True,
    )
    co = admin.post(
        f"/teaching/{programme.pk}/supervisors/",
        {
            "student_id": "00000001",
            "username": "ines",
            "role": "co",
            "external": "yes",
            "organisation": "DeepMind",
        },
        follow=True,
    )

    assert messages_of(lead) == ["sam is now supervisor of 00000001."]
    assert messages_of(co) == ["ines is now co-supervisor of 00000001."]
    assert co.redirect_chain == [(f"/teaching/{programme.pk}/#student-00000001", 302)]
    body = co.content.decode()
    assert '<span class="assignee">sam</span> · Supervisor' in body
    assert (
        '<span class="assignee">ines</span> · Co-supervisor <span class="tag tag-external">'
        "external</span> DeepMind"
    ) in body


def test_a_second_lead_supervisor_is_refused_on_the_page(admin, programme, people, make_student):
    alice = make_student("00000001")
    assign_supervisor(student=alice, supervisor=people["sam"], role="lead", actor=None)

    response = admin.post(
        f"/teaching/{programme.pk}/supervisors/",
        {"student_id": "00000001", "username": "ines", "role": "lead"},
        follow=True,
    )

    assert messages_of(response) == [
        "Not assigned: 00000001 already has a supervisor, sam; a student has at most one: "
        "remove them first, or add this one as co-supervisor."
    ]
    assert list(Supervision.objects.values_list("supervisor__username", flat=True)) == ["sam"]


def test_the_administrator_removes_a_supervisor(admin, programme, people, make_student):
    supervision = assign_supervisor(
        student=make_student("00000001"), supervisor=people["sam"], role="lead", actor=None
    )

    response = admin.post(
        f"/teaching/{programme.pk}/supervisors/{supervision.pk}/remove/", follow=True
    )

    assert messages_of(response) == ["sam no longer supervises 00000001."]
    assert Supervision.objects.count() == 0


def test_the_programme_lead_reads_every_assignment_without_forms(programme, people, make_student):
    bob = make_student("00000002")
    assign_supervisor(student=bob, supervisor=people["sam"], role="lead", actor=None)
    assign_module_leader(
        programme=programme, module_code="COMP70010", user=people["lee"], actor=None
    )

    body = client_for(people["chair"]).get(f"/teaching/{programme.pk}/").content.decode()

    assert (len(rows(body, "module")), rows(body, "student")) == (26, ["00000002"])
    assert '<span class="assignee">lee</span>' in body
    assert '<span class="assignee">sam</span> · Supervisor' in body
    assert (f"/teaching/{programme.pk}/leaders/" in body, "Remove" in body) == (False, False)


def test_a_leader_sees_their_modules_and_a_supervisor_their_supervisees_only(
    programme, people, make_student
):
    bob = make_student("00000002")
    alice = make_student("00000001")
    assign_module_leader(
        programme=programme, module_code="COMP70010", user=people["lee"], actor=None
    )
    assign_supervisor(student=alice, supervisor=people["sam"], role="lead", actor=None)
    assign_supervisor(student=bob, supervisor=people["ines"], role="lead", actor=None)

    leader = client_for(people["lee"]).get(f"/teaching/{programme.pk}/").content.decode()
    supervisor = client_for(people["sam"]).get(f"/teaching/{programme.pk}/").content.decode()

    assert (rows(leader, "module"), rows(leader, "student")) == (["COMP70010"], [])
    assert f'href="/modules/{programme.pk}/COMP70010/history/"' in leader
    assert (rows(supervisor, "module"), rows(supervisor, "student")) == ([], ["00000001"])
    assert ("ines" in supervisor, "00000002" in supervisor) == (False, False)


def test_the_teaching_index_lists_the_programmes(admin, programme):
    body = admin.get("/teaching/").content.decode()

    assert f'<a href="/teaching/{programme.pk}/">MRes AI and Machine Learning</a>' in body

"""A student's record and workload pages: whoever may not read a record cannot tell it from one
that does not exist."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from registrar.registrations.domain.choice import choose_elective
from registrar.teaching.domain.assignments import assign_module_leader

pytestmark = pytest.mark.django_db

OWN, OTHER, MISSING = "00000001", "00000002", "00000009"


def page(client: Client, path: str, student_id: str) -> tuple[int, str]:
    """Status and body, the ID asked for and the per-request CSRF token written out."""
    response = client.get(path.format(id=student_id))
    body = response.content.decode().replace(student_id, "<ID>")
    return response.status_code, re.sub(r'value="[A-Za-z0-9]{64}"', 'value="<csrf>"', body)


@pytest.fixture
def users(programme, open_window, make_student, account):
    bob = make_student(OTHER, username="bob")
    choose_elective(student=bob, module_code="COMP70010", actor=bob.user)
    alice = make_student(OWN, username="alice")
    choose_elective(student=alice, module_code="COMP70053", actor=alice.user)
    leader = account("lee", "module_leader")  # leads Alice's elective, not Bob's
    assign_module_leader(programme=programme, module_code="COMP70053", user=leader, actor=None)
    return {"student": alice.user, "module_leader": leader}


@pytest.mark.parametrize("who", ["student", "module_leader"])
@pytest.mark.parametrize("path", ["/students/{id}/", "/students/{id}/workload/"])
def test_another_students_record_is_answered_exactly_as_a_missing_one(users, who, path):
    client = Client()
    client.force_login(users[who])

    other, missing = page(client, path, OTHER), page(client, path, MISSING)

    assert (other[0], missing[0]) == (404, 404)
    assert other[1] == missing[1]

"""A student's history page: a teacher who may not read it cannot tell it from a missing one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.test_students import MISSING, OTHER, page

pytestmark = pytest.mark.django_db


def test_a_history_a_teacher_may_not_read_is_answered_exactly_as_a_missing_one(
    make_student, account
):
    make_student(OTHER)
    client = Client()
    client.force_login(account("sam", "project_supervisor"))  # supervises nobody

    other = page(client, "/students/{id}/history/", OTHER)
    missing = page(client, "/students/{id}/history/", MISSING)

    assert (other[0], missing[0]) == (404, 404)
    assert other[1] == missing[1]

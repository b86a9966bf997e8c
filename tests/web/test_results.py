"""A student's transcript by ID: another student's is answered exactly as a missing one."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.test_students import MISSING, OTHER, page

pytestmark = pytest.mark.django_db


def test_another_students_transcript_is_answered_exactly_as_a_missing_one(make_student, account):
    make_student(OTHER)
    alice = make_student("00000001", username="alice")
    client = Client()
    client.force_login(alice.user)

    other = page(client, "/students/{id}/transcript.pdf", OTHER)
    missing = page(client, "/students/{id}/transcript.pdf", MISSING)

    assert (other[0], missing[0]) == (404, 404)
    assert other[1] == missing[1]

"""The module-choice page: counts for the whole cohort, the students 50 to a page, and the
same number of queries for 3 students as for 2,000."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.web.test_student_list import add_students

pytestmark = pytest.mark.django_db

# session, user, account (role), programme, latest version, elective counts, cohort count,
# choice window, undecided count, the page of students, their electives
CHOICE_QUERIES = 11


@pytest.fixture
def registry(account) -> Client:
    client = Client()
    client.force_login(account("reg", "administrator"))
    return client


def listed(body: str) -> list[str]:
    return re.findall(r'<td data-label="Student"><a href="/students/(\d+)/">', body)


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_cohort(programme, registry):
    path = f"/programmes/{programme.pk}/choice/"
    add_students(programme, 3)
    registry.get(path)  # the session's first request
    assert queries_for(registry, path) == CHOICE_QUERIES
    add_students(programme, 1997)
    assert queries_for(registry, path) == CHOICE_QUERIES
    assert queries_for(registry, path + "?page=40") == CHOICE_QUERIES


def test_counts_are_of_the_whole_cohort_and_rows_of_the_page(programme, registry):
    add_students(programme, 75)  # even IDs chose COMP70010: 38 chose, 37 have not
    path = f"/programmes/{programme.pk}/choice/"
    first = registry.get(path).content.decode()
    assert "37 of 75 students have not chosen." in first
    assert re.search(r"COMP70010</span> Deep Learning</td>.*?<td[^>]*>38</td>", first, re.S)
    assert listed(first) == [f"03{n:06d}" for n in range(50)]
    assert "Page 1 of 2 (rows 1–50)" in first
    assert 'href="?page=2" rel="next"' in first
    second = registry.get(path + "?page=2").content.decode()
    assert listed(second) == [f"03{n:06d}" for n in range(50, 75)]
    assert "37 of 75 students have not chosen." in second
    rows = second.split('<td data-label="Student">')[1:]
    assert "COMP70010</span> Deep Learning" in rows[0]  # 03000050 chose it
    assert "not chosen" in rows[1]  # 03000051 did not

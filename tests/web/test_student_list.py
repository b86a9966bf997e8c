"""The student list: one page of 50 at a time, the search and status kept across pages, and the
same number of queries for 3 students as for 2,000."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from registrar.people.models import Student, StudentStatus
from registrar.registrations.models import Category, How, Registration

pytestmark = pytest.mark.django_db

# session, user, account (role), count, page of students, their electives
LIST_QUERIES = 6


def add_students(programme, count: int, *, family: str = "Family") -> list[Student]:
    """`count` students 03000000… named `<family>0000`…; every even one chose COMP70010."""
    start = Student.objects.count()
    students = Student.objects.bulk_create(
        Student(
            student_id=f"03{start + n:06d}",
            given_name="Given",
            family_name=f"{family}{start + n:04d}",
            email=f"s{start + n}@example.ac.uk",
            programme=programme,
            status=StudentStatus.ENROLLED,
        )
        for n in range(count)
    )
    saved = Student.objects.filter(student_id__in=[s.student_id for s in students])
    Registration.objects.bulk_create(
        Registration(
            student=s,
            module_code="COMP70010",
            module_title="Deep Learning",
            category=Category.ELECTIVE,
            how=How.CHOSEN,
        )
        for s in saved
        if int(s.student_id) % 2 == 0
    )
    return list(saved.order_by("student_id"))


@pytest.fixture
def registry(account) -> Client:
    client = Client()
    client.force_login(account("reg", "administrator"))
    return client


def listed(body: str) -> list[str]:
    """The student IDs in the table, in order."""
    return re.findall(r'<td data-label="Student ID"><a href="/students/(\d+)/">', body)


def queries_for(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_cohort(programme, registry):
    add_students(programme, 3)
    registry.get("/students/")  # the session's first request
    assert queries_for(registry, "/students/") == LIST_QUERIES
    add_students(programme, 1997)
    assert queries_for(registry, "/students/") == LIST_QUERIES
    assert queries_for(registry, "/students/?page=40") == LIST_QUERIES


def test_pages_show_fifty_rows_in_order_and_the_last_the_rest(programme, registry):
    add_students(programme, 120)
    first = registry.get("/students/").content.decode()
    assert listed(first) == [f"03{n:06d}" for n in range(50)]
    assert "120 students." in first
    assert "Page 1 of 3 (rows 1–50)" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' not in first
    last = registry.get("/students/?page=3").content.decode()
    assert listed(last) == [f"03{n:06d}" for n in range(100, 120)]
    assert "Page 3 of 3 (rows 101–120)" in last
    assert 'href="?page=2" rel="prev"' in last
    assert 'rel="next"' not in last


def test_a_page_beyond_the_last_or_not_a_number_shows_the_last_or_the_first(programme, registry):
    add_students(programme, 60)
    assert listed(registry.get("/students/?page=9").content.decode())[0] == "03000050"
    assert listed(registry.get("/students/?page=x").content.decode())[0] == "03000000"


def test_the_electives_shown_are_each_students_own(programme, registry):
    add_students(programme, 2)
    body = registry.get("/students/").content.decode()
    rows = body.split('<td data-label="Student ID">')[1:]
    assert '<span class="code">COMP70010</span>' in rows[0]  # 03000000 chose it
    assert "not chosen" in rows[1]
    assert "COMP70010" not in rows[1]


def test_the_search_and_status_are_kept_across_pages(programme, registry):
    add_students(programme, 30, family="Other")
    add_students(programme, 70, family="Smith")
    body = registry.get("/students/?q=smith&status=enrolled").content.decode()
    assert "70 students." in body
    assert listed(body) == [f"03{n:06d}" for n in range(30, 80)]
    assert 'href="?q=smith&amp;status=enrolled&amp;page=2" rel="next"' in body
    second = registry.get("/students/?q=smith&status=enrolled&page=2").content.decode()
    assert listed(second) == [f"03{n:06d}" for n in range(80, 100)]
    assert 'href="?q=smith&amp;status=enrolled&amp;page=1" rel="prev"' in second


def test_a_search_with_spaces_and_ampersands_is_encoded_in_the_links(programme, registry):
    add_students(programme, 51, family="A&B Lee")
    body = registry.get("/students/?q=a%26b+lee").content.decode()
    assert 'href="?q=a%26b+lee&amp;page=2" rel="next"' in body

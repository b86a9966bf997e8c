"""Students with their electives in a constant number of queries."""

from __future__ import annotations

import pytest

from registrar.people.models import Student
from registrar.registrations.domain.choice import choose_elective
from registrar.registrations.domain.listing import with_electives, without_elective

pytestmark = pytest.mark.django_db


def test_electives_are_fetched_in_one_query_for_all_students(
    open_window, make_student, django_assert_num_queries
):
    for n in range(1, 6):
        student = make_student(f"0000000{n}")
        if n % 2:
            choose_elective(student=student, module_code="COMP70010", actor=None)
    with django_assert_num_queries(2):  # the students with their programme; their electives
        rows = [
            (s.student_id, s.programme.code, [r.module_code for r in s.electives])
            for s in with_electives(Student.objects.order_by("student_id"))
        ]
    assert rows == [
        ("00000001", "G5ZB", ["COMP70010"]),
        ("00000002", "G5ZB", []),
        ("00000003", "G5ZB", ["COMP70010"]),
        ("00000004", "G5ZB", []),
        ("00000005", "G5ZB", ["COMP70010"]),
    ]


def test_without_elective_counts_in_one_query(open_window, make_student, django_assert_num_queries):
    for n in range(1, 5):
        student = make_student(f"0000000{n}")
        if n == 2:
            choose_elective(student=student, module_code="COMP70053", actor=None)
    with django_assert_num_queries(1):
        assert without_elective(Student.objects.all()).count() == 3
    assert sorted(without_elective(Student.objects.all()).values_list("student_id", flat=True)) == [
        "00000001",
        "00000003",
        "00000004",
    ]

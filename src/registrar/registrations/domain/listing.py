"""Students listed with their electives, in a constant number of queries however many there are.

The student list and the module-choice page show a page of students, each with the elective
they chose. Fetching every registration of every student (or one query per student) made those
pages grow with the cohort; these helpers fetch the page's electives in one query.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from registrar.people.models import Student
from registrar.registrations.models import Category, Registration

PAGE_SIZE = 50  # rows per page of a list of students


def with_electives(students: QuerySet[Student]) -> QuerySet[Student]:
    """`students` with their programme joined and `.electives` (their elective registrations,
    by module code) fetched in one further query for whichever students are read."""
    electives = Registration.objects.filter(category=Category.ELECTIVE).order_by("module_code")
    return students.select_related("programme").prefetch_related(
        Prefetch("registrations", queryset=electives, to_attr="electives")
    )


def without_elective(students: QuerySet[Student]) -> QuerySet[Student]:
    """Those of `students` who have no elective registration (one query when counted)."""
    elective = Registration.objects.filter(student=OuterRef("pk"), category=Category.ELECTIVE)
    return students.filter(~Exists(elective))

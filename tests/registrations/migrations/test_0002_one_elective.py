"""The migration that adds the one-elective constraint: it refuses, naming them, a database
in which a student already holds two electives (left by an earlier race), and deletes none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registrations", "0001_initial")]
AFTER = [("registrations", "0002_one_elective")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """The app's newest migration: where each test leaves the database for the next."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes("registrations")


@pytest.mark.django_db(transaction=True)
def test_two_electives_stop_the_migration_naming_the_student(make_student):
    student = make_student("00000001")
    old = migrate(BEFORE)
    registration = old.get_model("registrations", "Registration")
    for code in ("COMP70010", "COMP70016"):
        registration.objects.create(
            student_id=student.pk, module_code=code, module_title=code, category="elective"
        )

    try:
        with pytest.raises(RuntimeError) as refused:
            migrate(AFTER)
        kept = registration.objects.filter(category="elective").count()
    finally:
        registration.objects.filter(category="elective", module_code="COMP70016").delete()
        migrate(latest())

    assert str(refused.value) == (
        "registrations: students with more than one elective: 00000001. Fix: set each one's "
        "elective with an override (the student's page or the Django admin), then migrate again."
    )
    assert kept == 2

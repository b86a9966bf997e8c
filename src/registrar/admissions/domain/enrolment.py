"""Enrolment: an accepted offer with no unmet condition makes the applicant a student of
the cohort, through the student import's own `add_student` (the same checks and writes as
a CSV row: `student.added`, core and compulsory modules registered); the applicant's
login becomes the student's."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.admissions.models import Application, Status
from registrar.audit.domain import record
from registrar.people.domain.accounts import set_up_account
from registrar.people.domain.imports import add_student
from registrar.people.models import Role, Student, StudentStatus


def student_id_for(application: Application) -> str:
    """The student ID an enrolled applicant gets: 'A' and the application's number."""
    return f"A{application.pk:07d}"


def ready(application: Application) -> bool:
    return (
        application.status == Status.ACCEPTED
        and not application.conditions.filter(met_at__isnull=True).exists()
    )


@transaction.atomic
def enrol_if_ready(application: Application, actor: Any) -> Student | None:
    """Enrol the applicant if the offer is accepted and every condition met; else nothing.

    Side effects: the account's role becomes student (`account.set_up`); the student added
    as an import adds one (`student.added`, `registration.required`); the application
    enrolled, linked to the student. Ledger: `application.enrolled`."""
    if not ready(application):
        return None
    applicant = application.applicant
    username = applicant.get_username()
    set_up_account(username=username, role=Role.STUDENT, actor=actor, email=applicant.email)
    student = add_student(
        programme=application.programme,
        values={
            "student_id": student_id_for(application),
            "given_name": application.given_name,
            "family_name": application.family_name,
            "email": application.email,
            "status": StudentStatus.ENROLLED.value,
            "username": username,
        },
        source=f"application {application.reference}",
        actor=actor,
    )
    application.status = Status.ENROLLED
    application.student = student
    application.save(update_fields=["status", "student"])
    record(
        actor=actor,
        action="application.enrolled",
        subject=application.reference,
        before={"status": Status.ACCEPTED.value},
        after={"status": Status.ENROLLED.value, "student_id": student.student_id},
        student_id=student.student_id,
    )
    return student

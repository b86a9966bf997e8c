"""Deciding: scores, notes, offers (with conditions), rejections, holds; the applicant's answer;
a referee's upload through the private link; enrolment through the student import's function."""

from __future__ import annotations

import pytest

from registrar.admissions.domain.applying import AdmissionsRefusedError
from registrar.admissions.domain.deciding import (
    add_note,
    decide,
    meet_condition,
    respond_to_offer,
    score_research,
)
from registrar.admissions.domain.referees import referee_for, token_for, upload_reference
from registrar.admissions.models import Application, Condition, Status
from registrar.audit.models import AuditEntry
from registrar.people.models import Role, Student
from registrar.registrations.models import Registration
from tests.admissions.world import PDF, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor(account):
    return account("tutor", "admissions_tutor")


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


def test_a_referee_uploads_through_the_private_link_and_the_check_is_run_again(programme):
    application = submitted(programme)
    first, second = application.referees.all()
    assert referee_for(token_for(second)) == second
    assert referee_for(token_for(second)[:-2] + "xx") is None
    assert referee_for("not-a-token") is None
    upload_reference(referee=first, filename="ref.pdf", data=PDF)
    application.refresh_from_db()
    assert (application.requirements[4]["result"], application.requirements_result) == (
        "met",
        "met",
    )
    with pytest.raises(AdmissionsRefusedError, match=r"letter\.doc is not a PDF"):
        upload_reference(referee=second, filename="letter.doc", data=b"PK\x03\x04")
    assert (last("reference.uploaded").actor, last("reference.uploaded").data["referee"]) == (
        None,
        1,
    )


def test_scores_and_notes(programme, tutor):
    application = submitted(programme)
    score_research(application=application, score=4, actor=tutor)
    with pytest.raises(AdmissionsRefusedError, match="give a score from 1 to 5"):
        score_research(application=application, score=6, actor=tutor)
    add_note(application=application, text="  Strong statement.  ", actor=tutor)
    application.refresh_from_db()
    assert (application.research_score, list(application.notes.values_list("text", flat=True))) == (
        4,
        ["Strong statement."],
    )
    assert last("application.scored").after == {"research_score": 4}


def test_reject_and_hold_need_a_reason(programme, tutor):
    application = submitted(programme)
    with pytest.raises(AdmissionsRefusedError, match="give the reason to reject"):
        decide(application=application, decision="reject", actor=tutor)
    held = decide(
        application=application, decision="hold", reason="wait for the round", actor=tutor
    )
    assert held.status == Status.ON_HOLD
    rejected = decide(application=held, decision="reject", reason="places filled", actor=tutor)
    assert (rejected.status, rejected.decision_reason, last("application.rejected").reason) == (
        Status.REJECTED,
        "places filled",
        "places filled",
    )
    with pytest.raises(AdmissionsRefusedError, match="is rejected: it cannot be decided"):
        decide(application=rejected, decision="offer", actor=tutor)


def test_an_unconditional_offer_accepted_enrols_through_the_import(programme, tutor):
    application = submitted(programme)
    offered = decide(application=application, decision="offer", actor=tutor)
    assert (offered.status, offered.conditions.count()) == (Status.OFFERED, 0)
    respond_to_offer(application=offered, accept=True, actor=application.applicant)
    application.refresh_from_db()
    student = Student.objects.get()
    assert (application.status, application.student, student.student_id) == (
        Status.ENROLLED,
        student,
        f"A{application.pk:07d}",
    )
    assert (student.name, student.email, student.user, student.user.account.role) == (
        "Ada Lovelace",
        "ada@example.org",
        application.applicant,
        Role.STUDENT,
    )
    # the import's own writes: the student's entry, and the core and compulsory modules
    added = last("student.added")
    assert (added.student_id, added.data) == (
        student.student_id,
        {"file": f"application {application.reference}", "line": 1},
    )
    assert sorted(
        Registration.objects.filter(student=student).values_list("module_code", "category")
    ) == [
        ("COMP70059", "core"),
        ("COMP70060", "core"),
        ("COMP70061", "core"),
        ("COMP70076", "compulsory"),
    ]
    assert last("application.enrolled").after == {
        "status": "enrolled",
        "student_id": student.student_id,
    }


def test_a_conditional_offer_enrols_once_accepted_and_every_condition_met(programme, tutor):
    application = submitted(programme)
    decide(
        application=application,
        decision="offer",
        conditions=["A first-class final degree", " ", "IELTS writing 6.5"],
        actor=tutor,
    )
    first, second = Condition.objects.all()
    respond_to_offer(application=application, accept=True, actor=application.applicant)
    meet_condition(condition=first, evidence="final transcript: first", actor=tutor)
    assert (Application.objects.get().status, Student.objects.count()) == (Status.ACCEPTED, 0)
    with pytest.raises(AdmissionsRefusedError, match="say what shows"):
        meet_condition(condition=second, evidence="", actor=tutor)
    meet_condition(condition=second, evidence="IELTS certificate 2026-05", actor=tutor)
    assert (Application.objects.get().status, Student.objects.count()) == (Status.ENROLLED, 1)
    assert last("application.condition_met").data == {
        "condition": "IELTS writing 6.5",
        "evidence": "IELTS certificate 2026-05",
    }


def test_a_declined_offer_enrols_no_one(programme, tutor):
    application = submitted(programme)
    decide(application=application, decision="offer", actor=tutor)
    declined = respond_to_offer(application=application, accept=False, actor=application.applicant)
    assert (declined.status, Student.objects.count()) == (Status.DECLINED, 0)
    with pytest.raises(AdmissionsRefusedError, match="is offer declined: it cannot be answered"):
        respond_to_offer(application=declined, accept=True, actor=application.applicant)


def test_enrolment_is_refused_like_an_import_row_and_writes_nothing(programme, tutor, make_student):
    application = submitted(programme)
    make_student(f"A{application.pk:07d}")
    decide(application=application, decision="offer", actor=tutor)
    from registrar.people.domain.imports import ImportRefusedError

    with pytest.raises(ImportRefusedError, match="is already a student"):
        respond_to_offer(application=application, accept=True, actor=application.applicant)
    application.refresh_from_db()
    assert (application.status, application.applicant.account.role) == (
        Status.OFFERED,
        Role.APPLICANT,
    )

"""The admissions pages beyond who may see them: the tutors' queue (filters, search), the
sign-up form's refusals, a refused upload's message, and the nav."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from registrar.admissions.documents import MAX_DOCUMENT_BYTES
from registrar.admissions.domain.deciding import decide
from registrar.admissions.models import Document
from tests.admissions.world import applicant, complete_draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor(account):
    client = Client()
    client.force_login(account("tutor", "admissions_tutor"))
    return client


def rows(response) -> list[str]:
    return re.findall(r'<tr id="application-(A\d+)">', response.content.decode())


def test_the_queue_filters_by_status_and_result_and_searches(programme, tutor):
    first = submitted(programme, applicant("one"), family_name="Turing")
    second = submitted(programme, applicant("two"), discipline="Chemistry", family_name="Franklin")
    complete_draft(programme, applicant("three"))  # a draft is not in the queue
    decide(application=second, decision="hold", reason="later", actor=None)
    newest_first = [second.reference, first.reference]
    assert rows(tutor.get("/applications/")) == newest_first
    assert rows(tutor.get("/applications/?status=on_hold")) == [second.reference]
    assert rows(tutor.get("/applications/?status=submitted")) == [first.reference]
    assert rows(tutor.get("/applications/?result=not+met")) == newest_first
    assert rows(tutor.get("/applications/?result=met")) == []
    assert rows(tutor.get("/applications/?q=turing")) == [first.reference]
    assert rows(tutor.get("/applications/?q=chemistry")) == [second.reference]
    assert rows(tutor.get(f"/applications/?q={second.reference}")) == [second.reference]


def test_sign_up_refusals_are_shown_and_nothing_is_made():
    response = Client().post(
        "/apply/", {"username": "bad name", "password": "long-enough-pw", "email": "a@b.org"}
    )
    assert (
        "No account created: choose a username of at most 150 letters" in response.content.decode()
    )
    response = Client().post(
        "/apply/", {"username": "grace", "password": "long-enough-pw", "email": "g@b.org"}
    )
    assert (response.status_code, response["Location"]) == (302, "/applications/")


def test_a_file_over_the_limit_is_refused_unread(programme):
    application = complete_draft(programme)
    client = Client()
    client.force_login(application.applicant)
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n" + b"0" * MAX_DOCUMENT_BYTES)
    response = client.post(
        f"/applications/{application.pk}/documents/", {"kind": "cv", "file": big}, follow=True
    )
    assert "Not uploaded: cv.pdf was not kept: cv.pdf is larger than 20 MiB" in (
        response.content.decode()
    )
    assert Document.objects.get(kind="cv").filename == "cv.pdf"  # the earlier one is kept
    assert Document.objects.get(kind="cv").size < 1000


def test_the_nav_offers_applications_to_the_two_roles(programme, tutor):
    client = Client()
    client.force_login(applicant("ada"))
    for who in (client, tutor):
        assert '<a href="/applications/"' in who.get("/programmes/").content.decode()


def test_an_enrolment_the_import_refuses_is_one_message_and_changes_nothing(
    programme, make_student
):
    application = submitted(programme)
    decide(application=application, decision="offer", actor=None)
    make_student(f"A{application.pk:07d}")
    client = Client()
    client.force_login(application.applicant)
    response = client.post(
        f"/applications/{application.pk}/answer/", {"answer": "accept"}, follow=True
    )
    assert (
        f"Not answered: the applicant cannot be enrolled: A{application.pk:07d} is already a "
        "student; give a student ID no student has. Ask the registry."
    ) in response.content.decode()
    application.refresh_from_db()
    assert (application.status, application.applicant.account.role) == ("offered", "applicant")

"""Applying: sign-up, drafts, uploads checked as the command line checks files, submission."""

from __future__ import annotations

import pytest

from registrar.admissions.domain import files
from registrar.admissions.domain.applying import (
    AdmissionsRefusedError,
    missing,
    save_draft,
    sign_up,
    start_application,
    submit_application,
    upload_document,
)
from registrar.admissions.models import Application, Document, Status
from registrar.audit.models import AuditEntry
from registrar.people.models import Role
from tests.admissions.world import ENGLISH, PDF, TWO_PAGES, applicant, complete_draft, submitted

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))


def test_sign_up_makes_an_applicant_account():
    user = sign_up(username="grace", password="long-enough-pw", email="g@example.org")
    assert (user.account.role, user.check_password("long-enough-pw")) == (Role.APPLICANT, True)
    with pytest.raises(AdmissionsRefusedError, match="the username grace is taken"):
        sign_up(username="grace", password="long-enough-pw", email="g@example.org")
    with pytest.raises(AdmissionsRefusedError, match="at least 10 characters"):
        sign_up(username="hopper", password="short", email="h@example.org")


def test_an_empty_draft_lists_every_missing_item(programme):
    user = applicant()
    application = start_application(applicant=user, programme=programme)
    assert start_application(applicant=user, programme=programme) == application
    expected = [
        "given name",
        "family name",
        "degree institution",
        "degree discipline",
        "degree classification",
        "English test",
        "referee 1's name",
        "referee 1's email",
        "referee 2's name",
        "referee 2's email",
        "the research statement",
        "the cv",
        "the transcripts",
        "the personal statement",
    ]
    assert missing(application) == expected  # the email came with the account
    with pytest.raises(AdmissionsRefusedError) as refusal:
        submit_application(application=application, actor=user)
    assert str(refusal.value) == "the application is not complete; it lacks " + "; ".join(expected)
    assert Application.objects.get().status == Status.DRAFT


def test_an_international_degree_and_the_test_elements_are_asked_for(programme):
    user = applicant()
    application = start_application(applicant=user, programme=programme)
    save_draft(
        application=application,
        values={"classification": "international", "english_test": "IELTS", "gpa": "8.9"},
        english_elements={"listening": "7.0"},
        referees=[],
        actor=user,
    )
    gaps = missing(Application.objects.get())
    assert [g for g in gaps if "degree's" in g or "English" in g or "GPA" in g] == [
        "the degree's country",
        "the degree's description",
        "the GPA and its scale (give both, or neither)",
        "the overall English score",
        "the English reading score",
        "the English writing score",
        "the English speaking score",
    ]


def test_a_bad_number_is_refused_and_nothing_saved(programme):
    user = applicant()
    application = start_application(applicant=user, programme=programme)
    with pytest.raises(AdmissionsRefusedError, match="GPA 'four' is not a number"):
        save_draft(
            application=application,
            values={"given_name": "Ada", "gpa": "four"},
            english_elements={},
            referees=[],
            actor=user,
        )
    assert Application.objects.get().given_name == ""


def test_a_two_page_statement_is_refused_with_the_specifications_limit(programme):
    user = applicant()
    application = start_application(applicant=user, programme=programme)
    with pytest.raises(AdmissionsRefusedError) as refusal:
        upload_document(
            application=application,
            kind="research_statement",
            filename="statement.pdf",
            data=TWO_PAGES,
            actor=user,
        )
    assert str(refusal.value) == (
        "statement.pdf was not kept: statement.pdf has 2 pages, more than the specification "
        'allows: "1 page maximum, excluding references"'
    )
    with pytest.raises(AdmissionsRefusedError, match=r"cv\.pdf is not a PDF"):
        upload_document(
            application=application, kind="cv", filename="cv.pdf", data=b"GIF89a", actor=user
        )
    assert Document.objects.count() == 0


def test_an_upload_is_kept_outside_the_web_root_by_its_hash_and_replaces_the_last(programme):
    user = applicant()
    application = start_application(applicant=user, programme=programme)
    first = upload_document(
        application=application, kind="cv", filename="old.pdf", data=PDF, actor=user
    )
    second = upload_document(
        application=application, kind="cv", filename="../../new.pdf", data=PDF + b"\n", actor=user
    )
    assert list(Document.objects.values_list("filename", flat=True)) == ["new.pdf"]
    assert (files.load(second.sha256), files.load(first.sha256)) == (PDF + b"\n", PDF)
    assert (files.folder() / second.sha256).stat().st_mode & 0o777 == 0o600


def test_submission_checks_the_requirements_and_keeps_the_result(programme):
    application = submitted(programme)
    assert application.status == Status.SUBMITTED
    assert [(r["name"], r["result"]) for r in application.requirements] == [
        ("degree classification", "met"),
        ("degree discipline", "met"),
        ("English language", "met"),
        ("research statement", "met"),
        ("references", "not met"),
        ("CV", "met"),
        ("transcripts", "met"),
        ("personal statement", "met"),
    ]
    assert application.requirements_result == "not met"  # the references are still awaited
    assert application.requirements[3]["reason"] == (
        "research_statement.pdf has 1 page (of 2 in all: references from page 2 not counted): "
        'the specification allows "1 page maximum, excluding references"'
    )
    assert actions()[-2:] == ["application.submitted", "notices.sent"]  # the referees' links
    with pytest.raises(AdmissionsRefusedError, match="is submitted: only a draft changes"):
        save_draft(
            application=application, values={}, english_elements=ENGLISH, referees=[], actor=None
        )


def test_a_judgement_is_kept_for_the_tutor(programme):
    application = submitted(programme, discipline="Chemistry")
    assert application.requirements[1] == {
        "name": "degree discipline",
        "result": "needs judgement",
        "reason": application.requirements[1]["reason"],
    }
    assert "another natural science (chemistry)" in application.requirements[1]["reason"]


def test_the_ledger_holds_each_step(programme):
    complete_draft(programme)
    assert actions() == [
        "specification.published",
        "account.set_up",
        "application.started",
        "application.saved",
        *["application.document_uploaded"] * 4,
    ]


def test_a_broken_english_tests_file_is_logged_and_the_tutor_judges(
    programme, tmp_path, monkeypatch, caplog
):
    broken = tmp_path / "regulations" / "imperial" / "admissions" / "english.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("institution: imperial\ntests: [\n")  # not YAML: the registry's slip
    monkeypatch.chdir(tmp_path)

    application = submitted(programme, english_test="TOEFL iBT", english_overall="100")

    english = application.requirements[2]
    assert (english["name"], english["result"]) == ("English language", "needs judgement")
    assert english["reason"].startswith(
        "'TOEFL iBT' is not a test the registry keeps minima for (none):"
    )
    assert application.status == Status.SUBMITTED
    assert f"the English tests file cannot be used:\n{broken}:3:" in caplog.text

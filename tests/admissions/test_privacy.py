"""Privacy: an applicant's data exported as one ZIP; erased after the retention period,
keeping an anonymised record (issue 11, point 6)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model

from registrar.admissions.domain import files
from registrar.admissions.domain.applying import AdmissionsRefusedError
from registrar.admissions.domain.deciding import add_note, decide, respond_to_offer
from registrar.admissions.domain.privacy import (
    due_date,
    due_for_erasure,
    erase_application,
    erase_due,
    export_application,
)
from registrar.admissions.domain.referees import upload_reference
from registrar.admissions.domain.reporting import cohort_reports
from registrar.admissions.models import Application, Condition, Document, Note, Referee, Status
from registrar.audit.models import AuditEntry
from tests.admissions.world import PDF, STATEMENT, applicant, submitted

pytestmark = pytest.mark.django_db

DUE = dt.date(2031, 9, 30)  # 2025-26: six years after the cycle closed on 30 September 2025
REFERENCE = b"%PDF-1.4 a reference only the tutors read"


@pytest.fixture
def tutor(account):
    return account("tutor", "admissions_tutor")


def rejected(programme, tutor, username="ada", **changes):
    app = submitted(programme, applicant(username), **changes)
    add_note(application=app, text="Secret note about the interview", actor=tutor)
    return decide(application=app, decision="reject", reason="discipline not accepted", actor=tutor)


def archive_of(data: bytes) -> tuple[list[str], dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        return names, json.loads(archive.read("application.json"))


def test_the_export_holds_every_field_the_decision_and_the_applicants_documents(programme, tutor):
    app = submitted(programme)
    upload_reference(referee=app.referees.get(position=1), filename="ref.pdf", data=REFERENCE)
    add_note(application=app, text="Secret note about the interview", actor=tutor)
    decide(application=app, decision="offer", conditions=["A first"], actor=tutor)
    app = Application.objects.get(pk=app.pk)

    data = export_application(application=app, actor=app.applicant)

    names, content = archive_of(data)
    uploaded = {d.kind: d.pk for d in app.documents.filter(referee__isnull=True)}
    assert names == sorted(
        [
            "application.json",
            f"documents/cv-{uploaded['cv']}.pdf",
            f"documents/personal_statement-{uploaded['personal_statement']}.pdf",
            f"documents/research_statement-{uploaded['research_statement']}.pdf",
            f"documents/transcripts-{uploaded['transcripts']}.pdf",
        ]
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read(f"documents/cv-{uploaded['cv']}.pdf") == PDF
        assert archive.read(
            f"documents/research_statement-{uploaded['research_statement']}.pdf"
        ) == (STATEMENT)
    fields = content["application"]
    assert (fields["given_name"], fields["family_name"], fields["email"], fields["gpa"]) == (
        "Ada",
        "Lovelace",
        "ada@example.org",
        None,
    )
    assert (fields["english_overall"], fields["english_elements"]["writing"]) == ("7.0", "6.5")
    assert (content["reference"], content["programme"], content["account"]) == (
        app.reference,
        {"code": "G5ZB", "cohort": "2025-26"},
        {"username": "ada", "email": "ada@example.org"},
    )
    assert content["decision"] | {"decided_at": None} == {
        "status": "offered",
        "status_label": "Offer made",
        "reason": "",
        "decided_at": None,
        "responded_at": None,
    }
    assert content["conditions"] == [
        {"text": "A first", "met": False, "met_at": None, "evidence": ""}
    ]
    assert [r["name"] for r in content["referees"]] == ["Prof. Babbage", "Dr Somerville"]
    assert content["references_received"] == 1
    assert [(e["action"], e["by"]) for e in content["ledger"]] == [
        ("application.started", "the applicant"),
        ("application.saved", "the applicant"),
        *[("application.document_uploaded", "the applicant")] * 4,
        ("application.submitted", "the applicant"),
        ("reference.uploaded", "system"),
        ("application.noted", "admissions tutor"),
        ("application.offered", "admissions tutor"),
    ]
    assert "Secret note" not in json.dumps(content)
    assert "ref.pdf" not in json.dumps(content["documents"])
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.subject, entry.data) == (
        "application.exported",
        app.reference,
        {"by": "applicant"},
    )


def test_an_application_is_due_six_years_after_its_cycle_once_its_decision_is_final(
    programme, tutor
):
    app = rejected(programme, tutor)
    assert due_date(app) == DUE
    offered = submitted(programme, applicant("bob"))
    assert due_date(offered) is None
    assert [(a.pk, on) for a, on in due_for_erasure(DUE)] == [(app.pk, DUE)]
    assert due_for_erasure(DUE - dt.timedelta(days=1)) == []


def test_erasure_keeps_the_anonymised_record_and_deletes_the_rest(
    programme, tutor, django_capture_on_commit_callbacks
):
    app = rejected(programme, tutor, discipline="History")
    user_pk = app.applicant_id
    digests = set(app.documents.values_list("sha256", flat=True))
    before = cohort_reports()

    with django_capture_on_commit_callbacks(execute=True):
        erased = erase_application(application=app, actor=None, today=DUE)

    erased = Application.objects.get(pk=app.pk)
    assert (
        erased.applicant,
        erased.status,
        erased.discipline,
        erased.english_test,
        erased.requirements_result,
        erased.decided_at is not None,
        erased.submitted_at is not None,
        erased.erased_at is not None,
    ) == (None, Status.REJECTED, "History", "IELTS", "not met", True, True, True)
    assert (
        erased.given_name,
        erased.family_name,
        erased.email,
        erased.nationality,
        erased.institution,
        erased.classification,
        erased.decision_reason,
        erased.english_overall,
        erased.english_elements,
        erased.requirements,
    ) == ("", "", "", "", "", "", "", None, {}, [])
    assert (
        Document.objects.filter(application=erased).count(),
        Referee.objects.filter(application=erased).count(),
        Note.objects.filter(application=erased).count(),
        Condition.objects.filter(application=erased).count(),
    ) == (0, 0, 0, 0)
    assert [files.load(d) for d in digests] == [None] * len(digests)
    user = get_user_model().objects.get(pk=user_pk)
    assert (user.username, user.email, user.is_active, user.has_usable_password()) == (
        f"erased-{user_pk}",
        "",
        False,
        False,
    )
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.subject, entry.data, entry.after) == (
        "application.erased",
        app.reference,
        {
            "cohort": "G5ZB 2025-26",
            "due": "2031-09-30",
            "status": "rejected",
            "account_erased": True,
            "documents": 4,
            "notes": 1,
            "conditions": 0,
        },
        {"erased": True},
    )
    assert "Lovelace" not in json.dumps([entry.data, entry.before, entry.after, entry.reason])
    after = cohort_reports()
    assert [(r.by_status, r.by_discipline, r.by_english_route, r.funnel) for r in after] == [
        (r.by_status, r.by_discipline, r.by_english_route, r.funnel) for r in before
    ]
    assert (after[0].total, after[0].erased) == (1, 1)


def test_a_file_another_application_holds_is_kept(
    programme, tutor, django_capture_on_commit_callbacks
):
    app = rejected(programme, tutor)
    other = submitted(programme, applicant("bob"))  # the same PDFs: the same files

    with django_capture_on_commit_callbacks(execute=True):
        erase_application(application=app, actor=None, today=DUE)

    assert files.load(other.documents.get(kind="cv").sha256) == PDF


def test_erasing_twice_changes_nothing_more(programme, tutor):
    app = rejected(programme, tutor)
    erase_application(application=app, actor=None, today=DUE)
    count = AuditEntry.objects.count()

    again = erase_application(application=app, actor=None, today=DUE)

    assert (again.erased_at is not None, AuditEntry.objects.count()) == (True, count)


def test_erasure_before_the_retention_has_passed_is_refused_saying_until_when(programme, tutor):
    app = rejected(programme, tutor)

    with pytest.raises(AdmissionsRefusedError) as refused:
        erase_application(application=app, actor=None, today=DUE - dt.timedelta(days=1))

    assert str(refused.value) == (
        f"application {app.reference} is not due for erasure until 30 September 2031 (6 years "
        "after the 2025-26 cycle closed; assumed period): it is kept until then"
    )
    assert Application.objects.get(pk=app.pk).given_name == "Ada"


@pytest.mark.parametrize("answer", ["offered", "accepted", "enrolled"])
def test_an_application_whose_decision_is_not_final_is_never_erased(programme, tutor, answer):
    app = submitted(programme, applicant("bob"))
    conditions = ["A first"] if answer == "accepted" else []
    app = decide(application=app, decision="offer", conditions=conditions, actor=tutor)
    if answer != "offered":
        app = respond_to_offer(application=app, accept=True, actor=app.applicant)
    label = {"offered": "offer made", "accepted": "offer accepted", "enrolled": "enrolled"}[answer]

    with pytest.raises(AdmissionsRefusedError) as refused:
        erase_application(application=app, actor=None, today=dt.date(2099, 1, 1))

    assert str(refused.value) == (
        f"application {app.reference} is {label}: only a rejected application or a declined "
        "offer is erased"
    )


def test_a_declined_offer_is_erased_and_an_account_with_another_application_is_kept(
    programme, tutor
):
    app = submitted(programme, applicant("bob"))
    decide(application=app, decision="offer", actor=tutor)
    app = respond_to_offer(
        application=Application.objects.get(pk=app.pk), accept=False, actor=app.applicant
    )
    user = app.applicant
    Application.objects.create(applicant=user, programme=programme)  # as if another cohort's

    erase_application(application=app, actor=None, today=DUE)

    user.refresh_from_db()
    assert (user.username, user.is_active) == ("bob", True)
    assert AuditEntry.objects.latest("pk").data["account_erased"] is False


def test_an_erased_application_is_not_exported(programme, tutor):
    app = rejected(programme, tutor)
    erase_application(application=app, actor=None, today=DUE)

    with pytest.raises(AdmissionsRefusedError) as refused:
        export_application(application=Application.objects.get(pk=app.pk), actor=tutor)

    assert str(refused.value).endswith(": no personal data is left to export")


def test_erase_due_lists_with_a_dry_run_then_erases_and_refuses_a_future_date(
    programme, tutor, monkeypatch
):
    from django.utils import timezone

    app = rejected(programme, tutor)
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2032, 1, 1))
    seen = []

    listed = erase_due(
        before=dt.date(2032, 1, 1), actor=None, dry_run=True, progress=lambda a, on: seen.append(on)
    )
    assert ([a.pk for a in listed], seen) == ([app.pk], [DUE])
    assert Application.objects.get(pk=app.pk).erased_at is None
    assert erase_due(before=DUE, actor=None) == []  # due on DUE: not before it

    erased = erase_due(before=dt.date(2032, 1, 1), actor=None)

    assert [a.erased_at is not None for a in erased] == [True]
    assert erase_due(before=dt.date(2032, 1, 1), actor=None) == []
    with pytest.raises(AdmissionsRefusedError) as refused:
        erase_due(before=dt.date(2032, 1, 2), actor=None)
    assert str(refused.value) == (
        "2032-01-02 is after today: an application is erased only once its retention has "
        "passed; give a date not after today"
    )

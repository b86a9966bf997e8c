"""The privacy and report pages beyond who may see them: export links, the registry's
erasure list and button, the report's figures and chart (issue 11, points 6 and 7)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from registrar.admissions.domain.deciding import decide, respond_to_offer
from registrar.admissions.models import Application, Status
from registrar.audit.models import AuditEntry
from tests.admissions.world import applicant, complete_draft, submitted
from tests.web.test_permission_matrix import text

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cohort(programme, account):
    """A draft, a submitted, a held, two rejected, an offer declined, one accepted (enrolled)."""
    tutor = account("tutor", "admissions_tutor")
    complete_draft(programme, applicant("draft"))
    submitted(programme, applicant("new"))
    held = submitted(programme, applicant("held"), discipline="Physics")
    decide(application=held, decision="hold", reason="later", actor=tutor)
    for name in ("rej1", "rej2"):
        app = submitted(programme, applicant(name), discipline="History", english_test="TOEFL iBT")
        decide(application=app, decision="reject", reason="no", actor=tutor)
    for name, accept in (("declines", False), ("accepts", True)):
        app = decide(
            application=submitted(programme, applicant(name)), decision="offer", actor=tutor
        )
        respond_to_offer(application=app, accept=accept, actor=app.applicant)
    return tutor


def cells(body: str, table: str) -> list[tuple[str, str]]:
    part = body.split(f'<table class="{table}">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<th scope="row">([^<]*)</th><td class="num"[^>]*>(\d+)</td>', part)


def test_the_report_shows_each_count_the_rates_and_the_funnel_as_chart_and_table(
    programme, account, cohort
):
    body = signed_in(account("lead", "programme_lead")).get("/applications/report/")
    html = body.content.decode()
    assert cells(html, "funnel-table") == [
        ("Submitted", "6"),
        ("Reviewed", "5"),
        ("Offered", "2"),
        ("Accepted", "1"),
        ("Enrolled", "1"),
    ]
    assert cells(html, "by-status") == [
        ("Draft", "1"),
        ("Submitted", "1"),
        ("On hold", "1"),
        ("Offer made", "0"),
        ("Rejected", "2"),
        ("Offer accepted", "0"),
        ("Offer declined", "1"),
        ("Enrolled", "1"),
    ]
    assert cells(html, "by-discipline") == [
        ("Computer Science", "3"),
        ("History", "2"),
        ("Physics", "1"),
    ]
    assert cells(html, "by-english") == [("IELTS", "4"), ("TOEFL iBT", "2")]
    assert re.findall(r'<dd class="(offer|acceptance)-rate">([^<]*)</dd>', html) == [
        ("offer", "50.0% (2 of 4)"),
        ("acceptance", "50.0% (1 of 2)"),
    ]
    assert re.findall(r'data-stage="(\w+)" data-count="(\d+)"', html) == [
        ("Submitted", "6"),
        ("Reviewed", "5"),
        ("Offered", "2"),
        ("Accepted", "1"),
        ("Enrolled", "1"),
    ]
    assert "7 applications." in text(body)


def test_the_registry_erases_a_due_application_and_the_report_still_counts_it(
    programme, account, cohort, monkeypatch
):
    admin = signed_in(account("registry", "administrator"))
    rejected = list(Application.objects.filter(status=Status.REJECTED).order_by("pk"))
    declined = Application.objects.get(status=Status.DECLINED)
    before = cells(admin.get("/applications/report/").content.decode(), "by-status")
    assert "No application is due for erasure" in text(admin.get("/applications/privacy/"))
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2031, 10, 1))

    page = admin.get("/applications/privacy/")
    due = re.findall(r'<tr id="due-(A\d+)">', page.content.decode())
    assert due == [*(a.reference for a in rejected), declined.reference]
    response = admin.post(f"/applications/{rejected[0].pk}/erase/", follow=True)

    assert f"{rejected[0].reference} erased" in text(response)
    assert Application.objects.get(pk=rejected[0].pk).erased_at is not None
    again = admin.post(f"/applications/{rejected[0].pk}/erase/", follow=True)
    assert f"{rejected[0].reference} was already erased" in text(again)
    assert AuditEntry.objects.filter(action="application.erased").count() == 1
    report = admin.get("/applications/report/").content.decode()
    assert cells(report, "by-status") == before
    assert "1 of them erased (anonymised)" in report


def test_the_page_says_why_an_application_is_not_erased(programme, account, cohort):
    admin = signed_in(account("registry", "administrator"))
    offered = Application.objects.filter(status=Status.ENROLLED).get()

    response = admin.post(f"/applications/{offered.pk}/erase/", follow=True)

    assert (
        f"Not erased: application {offered.reference} is enrolled: only a rejected application "
        "or a declined offer is erased." in text(response)
    )


def test_the_applicant_and_the_tutor_find_the_export_link(programme, account, cohort):
    app = Application.objects.get(applicant__username="declines")
    for user in (app.applicant, cohort):
        body = signed_in(user).get(f"/applications/{app.pk}/").content.decode()
        assert f'href="/applications/{app.pk}/export/"' in body


def test_the_registry_exports_by_reference(programme, account, cohort):
    admin = signed_in(account("registry", "administrator"))
    app = Application.objects.get(applicant__username="declines")

    assert admin.get(f"/applications/privacy/?reference={app.reference}")["Location"] == (
        f"/applications/{app.pk}/export/"
    )
    missing = admin.get("/applications/privacy/?reference=A99999", follow=True)
    assert "Not exported: there is no application A99999." in text(missing)


def test_the_nav_offers_the_report_and_the_registrys_page(programme, account):
    lead = signed_in(account("lead", "programme_lead")).get("/programmes/").content.decode()
    admin = signed_in(account("registry", "administrator")).get("/programmes/").content.decode()
    assert ('href="/applications/report/"' in lead, 'href="/applications/privacy/"' in lead) == (
        True,
        False,
    )
    assert ('href="/applications/report/"' in admin, 'href="/applications/privacy/"' in admin) == (
        True,
        True,
    )


def test_the_tutor_sees_an_erased_application_as_an_anonymised_record(
    programme, account, cohort, monkeypatch
):
    from registrar.admissions.domain.privacy import erase_application

    app = Application.objects.filter(status=Status.REJECTED).first()
    erase_application(application=app, actor=None, today=dt.date(2031, 9, 30))
    tutor = signed_in(cohort)

    page = text(tutor.get(f"/applications/{app.pk}/"))
    queue = tutor.get("/applications/?status=rejected").content.decode()

    assert "The personal data of this application was erased on" in page
    assert "Export the applicant" not in page
    assert f'<tr id="application-{app.reference}">' in queue
    assert "(erased)" in queue

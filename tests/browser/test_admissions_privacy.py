"""Privacy and reports in a real browser: the applicant downloads their data as a ZIP; the
registry erases a due application; the programme lead reads the report, its funnel drawn as
server-rendered SVG (nothing fetched) with the same numbers in a table."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registrar.admissions.domain.deciding import decide, respond_to_offer
from registrar.admissions.models import Application
from registrar.programmes.domain.versions import publish_specification
from tests.admissions.world import applicant, complete_draft, submitted
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, account):
    programme = publish_specification(actor=None, path=MRES).programme
    tutor = account("tutor", "admissions_tutor")
    account("lead", "programme_lead")
    account("registry", "administrator")
    complete_draft(programme, applicant("draft"))
    rejected = submitted(programme, applicant("rej"), discipline="History")
    decide(application=rejected, decision="reject", reason="no", actor=tutor)
    for name in ("ada", "grace"):
        app = decide(
            application=submitted(programme, applicant(name)), decision="offer", actor=tutor
        )
    respond_to_offer(application=app, accept=True, actor=app.applicant)  # grace: enrolled
    return programme


def test_the_applicant_downloads_their_data(world, new_page, tmp_path):
    ada = new_page()
    sign_in(ada, "ada", "ada-password")
    ada.goto("/applications/")
    ada.locator(".card h2 a").first.click()
    with ada.expect_download() as download:
        ada.get_by_role("link", name="Download your data (ZIP)").click()
    target = tmp_path / "ada.zip"
    download.value.save_as(target)
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("application.json"))
    assert (data["account"]["username"], data["decision"]["status"]) == ("ada", "offered")


def test_the_registry_erases_and_the_lead_still_counts_it(world, new_page, tmp_path, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2031, 10, 1))
    registry = new_page()
    sign_in(registry, "registry", "registry-pass")
    registry.get_by_role("link", name="Applicants' data").click()
    rejected = Application.objects.get(status="rejected")
    registry.get_by_role("button", name=f"Erase {rejected.reference}").click()
    expect(registry.get_by_text(f"{rejected.reference} erased")).to_be_visible()
    expect(registry.locator("#none-due")).to_have_text("No application is due for erasure.")
    registry.screenshot(path=str(tmp_path / "privacy.png"), full_page=True)

    lead = new_page(1200)
    requests: list[str] = []
    lead.on("request", lambda r: requests.append(r.url))
    sign_in(lead, "lead", "lead-pass")
    lead.get_by_role("link", name="Admissions report").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Admissions report")
    chart = lead.get_by_role("img", name="Admissions funnel, G5ZB 2025-26")
    expect(chart).to_be_visible()
    assert chart.locator("rect").count() == 5
    expect(lead.locator(".offer-rate")).to_have_text("66.7% (2 of 3)")
    expect(lead.locator(".acceptance-rate")).to_have_text("50.0% (1 of 2)")
    expect(lead.get_by_text("4 applications, 1 of them erased (anonymised).")).to_be_visible()
    rows = lead.locator("table.funnel-table tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(5)] == [
        ["Submitted", "3"],
        ["Reviewed", "3"],
        ["Offered", "2"],
        ["Accepted", "1"],
        ["Enrolled", "1"],
    ]
    lead.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    base = lead.url.split("/applications/")[0]
    assert [u for u in requests if not u.startswith(base)] == []

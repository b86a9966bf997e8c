"""The admissions cycle in a real browser, from each side: the applicant applies (a two-page
research statement refused, fixed, submitted), a referee uploads through the private link,
the tutor reviews and makes a conditional offer, marks the condition met, and the applicant
accepts and becomes a student who can choose an elective."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from registrar.admissions.models import Application
from registrar.programmes.domain.versions import publish_specification
from registrar.registrations.domain.window import open_choice_window
from tests.admissions.world import PDF, STATEMENT, TWO_PAGES
from tests.browser.conftest import sign_in
from tests.conftest import MRES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db, account):
    programme = publish_specification(actor=None, path=MRES).programme
    open_choice_window(programme=programme, actor=None)
    account("tutor", "admissions_tutor")
    return programme


def pdf(name: str, data: bytes) -> dict[str, object]:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def upload(page, label: str, name: str, data: bytes) -> None:
    page.get_by_label(label, exact=True).set_input_files(pdf(name, data))
    page.get_by_role("button", name=f"Upload {label.lower()}").click()


def test_from_application_to_student(world, new_page):
    # The applicant signs up and fills in the application.
    ada = new_page()
    ada.goto("/login/")
    ada.get_by_role("link", name="Create an applicant account").click()
    ada.get_by_label("Username").fill("ada")
    ada.get_by_label("Email address").fill("ada@example.org")
    ada.get_by_label("Password").fill("analytical-engine")
    ada.get_by_role("button", name="Create account").click()
    expect(ada.get_by_role("heading", level=1)).to_have_text("My applications")
    ada.get_by_role("button", name="Start an application").click()
    expect(ada.get_by_role("heading", level=1)).to_have_text("Your application")
    for label, value in [
        ("Given name", "Ada"),
        ("Family name", "Lovelace"),
        ("Institution", "University of London"),
        ("Discipline", "Computer Science"),
        ("Overall score", "7.0"),
        ("Listening score", "7.0"),
        ("Reading score", "7.5"),
        ("Writing score", "6.5"),
        ("Speaking score", "7.0"),
        ("Referee 1 name", "Prof. Babbage"),
        ("Referee 1 email", "cb@example.ac.uk"),
        ("Referee 2 name", "Dr Somerville"),
        ("Referee 2 email", "ms@example.ac.uk"),
    ]:
        ada.get_by_label(label, exact=True).fill(value)
    ada.get_by_label("Classification").select_option("first")
    ada.get_by_label("Test", exact=True).select_option("IELTS")
    ada.get_by_role("button", name="Save draft").click()
    expect(ada.get_by_role("status")).to_have_text("Draft saved.")

    # A submission before the documents is refused, listing what is missing.
    ada.get_by_role("button", name="Submit application").click()
    expect(ada.get_by_role("alert")).to_have_text(
        "Not submitted: the application is not complete; it lacks the research statement; "
        "the cv; the transcripts; the personal statement."
    )

    # A two-page research statement is refused, with the specification's limit; one page is kept.
    upload(ada, "Research statement", "statement.pdf", TWO_PAGES)
    expect(ada.get_by_role("alert")).to_have_text(
        "Not uploaded: statement.pdf was not kept: statement.pdf has 2 pages, more than the "
        'specification allows: "1 page maximum, excluding references".'
    )
    upload(ada, "Research statement", "statement.pdf", STATEMENT)
    expect(ada.get_by_role("status")).to_have_text("Research statement statement.pdf uploaded.")
    for label in ("CV", "Transcripts", "Personal statement"):
        upload(ada, label, f"{label}.pdf", PDF)
    ada.get_by_role("button", name="Submit application").click()
    expect(ada.get_by_role("status")).to_contain_text("submitted")
    expect(ada.locator("#status")).to_have_text("Submitted")

    # The tutor sees each requirement with the specification's wording, and the referee links.
    tutor = new_page()
    sign_in(tutor, "tutor", "tutor-pass")
    expect(tutor.get_by_role("heading", level=1)).to_have_text("Applications")
    application = Application.objects.get()  # its number depends on the database's sequence
    tutor.get_by_role("link", name=application.reference).click()
    requirements = tutor.get_by_role("table", name="Each entry requirement, checked")
    expect(requirements.locator("#requirement-research-statement")).to_contain_text(
        '"1 page maximum, excluding references"'
    )
    expect(requirements.locator("#requirement-references td[data-label=Result]")).to_have_text(
        "not met"
    )
    link = tutor.locator("#referee-link-1").inner_text()

    # The referee, without an account, uploads through the private link.
    referee = new_page()
    referee.goto(link)
    expect(referee.get_by_role("heading", level=1)).to_have_text("Reference for Ada Lovelace")
    referee.get_by_label("Reference (PDF)").set_input_files(pdf("reference.pdf", PDF))
    referee.get_by_role("button", name="Upload reference").click()
    expect(referee.get_by_role("status")).to_have_text("Thank you: your reference is uploaded.")

    # The tutor sees it, scores the statement and makes a conditional offer.
    tutor.reload()
    expect(requirements.locator("#requirement-references td[data-label=Result]")).to_have_text(
        "met"
    )
    expect(tutor.get_by_role("heading", name="Entry requirements: met")).to_be_visible()
    tutor.get_by_label("Research potential, 1 (weak) to 5 (outstanding)").select_option("4")
    tutor.get_by_role("button", name="Save score").click()
    expect(tutor.locator("#research-score")).to_have_text("4")
    tutor.get_by_label("Conditional", exact=True).check()
    tutor.get_by_label("Conditions, one per line").fill("Final degree classification of a first")
    tutor.get_by_role("button", name="Make offer").click()
    expect(tutor.locator("#status")).to_have_text("Offer made")

    # The condition is met, with its evidence.
    tutor.get_by_label("Evidence").fill("Final transcript: First class honours")
    tutor.get_by_role("button", name="Mark met").click()
    expect(tutor.get_by_role("status")).to_have_text(
        "Condition met: Final degree classification of a first."
    )

    # The applicant sees the offer, accepts it and is a student who may choose an elective.
    ada.reload()
    expect(ada.locator("#status")).to_have_text("Offer made")
    expect(ada.get_by_text("Final degree classification of a first — met")).to_be_visible()
    ada.get_by_role("button", name="Accept the offer").click()
    expect(ada.get_by_role("heading", level=1)).to_have_text("My modules")
    ada.get_by_label("COMP70010 Deep Learning").check()
    ada.get_by_role("button", name="Register on this elective").click()
    expect(ada.get_by_role("status")).to_have_text("You are registered on COMP70010 Deep Learning.")

    # The tutor's page records the enrolment.
    tutor.reload()
    expect(tutor.locator("#status")).to_have_text("Enrolled")
    expect(tutor.get_by_text(f"Student A{application.pk:07d}.")).to_be_visible()

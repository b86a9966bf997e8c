"""Applications for the admissions tests: an applicant, a complete draft, a submitted one."""

from __future__ import annotations

from registrar.admissions.domain.applying import (
    UPLOADED,
    save_draft,
    sign_up,
    start_application,
    submit_application,
    upload_document,
)
from registrar.admissions.models import Application
from tests.admissions.pdfs import make_pdf

STATEMENT = make_pdf(["A one-year project on robust learning.", "References\n[1] A. Author."])
TWO_PAGES = make_pdf(["Aims and background.", "Methods and plan."])
PDF = make_pdf(["A document."])
ENGLISH = {"listening": "7.0", "reading": "7.5", "writing": "6.5", "speaking": "7.0"}
DETAILS = {
    "given_name": "Ada",
    "family_name": "Lovelace",
    "email": "ada@example.org",
    "nationality": "British",
    "institution": "University of London",
    "discipline": "Computer Science",
    "classification": "first",
    "english_test": "IELTS",
    "english_overall": "7.0",
}
REFEREES = [
    {"name": "Prof. Babbage", "email": "cb@example.ac.uk", "institution": "UCL"},
    {"name": "Dr Somerville", "email": "ms@example.ac.uk", "institution": "Oxford"},
]


def applicant(username: str = "ada"):
    return sign_up(
        username=username, password=f"{username}-password", email=f"{username}@example.org"
    )


def complete_draft(programme, user=None, **changes: str) -> Application:
    """A draft with every item filled in and every document uploaded (`changes` to the details)."""
    user = user or applicant()
    application = start_application(applicant=user, programme=programme)
    save_draft(
        application=application,
        values={**DETAILS, **changes},
        english_elements=ENGLISH,
        referees=REFEREES,
        actor=user,
    )
    for kind in UPLOADED:
        data = STATEMENT if kind == "research_statement" else PDF
        upload_document(
            application=application, kind=kind, filename=f"{kind}.pdf", data=data, actor=user
        )
    return Application.objects.get(pk=application.pk)


def submitted(programme, user=None, **changes: str) -> Application:
    application = complete_draft(programme, user, **changes)
    return submit_application(application=application, actor=application.applicant)

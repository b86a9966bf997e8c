"""The demo's admissions: one application in every state, to the demo's programme cohort,
through the same domain functions as the pages (so the ledger tells the story). The
enrolled applicant joins the cohort as its 45th student, without marks. One rejected
application is erased as the registry would once its retention period has passed (the demo
asks `erase_application` to act on the day it falls due), so that the report shows an
anonymised application still counting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from registrar.admissions.domain.applying import (
    UPLOADED,
    save_draft,
    start_application,
    submit_application,
    upload_document,
)
from registrar.admissions.domain.deciding import (
    add_note,
    decide,
    meet_condition,
    respond_to_offer,
    score_research,
)
from registrar.admissions.domain.privacy import due_date, erase_application
from registrar.admissions.domain.referees import upload_reference
from registrar.admissions.models import Application, Condition
from registrar.demo.pdfs import make_pdf
from registrar.people.domain.accounts import set_up_account
from registrar.people.models import Role
from registrar.programmes.models import Programme

STATEMENT = make_pdf(
    [
        "Research statement: uncertainty-aware reinforcement learning for lab robots.",
        "References\n[1] Sutton and Barto, Reinforcement Learning, 2018.",
    ]
)
DOCUMENT = make_pdf(["A document of the demo application."])
TUTOR = "tutor"
REGISTRY = "admin"  # the demo's administrator (cohort.ACCOUNTS)


@dataclass(frozen=True)
class DemoApplicant:
    username: str
    given: str
    family: str
    discipline: str
    classification: str
    english: tuple[str, str, str]  # test, overall, every element
    ends: str  # the state the demo leaves the application in


APPLICANTS = [
    DemoApplicant(
        "applicant",
        "Noor",
        "Haddad",
        "Computer Science",
        "first",
        ("IELTS", "7.5", "7.0"),
        "offered",
    ),
    DemoApplicant(
        "app-draft", "Ravi", "Menon", "Mathematics", "first", ("IELTS", "7.0", "6.5"), "draft"
    ),
    DemoApplicant(
        "app-new", "Lena", "Novak", "Chemistry", "first", ("TOEFL iBT", "104", "24"), "submitted"
    ),
    DemoApplicant(
        "app-hold",
        "Tomas",
        "Silva",
        "Electrical Engineering",
        "upper-second",
        ("IELTS", "6.5", "6.0"),
        "on_hold",
    ),
    DemoApplicant(
        "app-reject", "Iris", "Kim", "History", "lower-second", ("IELTS", "6.0", "5.5"), "rejected"
    ),
    DemoApplicant(
        "app-accept", "Omar", "Farouk", "Physics", "first", ("PTE Academic", "70", "65"), "accepted"
    ),
    DemoApplicant(
        "app-decline", "Sofia", "Berg", "Statistics", "first", ("IELTS", "8.0", "7.5"), "declined"
    ),
    DemoApplicant(
        "app-enrol",
        "Kenji",
        "Mori",
        "Computer Science",
        "first",
        ("IELTS", "7.5", "7.0"),
        "enrolled",
    ),
    DemoApplicant(
        "app-erased",
        "Maya",
        "Ortiz",
        "Biology",
        "upper-second",
        ("TOEFL iBT", "95", "21"),
        "erased",
    ),
]
User = get_user_model()


def _submitted(programme: Programme, who: DemoApplicant) -> Application:
    user = set_up_account(
        username=who.username,
        role=Role.APPLICANT,
        password=None,  # none to sign in with, but the demo login "applicant" (cohort.ACCOUNTS)
        email=f"{who.username}@example.org",
        actor=None,
    )
    application = start_application(applicant=user, programme=programme)
    test, overall, each = who.english
    save_draft(
        application=application,
        values={
            "given_name": who.given,
            "family_name": who.family,
            "email": f"{who.username}@example.org",
            "institution": "University of Example",
            "discipline": who.discipline,
            "classification": who.classification,
            "english_test": test,
            "english_overall": overall,
        },
        english_elements=dict.fromkeys(("listening", "reading", "writing", "speaking"), each),
        referees=[
            {
                "name": "Prof. A. Referee",
                "email": "a.referee@example.ac.uk",
                "institution": "Example",
            },
            {"name": "Dr B. Referee", "email": "b.referee@example.ac.uk", "institution": "Example"},
        ],
        actor=user,
    )
    for kind in UPLOADED:
        data = STATEMENT if kind == "research_statement" else DOCUMENT
        upload_document(
            application=application, kind=kind, filename=f"{kind}.pdf", data=data, actor=user
        )
    if who.ends == "draft":
        return application
    application = submit_application(application=application, actor=user)
    for referee in application.referees.all():
        upload_reference(referee=referee, filename="reference.pdf", data=DOCUMENT)
    return Application.objects.get(pk=application.pk)


def _decided(application: Application, ends: str, tutor: Any) -> None:
    if ends in ("draft", "submitted"):
        return
    score_research(application=application, score=3 if ends == "on_hold" else 4, actor=tutor)
    if ends == "on_hold":
        add_note(
            application=application, text="Engineering route: ask about ML coursework.", actor=tutor
        )
        decide(
            application=application,
            decision="hold",
            reason="awaiting module transcript",
            actor=tutor,
        )
        return
    if ends in ("rejected", "erased"):
        decide(
            application=application,
            decision="reject",
            reason="discipline not accepted",
            actor=tutor,
        )
        if ends == "erased":
            registry = User.objects.get(username=REGISTRY)
            rejected = Application.objects.get(pk=application.pk)
            erase_application(application=rejected, actor=registry, today=due_date(rejected))
        return
    conditions = (
        ["Final degree classification of a first"]
        if ends in ("offered", "accepted", "enrolled")
        else []
    )
    decide(application=application, decision="offer", conditions=conditions, actor=tutor)
    if ends == "offered":
        return
    applicant = application.applicant
    respond_to_offer(application=application, accept=ends != "declined", actor=applicant)
    if ends == "enrolled":
        for condition in Condition.objects.filter(application=application):
            meet_condition(condition=condition, evidence="final transcript received", actor=tutor)


def load_admissions(programme: Programme, out: list[str]) -> None:
    """Applications in every state, once (a second run keeps them)."""
    if Application.objects.filter(programme=programme).exists():
        out.append(f"Demo applications kept: {programme.applications.count()}.")
        return
    tutor = User.objects.get(username=TUTOR)  # a demo account (cohort.ACCOUNTS)
    for who in APPLICANTS:
        _decided(_submitted(programme, who), who.ends, tutor)
    out.append(f"Demo applications: {len(APPLICANTS)}, one in every state (one erased).")

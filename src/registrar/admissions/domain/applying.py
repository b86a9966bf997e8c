"""Applying: an account, a draft saved as often as one likes, documents checked as they are
uploaded, and a submission refused until nothing is missing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from registrar.admissions.domain import checking, files
from registrar.admissions.models import (
    Application,
    Classification,
    Document,
    DocumentKind,
    Referee,
    Status,
)
from registrar.admissions.requirements import Result, overall
from registrar.audit.domain import record
from registrar.notices.domain.events import references_requested
from registrar.people.domain.accounts import set_up_account
from registrar.people.models import Role
from registrar.programmes.models import Programme

USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,150}")
SHORTEST_PASSWORD = 10
REFEREES = 2
# What the applicant fills in, and what each is called when it is missing.
PERSONAL = {"given_name": "given name", "family_name": "family name", "email": "email address"}
DEGREE = {
    "institution": "degree institution",
    "discipline": "degree discipline",
    "classification": "degree classification",
}
INTERNATIONAL = {"country": "the degree's country", "description": "the degree's description"}
FIELDS = (
    *PERSONAL,
    "nationality",
    *DEGREE,
    *INTERNATIONAL,
    "gpa",
    "gpa_scale",
    "english_test",
    "english_overall",
)
# The documents the applicant uploads; references come from the referees (referees.py).
UPLOADED = (
    DocumentKind.RESEARCH_STATEMENT,
    DocumentKind.CV,
    DocumentKind.TRANSCRIPTS,
    DocumentKind.PERSONAL_STATEMENT,
)


class AdmissionsRefusedError(Exception):
    """A change refused; the message says why and what to do."""


@transaction.atomic
def sign_up(*, username: str, password: str, email: str) -> Any:
    """A new applicant account (role applicant). Side effects: a User and an Account;
    the ledger entry `account.set_up` (set_up_account)."""
    if not USERNAME.fullmatch(username):
        raise AdmissionsRefusedError(
            "choose a username of at most 150 letters, digits and the characters _ . @ + -"
        )
    if get_user_model().objects.filter(username=username).exists():
        raise AdmissionsRefusedError(f"the username {username} is taken: choose another")
    if len(password) < SHORTEST_PASSWORD:
        raise AdmissionsRefusedError(
            f"choose a password of at least {SHORTEST_PASSWORD} characters"
        )
    return set_up_account(
        username=username, role=Role.APPLICANT, password=password, email=email, actor=None
    )


@transaction.atomic
def start_application(*, applicant: Any, programme: Programme) -> Application:
    """A draft application for the cohort, with places for its two referees; one per
    applicant and cohort (an existing one is returned). Ledger: `application.started`."""
    existing = Application.objects.filter(applicant=applicant, programme=programme).first()
    if existing is not None:
        return existing
    application = Application.objects.create(
        applicant=applicant, programme=programme, email=applicant.email
    )
    Referee.objects.bulk_create(
        Referee(application=application, position=n) for n in range(1, REFEREES + 1)
    )
    record(
        actor=applicant,
        action="application.started",
        subject=application.reference,
        data={"programme": f"{programme.code} {programme.cohort}"},
    )
    return application


def _draft(application: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Status.DRAFT:
        raise AdmissionsRefusedError(
            f"application {locked.reference} is {locked.get_status_display().lower()}: "
            "only a draft changes"
        )
    return locked


def _decimal(value: str, label: str, most: Decimal) -> Decimal | None:
    if not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise AdmissionsRefusedError(f"{label} {value!r} is not a number") from None
    if not number.is_finite() or not 0 <= number <= most:
        raise AdmissionsRefusedError(f"{label} {value!r} must be from 0 to {most}")
    return number


@transaction.atomic
def save_draft(
    *,
    application: Application,
    values: Mapping[str, str],
    english_elements: Mapping[str, str],
    referees: list[Mapping[str, str]],
    actor: Any,
) -> Application:
    """Keep what the applicant filled in (anything may still be empty). Refused for a value
    that cannot be one (a GPA that is not a number). Ledger: `application.saved` with the
    fields that changed."""
    app = _draft(application)
    before = {name: str(getattr(app, name) or "") for name in FIELDS}
    for name in FIELDS:
        raw = values.get(name, "").strip()
        if name == "classification" and raw and raw not in Classification.values:
            raise AdmissionsRefusedError(f"{raw!r} is not a degree classification")
        if name in ("gpa", "gpa_scale"):
            setattr(app, name, _decimal(raw, name.replace("_", " ").upper(), Decimal(1000)))
        elif name == "english_overall":
            app.english_overall = _decimal(raw, "the overall English score", Decimal(1000))
        else:
            setattr(app, name, raw[: app._meta.get_field(name).max_length or None])
    elements = {}
    for element, raw in english_elements.items():
        score = _decimal(raw, f"the {element} score", Decimal(1000))
        if score is not None:
            elements[element] = str(score)
    app.english_elements = elements
    app.save()
    for referee, given in zip(app.referees.all(), referees, strict=False):
        for name in ("name", "email", "institution"):
            setattr(referee, name, given.get(name, "").strip()[:200])
        referee.save()
    after = {name: str(getattr(app, name) or "") for name in FIELDS}
    record(
        actor=actor,
        action="application.saved",
        subject=app.reference,
        data={"changed": sorted(k for k in FIELDS if before[k] != after[k])},
    )
    return app


@transaction.atomic
def upload_document(
    *, application: Application, kind: str, filename: str, data: bytes, actor: Any
) -> Document:
    """Keep an uploaded document, replacing the one of its kind, if it meets its requirement
    (a PDF by its content, within the size limit; the research statement within its pages);
    else AdmissionsRefusedError with the check's reason. Ledger: `application.document_uploaded`."""
    app = _draft(application)
    if kind not in UPLOADED:
        raise AdmissionsRefusedError(f"{kind!r} is not a document the applicant uploads")
    name = filename.rsplit("/", 1)[-1][:200] or "document.pdf"
    result = checking.check_upload(app, kind, name, data)
    if result.result != Result.MET:
        raise AdmissionsRefusedError(f"{name} was not kept: {result.reason}")
    app.documents.filter(kind=kind).delete()
    document = Document.objects.create(
        application=app, kind=kind, filename=name, sha256=files.keep(data), size=len(data)
    )
    record(
        actor=actor,
        action="application.document_uploaded",
        subject=app.reference,
        data={"kind": kind, "file": name, "sha256": document.sha256, "bytes": len(data)},
    )
    return document


def missing(application: Application) -> list[str]:
    """Everything a submission still needs, in the form's order (empty: complete)."""
    out = [label for name, label in PERSONAL.items() if not getattr(application, name)]
    out += [label for name, label in DEGREE.items() if not getattr(application, name)]
    if application.classification == Classification.INTERNATIONAL:
        out += [label for name, label in INTERNATIONAL.items() if not getattr(application, name)]
    if (application.gpa is None) != (application.gpa_scale is None):
        out.append("the GPA and its scale (give both, or neither)")
    if not application.english_test:
        out.append("English test")
    else:
        if application.english_overall is None:
            out.append("the overall English score")
        spec = checking.specification(application)
        tests = checking.english_tests(spec)
        test = tests.test(application.english_test) if tests is not None else None
        for element in test.elements if test is not None else ():
            if element.casefold() not in application.english_elements:
                out.append(f"the English {element} score")
    for referee in application.referees.all():
        for name in ("name", "email"):
            if not getattr(referee, name):
                out.append(f"referee {referee.position}'s {name}")
    have = set(application.documents.values_list("kind", flat=True))
    out += [f"the {kind.label.lower()}" for kind in UPLOADED if kind not in have]
    return out


@transaction.atomic
def submit_application(*, application: Application, actor: Any) -> Application:
    """Submit a complete draft (AdmissionsRefusedError lists every missing item) and check it
    against the entry requirements; the result is kept for the admissions tutor, who decides.
    Ledger: `application.submitted` with the check's overall result. Each referee is
    emailed their private upload link (notices: `reference_requested`)."""
    app = _draft(application)
    gaps = missing(app)
    if gaps:
        raise AdmissionsRefusedError("the application is not complete; it lacks " + "; ".join(gaps))
    results = checking.check(app)
    app.requirements = [r.as_dict() for r in results]
    app.requirements_result = str(overall(results))
    app.status = Status.SUBMITTED
    app.submitted_at = timezone.now()
    app.save()
    record(
        actor=actor,
        action="application.submitted",
        subject=app.reference,
        data={"result": app.requirements_result},
        before={"status": Status.DRAFT.value},
        after={"status": app.status},
    )
    references_requested(application=app, actor=actor)
    return app

"""A referee's private link: a token signed with the site's secret (unguessable, nothing
stored), by which the referee uploads their reference without an account."""

from __future__ import annotations

from django.core import signing
from django.db import transaction

from registrar.admissions.domain import checking, files
from registrar.admissions.domain.applying import AdmissionsRefusedError
from registrar.admissions.models import Application, Document, DocumentKind, Referee, Status
from registrar.admissions.requirements import Result, overall
from registrar.audit.domain import record

SALT = "registrar.admissions.referee"
# A reference is taken until the application is decided.
OPEN = (Status.SUBMITTED, Status.ON_HOLD)


def token_for(referee: Referee) -> str:
    return signing.dumps({"referee": referee.pk, "application": referee.application_id}, salt=SALT)


def referee_for(token: str) -> Referee | None:
    """The referee the token was made for, or None (forged, altered, or no such referee)."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return (
        Referee.objects.select_related("application__programme")
        .filter(pk=data.get("referee"), application_id=data.get("application"))
        .first()
    )


@transaction.atomic
def upload_reference(*, referee: Referee, filename: str, data: bytes) -> Document:
    """Keep the referee's reference (a PDF by its content, within the size limit), replacing
    an earlier one, and check the application again. Ledger: `reference.uploaded` (no
    actor: the referee has no account)."""
    app = Application.objects.select_for_update().get(pk=referee.application_id)
    if app.status not in OPEN:
        raise AdmissionsRefusedError(
            f"application {app.reference} is {app.get_status_display().lower()}: "
            "it takes no reference now"
        )
    name = filename.rsplit("/", 1)[-1][:200] or "reference.pdf"
    result = checking.check_upload(app, DocumentKind.REFERENCES, name, data)
    if result.result != Result.MET:
        raise AdmissionsRefusedError(f"{name} was not kept: {result.reason}")
    Document.objects.filter(referee=referee).delete()
    document = Document.objects.create(
        application=app,
        kind=DocumentKind.REFERENCES,
        referee=referee,
        filename=name,
        sha256=files.keep(data),
        size=len(data),
    )
    results = checking.check(app)
    app.requirements = [r.as_dict() for r in results]
    app.requirements_result = str(overall(results))
    app.save(update_fields=["requirements", "requirements_result"])
    record(
        actor=None,
        action="reference.uploaded",
        subject=app.reference,
        data={"referee": referee.position, "file": name, "sha256": document.sha256},
    )
    return document

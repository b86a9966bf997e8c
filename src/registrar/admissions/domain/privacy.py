"""Privacy: an applicant's data exported as one archive, and erased once the registry's
retention period has passed, keeping an anonymised record so that the reports' counts do
not change.

The archive (`export_application`) is a ZIP holding `application.json` (every field of the
application, its decision and conditions, its referees as the applicant gave them, the
ledger entries about it) and the documents the applicant uploaded, under `documents/`.
Tutors' notes are never addressed to the applicant and are not in it; nor are the referees'
references (confidential to the admissions tutors).

Erasure (`erase_application`) is for an application whose decision is final — rejected, or
an offer declined; never an enrolled student's — once `retention.yaml`'s period for its
cohort has passed. It deletes the personal details, the documents (and their files, unless
another application holds the same bytes), referees, notes and conditions, detaches the
application from the applicant's account and, if the account has no other application,
anonymises the account too (no name, email or usable password). What stays: the cohort, the
status, the discipline, the English test (the route), the requirement check's overall
result and the dates. The ledger is append-only: entries written before the erasure stay as
they were; the erasure's own entry holds no personal data.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from registrar.admissions.domain import files
from registrar.admissions.domain.applying import AdmissionsRefusedError
from registrar.admissions.models import Application, Document, Status
from registrar.admissions.retention import Retention, RetentionError, load_retention, retention_path
from registrar.audit.domain import record
from registrar.audit.models import AuditEntry
from registrar.people.rules import role_of
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme

# A decision that is final, after which the retention period runs.
FINAL = (Status.REJECTED, Status.DECLINED)
# Personal fields blanked on erasure (the rest of the row is the anonymised record).
ERASED_TEXT = (
    "given_name",
    "family_name",
    "email",
    "nationality",
    "institution",
    "classification",
    "country",
    "description",
    "decision_reason",
)
ERASED_NULL = ("gpa", "gpa_scale", "english_overall", "research_score")
KEPT = (
    "programme",
    "status",
    "discipline",
    "english_test",
    "requirements_result",
    "created",
    "submitted_at",
    "decided_at",
    "responded_at",
)


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _who(entry: AuditEntry, applicant_id: int | None) -> str:
    if entry.actor_id is None:
        return "system"
    if entry.actor_id == applicant_id:
        return "the applicant"
    role = role_of(entry.actor)
    return role.label.lower() if role is not None else "staff"


def application_data(application: Application) -> dict[str, Any]:
    """Everything `application.json` holds (JSON-ready)."""
    app = application
    fields = {
        f.name: _json(getattr(app, f.attname))
        for f in Application._meta.concrete_fields
        if f.name not in ("applicant", "programme", "decided_by", "student")
    }
    uploaded = [d for d in app.documents.all() if d.referee_id is None]
    entries = (
        AuditEntry.objects.filter(subject=app.reference)
        .select_related("actor__account")
        .order_by("pk")
    )
    return {
        "reference": app.reference,
        "programme": {"code": app.programme.code, "cohort": app.programme.cohort},
        "account": {
            "username": app.applicant.get_username() if app.applicant else "",
            "email": app.applicant.email if app.applicant else "",
        },
        "application": fields,
        "decision": {
            "status": app.status,
            "status_label": app.get_status_display(),
            "reason": app.decision_reason,
            "decided_at": _json(app.decided_at),
            "responded_at": _json(app.responded_at),
        },
        "conditions": [
            {
                "text": c.text,
                "met": c.met_at is not None,
                "met_at": _json(c.met_at),
                "evidence": c.evidence,
            }
            for c in app.conditions.all()
        ],
        "referees": [
            {"position": r.position, "name": r.name, "email": r.email, "institution": r.institution}
            for r in app.referees.all()
        ],
        "references_received": app.documents.filter(referee__isnull=False).count(),
        "documents": [
            {
                "kind": d.kind,
                "filename": d.filename,
                "size": d.size,
                "sha256": d.sha256,
                "uploaded_at": _json(d.uploaded_at),
                "file": _archive_name(d),
            }
            for d in uploaded
        ],
        "ledger": [
            {
                "at": _json(e.at),
                "action": e.action,
                "by": _who(e, app.applicant_id),
                "reason": e.reason,
                "data": e.data,
                "before": e.before,
                "after": e.after,
            }
            for e in entries
        ],
    }


def _archive_name(document: Document) -> str:
    return f"documents/{document.kind}-{document.pk}.pdf"


@transaction.atomic
def export_application(*, application: Application, actor: Any) -> bytes:
    """The applicant's data as a ZIP: `application.json` and their uploaded documents.
    Refused for an erased application (nothing personal is left). Ledger:
    `application.exported` (who exported it, by role)."""
    if application.erased_at is not None:
        raise AdmissionsRefusedError(
            f"application {application.reference} was erased on "
            f"{application.erased_at:%d %B %Y}: no personal data is left to export"
        )
    data = application_data(application)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "application.json", json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
        )
        for document in application.documents.filter(referee__isnull=True):
            content = files.load(document.sha256)
            if content is not None:
                archive.writestr(_archive_name(document), content)
    role = role_of(actor)
    record(
        actor=actor,
        action="application.exported",
        subject=application.reference,
        data={"by": role.value if role is not None else "system"},
    )
    return buffer.getvalue()


# --- erasure -------------------------------------------------------------------------------


def retention_for(programme: Programme) -> Retention:
    """The registry's retention period for the programme's institution (RetentionError if the
    file is missing or wrong)."""
    institution = current_specification(programme).institution
    path = retention_path(institution)
    if path is None:
        raise AdmissionsRefusedError(
            f"the registry keeps no retention period for {institution}: add "
            f"regulations/{institution}/admissions/retention.yaml (docs/admissions.md)"
        )
    try:
        return load_retention(path)
    except RetentionError as error:
        raise AdmissionsRefusedError(f"the retention file is wrong: {error}") from error


def due_date(application: Application, retention: Retention | None = None) -> dt.date | None:
    """The day from which the application may be erased, if its decision is final; else None."""
    if application.status not in FINAL:
        return None
    retention = retention or retention_for(application.programme)
    return retention.due(application.programme.cohort)


def _not_due(application: Application, today: dt.date, retention: Retention) -> str:
    """Why the application may not be erased on `today` ("" if it may)."""
    if application.status not in FINAL:
        return (
            f"application {application.reference} is {application.get_status_display().lower()}: "
            "only a rejected application or a declined offer is erased"
        )
    due = retention.due(application.programme.cohort)
    if due is None:
        return (
            f"the registry's retention period has no value for the "
            f"{application.programme.cohort} cohort: add one to retention.yaml"
        )
    if due > today:
        period = retention.at(application.programme.cohort)
        years = period.years if period is not None else 0
        return (
            f"application {application.reference} is not due for erasure until "
            f"{due.day} {due:%B %Y} ({years} years after the {application.programme.cohort} "
            f"cycle closed; {retention.status} period): it is kept until then"
        )
    return ""


def due_for_erasure(today: dt.date) -> list[tuple[Application, dt.date]]:
    """The applications that may be erased on `today`, with the day each became due, oldest
    first."""
    found = []
    retentions: dict[int, Retention] = {}
    candidates = Application.objects.filter(status__in=FINAL, erased_at__isnull=True)
    for app in candidates.select_related("programme").order_by("pk"):
        if app.programme_id not in retentions:
            retentions[app.programme_id] = retention_for(app.programme)
        due = retentions[app.programme_id].due(app.programme.cohort)
        if due is not None and due <= today:
            found.append((app, due))
    return sorted(found, key=lambda pair: (pair[1], pair[0].pk))


def _forget_file(digest: str) -> None:
    if not Document.objects.filter(sha256=digest).exists():
        (files.folder() / digest).unlink(missing_ok=True)


@transaction.atomic
def erase_application(
    *, application: Application, actor: Any, today: dt.date | None = None
) -> Application:
    """Erase an application's personal data once its retention has passed (`today`: the day
    it is done, by default today), keeping the anonymised record. Erasing an erased
    application changes nothing. Refused (AdmissionsRefusedError, saying until when it is
    kept) for one not due. Side effects: its documents, referees, notes and conditions
    deleted, its files removed once the transaction commits (unless another document holds
    the same bytes), the account anonymised if it has no other application.
    Ledger: `application.erased`, without personal data."""
    app = (
        Application.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=application.pk)
    )
    if app.erased_at is not None:
        return app
    today = today or timezone.localdate()
    retention = retention_for(app.programme)
    why = _not_due(app, today, retention)
    if why:
        raise AdmissionsRefusedError(why)
    due = retention.due(app.programme.cohort)
    digests = set(app.documents.values_list("sha256", flat=True))
    counts = {
        "documents": app.documents.count(),
        "notes": app.notes.count(),
        "conditions": app.conditions.count(),
    }
    app.documents.all().delete()
    app.referees.all().delete()
    app.notes.all().delete()
    app.conditions.all().delete()
    for name in ERASED_TEXT:
        setattr(app, name, "")
    for name in ERASED_NULL:
        setattr(app, name, None)
    app.english_elements = {}
    app.requirements = []
    user = app.applicant
    app.applicant = None
    app.erased_at = timezone.now()
    app.save()
    account_erased = user is not None and not Application.objects.filter(applicant=user).exists()
    if account_erased:
        user.username = f"erased-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    for digest in digests:
        transaction.on_commit(lambda d=digest: _forget_file(d))
    record(
        actor=actor,
        action="application.erased",
        subject=app.reference,
        data={
            "cohort": f"{app.programme.code} {app.programme.cohort}",
            "due": due.isoformat() if due is not None else "",
            "status": app.status,
            "account_erased": account_erased,
            **counts,
        },
        before={"erased": False},
        after={"erased": True},
    )
    return app


def erase_due(
    *,
    before: dt.date,
    actor: Any,
    dry_run: bool = False,
    progress: Callable[[Application, dt.date], None] | None = None,
) -> list[Application]:
    """Erase every application due before `before` (not after today), each in its own
    transaction; `progress` is told of each as it goes. With `dry_run`, only list them."""
    today = timezone.localdate()
    if before > today:
        raise AdmissionsRefusedError(
            f"{before.isoformat()} is after today: an application is erased only once its "
            "retention has passed; give a date not after today"
        )
    due: Iterable[tuple[Application, dt.date]] = [
        (app, on) for app, on in due_for_erasure(today) if on < before
    ]
    done = []
    for app, on in due:
        if not dry_run:
            app = erase_application(application=app, actor=actor, today=today)
        if progress is not None:
            progress(app, on)
        done.append(app)
    return done

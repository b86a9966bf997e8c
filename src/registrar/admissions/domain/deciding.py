"""Deciding: the tutor's review (a research-potential score, notes) and decision (an offer,
unconditional or with conditions; a rejection with its reason; a hold), the conditions
met with their evidence, and the applicant's answer. Nothing here is automatic except
enrolment, once an accepted offer has no unmet condition (enrolment.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from registrar.admissions.domain.applying import AdmissionsRefusedError
from registrar.admissions.domain.enrolment import enrol_if_ready
from registrar.admissions.models import Application, Condition, Note, Status
from registrar.audit.domain import record

SCORES = range(1, 6)  # research potential: 1 weak … 5 outstanding
# What a tutor may decide on: a submitted application, or one on hold.
UNDECIDED = (Status.SUBMITTED, Status.ON_HOLD)
DECISIONS = ("offer", "reject", "hold")


def _locked(application: Application, allowed: tuple[Status, ...], doing: str) -> Application:
    app = Application.objects.select_for_update().get(pk=application.pk)
    if app.status not in allowed:
        raise AdmissionsRefusedError(
            f"application {app.reference} is {app.get_status_display().lower()}: "
            f"it cannot be {doing}"
        )
    return app


@transaction.atomic
def score_research(*, application: Application, score: int, actor: Any) -> Application:
    """The tutor's score of research potential from the research statement (1-5).
    Ledger: `application.scored`."""
    if score not in SCORES:
        raise AdmissionsRefusedError(f"give a score from {SCORES[0]} to {SCORES[-1]}")
    app = _locked(application, UNDECIDED, "scored")
    before = app.research_score
    app.research_score = score
    app.save(update_fields=["research_score"])
    record(
        actor=actor,
        action="application.scored",
        subject=app.reference,
        before={"research_score": before},
        after={"research_score": score},
    )
    return app


@transaction.atomic
def add_note(*, application: Application, text: str, actor: Any) -> Note:
    """A tutor's note (never shown to the applicant). Ledger: `application.noted`."""
    text = text.strip()
    if not text:
        raise AdmissionsRefusedError("write the note first")
    note = Note.objects.create(application=application, author=actor, text=text)
    record(
        actor=actor,
        action="application.noted",
        subject=application.reference,
        data={"note": note.pk},
    )
    return note


@transaction.atomic
def decide(
    *,
    application: Application,
    decision: str,
    actor: Any,
    reason: str = "",
    conditions: list[str] | None = None,
) -> Application:
    """Offer (with `conditions`, one per item; none: unconditional), reject (with a `reason`)
    or hold (with a `reason`) a submitted application, or one on hold.
    Ledger: `application.offered`, `application.rejected` or `application.held`."""
    if decision not in DECISIONS:
        raise AdmissionsRefusedError(f"decide one of {', '.join(DECISIONS)}")
    app = _locked(application, UNDECIDED, "decided")
    reason = reason.strip()
    wanted = [c.strip()[:300] for c in conditions or [] if c.strip()]
    if decision in ("reject", "hold") and not reason:
        raise AdmissionsRefusedError(f"give the reason to {decision} the application")
    before = app.status
    app.status = {"offer": Status.OFFERED, "reject": Status.REJECTED, "hold": Status.ON_HOLD}[
        decision
    ]
    app.decision_reason = reason if decision != "offer" else ""
    app.decided_at = timezone.now()
    app.decided_by = actor
    app.save()
    if decision == "offer":
        Condition.objects.bulk_create(Condition(application=app, text=t) for t in wanted)
    change = {
        "actor": actor,
        "subject": app.reference,
        "reason": reason,
        "before": {"status": before},
        "after": {"status": app.status},
    }
    if decision == "offer":
        record(action="application.offered", data={"conditions": wanted}, **change)
    elif decision == "reject":
        record(action="application.rejected", **change)
    else:
        record(action="application.held", **change)
    return app


@transaction.atomic
def meet_condition(*, condition: Condition, evidence: str, actor: Any) -> Condition:
    """Mark an offer's condition met, with its evidence (e.g. "final transcript: First class,
    received 12 July"); an accepted offer whose conditions are now all met is enrolled.
    Ledger: `application.condition_met`."""
    evidence = evidence.strip()
    if not evidence:
        raise AdmissionsRefusedError("say what shows the condition is met (the evidence)")
    locked = (
        Condition.objects.select_for_update().select_related("application").get(pk=condition.pk)
    )
    app = _locked(locked.application, (Status.OFFERED, Status.ACCEPTED), "changed")
    if locked.met_at is not None:
        raise AdmissionsRefusedError(f"the condition {locked.text!r} is already met")
    locked.met_at = timezone.now()
    locked.met_by = actor
    locked.evidence = evidence
    locked.save()
    record(
        actor=actor,
        action="application.condition_met",
        subject=app.reference,
        data={"condition": locked.text, "evidence": evidence},
    )
    enrol_if_ready(app, actor)
    return locked


@transaction.atomic
def respond_to_offer(*, application: Application, accept: bool, actor: Any) -> Application:
    """The applicant accepts or declines the offer; an accepted offer without unmet
    conditions is enrolled at once. Ledger: `offer.accepted` or `offer.declined`."""
    app = _locked(application, (Status.OFFERED,), "answered")
    app.status = Status.ACCEPTED if accept else Status.DECLINED
    app.responded_at = timezone.now()
    app.save(update_fields=["status", "responded_at"])
    change = {
        "actor": actor,
        "subject": app.reference,
        "before": {"status": Status.OFFERED.value},
        "after": {"status": app.status},
    }
    if accept:
        record(action="offer.accepted", **change)
    else:
        record(action="offer.declined", **change)
    enrol_if_ready(app, actor)
    return app

"""Mitigating-circumstances claims: the student's claims and form, the registry's routing,
the panel's decision, and evidence downloads.

No rule lives here: every step calls `claims.domain` and asks the rules table; a claim
and its evidence are read only by its student, the registry and its panel.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from registrar.claims.domain.claims import (
    Affected,
    ClaimRefusedError,
    claims_for,
    decide_claim,
    registered_assessments,
    route_claim,
    submit_claim,
)
from registrar.claims.domain.evidence import KIND as EVIDENCE
from registrar.claims.domain.evidence import MOST_BYTES, MOST_FILES, add_evidence
from registrar.claims.models import Claim, Remedy
from registrar.people.models import Role, Student
from registrar.people.rules import can
from registrar.programmes.domain.versions import current_specification
from registrar.web.documents import ACCEPTED, download
from registrar.web.views.access import check, requires


def _claim(request: HttpRequest, pk: int, permission: str = "view_claim") -> Claim:
    """The claim, if `request.user` may read it; a claim they may not read is answered exactly
    as one that does not exist (404), so no one learns which claims exist."""
    claim = (
        Claim.objects.select_related("student__programme", "routed_by", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if claim is None or not can(request.user, permission, claim):
        raise Http404(f"no claim {pk}")
    return claim


def _own_student(request: HttpRequest) -> Student:
    student = Student.objects.filter(user=request.user).select_related("programme").first()
    if student is None:
        raise Http404("this account has no student record")
    return student


@requires("view_claims")
def claim_list(request: HttpRequest) -> HttpResponse:
    claims = list(claims_for(request.user))
    return render(
        request,
        "registrar/claims/list.html",
        {"claims": claims, "may_submit": can(request.user, "submit_claim")},
    )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _moment(text: str) -> datetime | None:
    """A `datetime-local` field's value, in the site's time zone; None when empty or bad."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@requires("submit_claim")
def claim_new(request: HttpRequest) -> HttpResponse:
    student = _own_student(request)
    assessments = registered_assessments(student)
    form = request.POST if request.method == "POST" else None
    if form is not None:
        chosen = form.getlist("assessment")
        known = {f"{code}|{component}" for code, component, _ in assessments}
        attempt_text = form.get("attempt", "1").strip() or "1"
        deadline = _moment(form.get("deadline", ""))
        start, end = _date(form.get("affected_from", "")), _date(form.get("affected_to", ""))
        problem = ""
        if not attempt_text.isdigit():
            problem = "the attempt is a whole number (1 for the first)"
        elif start is None or end is None:
            problem = "give the dates the circumstances began and ended"
        elif any(c not in known for c in chosen):
            problem = "choose the assessments from the list"
        if not problem and start is not None and end is not None:
            items = [
                Affected(code, component, int(attempt_text), deadline)
                for code, _, component in (c.partition("|") for c in chosen)
            ]
            try:
                claim = submit_claim(
                    student=student,
                    items=items,
                    affected_from=start,
                    affected_to=end,
                    statement=form.get("statement", ""),
                    evidence=request.FILES.getlist("evidence"),
                    actor=request.user,
                )
                messages.success(request, f"Your claim {claim.pk} is submitted.")
                return redirect("claim-detail", pk=claim.pk)
            except ClaimRefusedError as refused:
                problem = str(refused)
        messages.error(request, f"Not submitted: {problem}.")
    return render(
        request,
        "registrar/claims/new.html",
        {
            "student": student,
            "assessments": assessments,
            "chosen": form.getlist("assessment") if form is not None else [],
            "form": form or {},
            "policy": current_specification(student.programme).policies.mitigating_circumstances,
            "limits": f"{ACCEPTED}, at most {MOST_BYTES // (1024 * 1024)} MB each, "
            f"{MOST_FILES} files in all",
        },
    )


@requires("view_claims")
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    user = request.user
    undecided = claim.decided_at is None
    may_route = can(user, "route_claim") and undecided
    return render(
        request,
        "registrar/claims/detail.html",
        {
            "claim": claim,
            "items": list(claim.items.all()),
            "evidence": list(claim.evidence.all()),
            "panel": list(claim.panel.all()),
            "may_add_evidence": undecided and can(user, "submit_claim"),
            "may_route": may_route,
            "board_accounts": get_user_model()
            .objects.filter(account__role=Role.EXAM_BOARD)
            .order_by("username")
            if may_route
            else [],
            "may_decide": claim.status == "routed" and can(user, "decide_claim", claim),
            "remedies": [r for r in Remedy.choices if r[0]],
            "limits": f"{ACCEPTED}, at most {MOST_BYTES // (1024 * 1024)} MB each",
        },
    )


@require_POST
@requires("submit_claim")
def claim_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    try:
        kept = add_evidence(
            claim=claim, files=request.FILES.getlist("evidence"), actor=request.user
        )
        messages.success(request, f"Added {', '.join(e.name for e in kept)}.")
    except ClaimRefusedError as refused:
        messages.error(request, f"Not added: {refused}.")
    return redirect("claim-detail", pk=claim.pk)


@requires("view_claims")
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    claim = _claim(request, pk, "view_claim_evidence")
    evidence = get_object_or_404(claim.evidence, pk=evidence_pk)
    return download(EVIDENCE, evidence.digest, evidence.name, evidence.content_type)


@require_POST
@requires("route_claim")
def claim_route(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    names = request.POST.getlist("panel")
    panel = list(get_user_model().objects.filter(username__in=names))
    try:
        route_claim(claim=claim, panel=panel, actor=request.user)
        messages.success(
            request, f"Claim {claim.pk} is with the panel: {', '.join(sorted(names))}."
        )
    except ClaimRefusedError as refused:
        messages.error(request, f"Not routed: {refused}.")
    return redirect("claim-detail", pk=claim.pk)


@require_POST
@requires("decide_claim")
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim(request, pk)
    check(request, "decide_claim", claim)
    outcome = request.POST.get("outcome", "")
    try:
        if outcome not in ("upheld", "rejected"):
            raise ClaimRefusedError("choose whether the claim is upheld or rejected")
        decided = decide_claim(
            claim=claim,
            upheld=outcome == "upheld",
            reason=request.POST.get("reason", ""),
            remedy=request.POST.get("remedy", ""),
            extended_to=_moment(request.POST.get("extended_to", "")),
            actor=request.user,
        )
        messages.success(request, f"Claim {decided.pk} is {decided.get_status_display().lower()}.")
    except ClaimRefusedError as refused:
        messages.error(request, f"Not decided: {refused}.")
    return redirect("claim-detail", pk=claim.pk)

"""A mitigating-circumstances claim from submission to the panel's decision.

The student submits (`submit_claim`) naming the assessments affected, the dates, a
statement and evidence; the registry routes it (`route_claim`) to a panel of
exam-board accounts; a member of that panel decides (`decide_claim`), with a reason
and, when upheld, the remedy:

- a further uncapped attempt: each affected attempt is flagged `MC` through
  `assessment.domain.entry.save_marks`, the function mark entry calls (the same checks,
  the same `mark.added` / `mark.changed` ledger entries, the file named `claim N`), so the
  engine sets the attempt aside and counts the next one as a first sit;
- an extension: the affected deadlines move to `extended_to`, and the lateness the
  engine reads is measured from it (`extensions`).

Each change writes one ledger entry filed under the student, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from registrar.assessment.domain.contract import decimal_text
from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.domain.saving import MarksRefusedError
from registrar.assessment.models import Flag, Mark
from registrar.audit.domain import record, user_of
from registrar.claims.domain.errors import ClaimRefusedError as ClaimRefusedError
from registrar.claims.domain.evidence import check_evidence, keep_evidence
from registrar.claims.models import Claim, ClaimItem, ClaimStatus, Remedy
from registrar.notices.domain.events import claim_decided
from registrar.people.models import Role, Student
from registrar.people.rules import role_of
from registrar.programmes.domain.versions import current_specification
from registrar.registrations.models import Registration

MOST_ATTEMPT = 99  # as the marks contract bounds it
MOST_STATEMENT = 10_000


@dataclass(frozen=True)
class Affected:
    """An assessment a claim names: a module's component ("" = the whole module), the
    attempt, and its published deadline when it had one (an extension needs it)."""

    module_code: str
    component: str = ""
    attempt: int = 1
    deadline: datetime | None = None


def claim_record(claim: Claim) -> dict[str, Any]:
    """The claim as the ledger keeps it (before / after)."""
    return {
        "claim": claim.pk,
        "status": claim.status,
        "items": [str(i) for i in claim.items.all()],
        "panel": sorted(u.get_username() for u in claim.panel.all()),
        "remedy": claim.remedy,
        "extended_to": claim.extended_to.isoformat() if claim.extended_to else "",
    }


def _subject(claim: Claim) -> str:
    return f"claim {claim.pk} of {claim.student.student_id}"


def _module(items: Sequence[Affected]) -> str:
    """The module a ledger entry is filed under: the claim's only module, else none."""
    codes = {i.module_code for i in items}
    return codes.pop() if len(codes) == 1 else ""


def check_items(student: Student, items: Sequence[Affected]) -> None:
    """Each item is a component (or the whole module, where it has none) of a module the
    student is registered on, of a real attempt; ClaimRefusedError naming the first that is not."""
    if not items:
        raise ClaimRefusedError("name at least one module or assessment the circumstances affected")
    spec = current_specification(student.programme)
    modules = {m.code: m for m in spec.modules}
    registered = set(student.registrations.values_list("module_code", flat=True))
    seen: set[tuple[str, str, int]] = set()
    for item in items:
        module = modules.get(item.module_code)
        if module is None:
            raise ClaimRefusedError(
                f"there is no module {item.module_code} in {student.programme.code}"
            )
        if item.module_code not in registered:
            raise ClaimRefusedError(f"{student.student_id} is not registered on {item.module_code}")
        names = [c.name for c in module.components]
        if names and item.component not in names:
            raise ClaimRefusedError(
                f"{item.module_code} has no component {item.component!r}; "
                f"name one of: {', '.join(names)}"
            )
        if not names and item.component:
            raise ClaimRefusedError(f"{item.module_code} is assessed as a whole, not by component")
        if not 1 <= item.attempt <= MOST_ATTEMPT:
            raise ClaimRefusedError(f"attempt {item.attempt} is not from 1 to {MOST_ATTEMPT}")
        key = (item.module_code, item.component, item.attempt)
        if key in seen:
            raise ClaimRefusedError(f"{item.module_code} {item.component} is named twice")
        seen.add(key)


@transaction.atomic
def submit_claim(
    *,
    student: Student,
    items: Sequence[Affected],
    affected_from: date,
    affected_to: date,
    statement: str,
    evidence: Sequence[UploadedFile] = (),
    actor: Any,
) -> Claim:
    """Submit a claim for `student`. Refuses (ClaimRefusedError) an item that is not one of
    the student's assessments, dates out of order, an empty or over-long statement, and
    evidence too large or of a type not accepted. Side effects: the Claim, its items and
    evidence (files kept privately); one ledger entry `claim.submitted`."""
    statement = statement.strip()
    if not statement:
        raise ClaimRefusedError("say in the statement what happened and how it affected you")
    if len(statement) > MOST_STATEMENT:
        raise ClaimRefusedError(f"the statement is longer than {MOST_STATEMENT:,} characters")
    if affected_to < affected_from:
        raise ClaimRefusedError("the circumstances cannot end before they began")
    check_items(student, items)
    check_evidence(evidence, already=0)
    claim = Claim.objects.create(
        student=student, affected_from=affected_from, affected_to=affected_to, statement=statement
    )
    ClaimItem.objects.bulk_create(
        ClaimItem(
            claim=claim,
            module_code=i.module_code,
            component=i.component,
            attempt=i.attempt,
            deadline=i.deadline,
        )
        for i in items
    )
    kept = [keep_evidence(claim, upload) for upload in evidence]
    record(
        actor=actor,
        action="claim.submitted",
        subject=_subject(claim),
        data={
            "from": affected_from.isoformat(),
            "to": affected_to.isoformat(),
            "evidence": [e.name for e in kept],
        },
        after=claim_record(claim),
        student_id=student.student_id,
        module_code=_module(items),
    )
    return claim


@transaction.atomic
def route_claim(*, claim: Claim, panel: Sequence[Any], actor: Any) -> Claim:
    """Send a claim not yet decided to a panel of exam-board accounts (replacing any panel it
    had). Refuses an empty panel, an account without the exam-board role, a decided claim.
    Side effects: the claim's panel, status `routed`, routed_at/by; ledger `claim.routed`."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status in (ClaimStatus.UPHELD, ClaimStatus.REJECTED):
        raise ClaimRefusedError(f"claim {claim.pk} is already {claim.get_status_display().lower()}")
    if not panel:
        raise ClaimRefusedError("choose at least one exam-board member for the panel")
    for member in panel:
        if role_of(member) != Role.EXAM_BOARD:
            raise ClaimRefusedError(
                f"{member.get_username()} is not an exam-board member; the panel is drawn "
                "from the exam board"
            )
    before = claim_record(claim)
    claim.panel.set(panel)
    claim.status = ClaimStatus.ROUTED
    claim.routed_at = timezone.now()
    claim.routed_by = user_of(actor)
    claim.save(update_fields=["status", "routed_at", "routed_by"])
    record(
        actor=actor,
        action="claim.routed",
        subject=_subject(claim),
        before=before,
        after=claim_record(claim),
        student_id=claim.student.student_id,
    )
    return claim


@transaction.atomic
def decide_claim(
    *,
    claim: Claim,
    upheld: bool,
    reason: str,
    remedy: str = "",
    extended_to: datetime | None = None,
    actor: Any,
) -> Claim:
    """Uphold or reject a routed claim, with the reason; an upheld claim with its remedy.

    Refuses a claim not with the panel, a decider not on its panel, no reason, an upheld
    claim without a remedy, and an extension without a new deadline later than every
    affected deadline (each item needs its published deadline). A further attempt flags
    each affected attempt `MC` through `save_marks`; a mark locked by a board run refuses
    the whole decision. Side effects: the claim's decision; for a further attempt the
    marks and their ledger entries; one ledger entry `claim.upheld` or `claim.rejected`;
    a notice to the student (`notices.sent`).
    """
    claim = Claim.objects.select_for_update().select_related("student__programme").get(pk=claim.pk)
    if claim.status != ClaimStatus.ROUTED:
        raise ClaimRefusedError(
            f"claim {claim.pk} is {claim.get_status_display().lower()}; only a claim with the "
            "panel is decided"
        )
    user = user_of(actor)
    if user is not None and not claim.panel.filter(pk=user.pk).exists():
        raise ClaimRefusedError(f"{user.get_username()} is not on the panel of claim {claim.pk}")
    reason = reason.strip()
    if not reason:
        raise ClaimRefusedError("give the panel's reason")
    items = list(claim.items.all())
    if not upheld:
        remedy, extended_to = Remedy.NONE, None
    elif remedy == Remedy.EXTENSION:
        _check_extension(items, extended_to)
    elif remedy == Remedy.FURTHER_ATTEMPT:
        extended_to = None
    else:
        raise ClaimRefusedError("choose the remedy: a further uncapped attempt or an extension")
    before = claim_record(claim)
    claim.status = ClaimStatus.UPHELD if upheld else ClaimStatus.REJECTED
    claim.reason = reason
    claim.remedy = remedy
    claim.extended_to = extended_to
    claim.decided_at = timezone.now()
    claim.decided_by = user
    claim.save(
        update_fields=["status", "reason", "remedy", "extended_to", "decided_at", "decided_by"]
    )
    if remedy == Remedy.FURTHER_ATTEMPT:
        _flag_mitigating(claim, items)
    record(
        actor=actor,
        action="claim.upheld" if upheld else "claim.rejected",
        subject=_subject(claim),
        reason=reason,
        before=before,
        after=claim_record(claim),
        student_id=claim.student.student_id,
        module_code=_module([Affected(i.module_code, i.component, i.attempt) for i in items]),
    )
    claim_decided(claim=claim, actor=actor)
    return claim


def _check_extension(items: list[ClaimItem], extended_to: datetime | None) -> None:
    if extended_to is None:
        raise ClaimRefusedError("give the new deadline of the extension")
    for item in items:
        if item.deadline is None:
            raise ClaimRefusedError(
                f"{item} has no published deadline on the claim; an extension moves a deadline"
            )
        if extended_to <= item.deadline:
            raise ClaimRefusedError(f"the new deadline is not after the deadline of {item}")


def _flag_mitigating(claim: Claim, items: list[ClaimItem]) -> None:
    """Each affected attempt flagged `MC`, keeping the mark it sets aside: mark entry's
    `save_marks`, as the system (a panel member enters no marks), the file `claim N`.
    A whole-module mark stands for a component the claim names (rows are not mixed)."""
    student = claim.student
    entries: dict[tuple[str, str, int], MarkInput] = {}
    for item in items:
        stored = {
            m.component: m
            for m in Mark.objects.filter(
                student=student, module_code=item.module_code, attempt=item.attempt
            )
        }
        component = item.component
        if component not in stored and "" in stored:
            component = ""
        mark = stored.get(component)
        entries[(item.module_code, component, item.attempt)] = MarkInput(
            student_id=student.student_id,
            module_code=item.module_code,
            component=component,
            attempt=item.attempt,
            mark=decimal_text(mark.mark) if mark else "",
            flag=Flag.MITIGATING.value,
            late_hours=decimal_text(mark.late_hours) if mark else "",
            version=mark.version if mark else 0,
        )
    try:
        save_marks(
            programme=student.programme,
            entries=list(entries.values()),
            actor=None,
            file=f"claim {claim.pk}",
        )
    except MarksRefusedError as refused:
        first = refused.preview.errors[0]
        raise ClaimRefusedError(
            f"the affected marks cannot be flagged MC: {first.message}"
        ) from refused


def claims_for(user: Any) -> Any:
    """The claims `user` may read: a student their own, the registry all, a panel member those
    routed to them; no one else any."""
    role = role_of(user)
    claims = Claim.objects.select_related("student__programme").prefetch_related("items")
    if role == Role.STUDENT:
        return claims.filter(student__user=user)
    if role == Role.ADMINISTRATOR:
        return claims
    if role == Role.EXAM_BOARD:
        return claims.filter(panel=user)
    return claims.none()


def registered_assessments(student: Student) -> list[tuple[str, str, str]]:
    """What a claim may name for `student`: (module_code, component, label) of each component
    of each module they are registered on ("" and the module for one assessed whole)."""
    spec = current_specification(student.programme)
    modules = {m.code: m for m in spec.modules}
    out: list[tuple[str, str, str]] = []
    for registration in Registration.objects.filter(student=student).order_by("module_code"):
        module = modules.get(registration.module_code)
        if module is None:
            continue
        if not module.components:
            out.append((module.code, "", f"{module.code} {module.title}"))
        out += [
            (module.code, c.name, f"{module.code} {module.title}: {c.name}")
            for c in module.components
        ]
    return out

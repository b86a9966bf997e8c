"""The lateness the engine reads once extensions are granted.

A mark's `late_hours` are the hours after the published deadline, as the marker
records them. An upheld claim with an extension moves the deadline of the assessments
it names to `extended_to`: the hours between the two are taken off (never below
nought), so work handed in within the extension is not late. `assessment.domain.contract`
applies this when it writes the marks a board run, an export and moderation read,
so the engine sees the lateness measured from the new deadline.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from registrar.claims.models import ClaimItem, ClaimStatus, Remedy

# (student_id, module_code, component ("" = every row of the module's attempt), attempt)
Key = tuple[str, str, str, int]
HUNDREDTH = Decimal("0.01")


def granted_hours(programme_id: int) -> dict[Key, Decimal]:
    """The hours of extension granted per assessment of the cohort (the longest, if several)."""
    items = ClaimItem.objects.filter(
        claim__student__programme_id=programme_id,
        claim__status=ClaimStatus.UPHELD,
        claim__remedy=Remedy.EXTENSION,
        deadline__isnull=False,
        claim__extended_to__isnull=False,
    ).values_list(
        "claim__student__student_id",
        "module_code",
        "component",
        "attempt",
        "deadline",
        "claim__extended_to",
    )
    out: dict[Key, Decimal] = {}
    for student_id, module_code, component, attempt, deadline, extended_to in items:
        hours = extension_hours(deadline, extended_to)
        key = (student_id, module_code, component, attempt)
        out[key] = max(out.get(key, Decimal(0)), hours)
    return out


def extension_hours(deadline: datetime, extended_to: datetime) -> Decimal:
    """Whole hundredths of an hour from the published deadline to the new one."""
    seconds = Decimal((extended_to - deadline).total_seconds())
    return max(Decimal(0), (seconds / 3600).quantize(HUNDREDTH, rounding=ROUND_FLOOR))


def late_after_extension(
    late_hours: Decimal | None, key: Key, granted: dict[Key, Decimal]
) -> Decimal | None:
    """`late_hours` less the extension granted on the row (or on its whole module's attempt);
    None (not late) when the work came within it."""
    if late_hours is None or not granted:
        return late_hours
    student_id, module_code, _, attempt = key
    hours = max(
        granted.get(key, Decimal(0)),
        granted.get((student_id, module_code, "", attempt), Decimal(0)),
    )
    if hours == 0:
        return late_hours
    left = late_hours - hours
    return left if left > 0 else None


def extensions_on(
    programme_id: int, module_code: str, attempt: int, student_ids: set[str]
) -> list[tuple[str, str, Decimal, datetime]]:
    """The extensions granted on a module's attempt to these students, for its markers:
    (student_id, component ("" = the whole module), hours, new deadline)."""
    items = (
        ClaimItem.objects.filter(
            claim__student__programme_id=programme_id,
            claim__student__student_id__in=student_ids,
            claim__status=ClaimStatus.UPHELD,
            claim__remedy=Remedy.EXTENSION,
            module_code=module_code,
            attempt=attempt,
            deadline__isnull=False,
            claim__extended_to__isnull=False,
        )
        .select_related("claim__student")
        .order_by("claim__student__student_id", "component")
    )
    return [
        (
            i.claim.student.student_id,
            i.component,
            extension_hours(i.deadline, i.claim.extended_to),
            i.claim.extended_to,
        )
        for i in items
        if i.deadline is not None and i.claim.extended_to is not None
    ]

"""The board's decision on each student of a run: agree the proposal, or differ with a reason."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.boards.domain.reading import outcome_words, proposals
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import BoardRun, Decision
from registrar.people.models import Student
from registrar.programmes.domain.versions import specification_of
from registrar.spec.model import Specification

STATUSES = ("awarded", "referred", "failed", "incomplete")


def award_names(spec: Specification) -> tuple[str, ...]:
    """The awards a decision may name: the programme's award, then its exit awards."""
    return (spec.award.name, *(e.name for e in spec.award.exit_awards))


def band_names(spec: Specification) -> tuple[str, ...]:
    return tuple(b.name for b in spec.award.bands)


def _check_outcome(spec: Specification, status: str, award: str, classification: str) -> None:
    """Refuse an outcome the programme cannot give (BoardRefusedError saying what to give)."""
    if status not in STATUSES:
        raise BoardRefusedError(
            f"status {status!r} is not one of {', '.join(STATUSES)}; choose one of them"
        )
    if award and award not in award_names(spec):
        raise BoardRefusedError(
            f"award {award!r} is not an award of this programme; choose one of "
            f"{', '.join(award_names(spec))}, or none"
        )
    if classification and classification not in band_names(spec):
        raise BoardRefusedError(
            f"classification {classification!r} is not one of {', '.join(band_names(spec))}"
        )
    if status == "awarded" and award != spec.award.name:
        raise BoardRefusedError(
            f"an awarded student receives the {spec.award.name}; set the award to "
            f"{spec.award.name} (an exit award goes with the status failed)"
        )
    if status == "awarded" and not classification:
        raise BoardRefusedError("an awarded student needs a classification; choose one")
    if status != "awarded" and classification:
        raise BoardRefusedError(
            f"only an awarded student is classified; clear the classification for {status}"
        )
    if status in ("referred", "incomplete") and award:
        article = "an" if status == "incomplete" else "a"
        raise BoardRefusedError(
            f"{article} {status} student receives no award yet; clear the award, "
            "or set the status failed with an exit award"
        )


def _as_record(status: str, award: str, classification: str, agrees: bool, reason: str) -> dict:
    return {
        "status": status,
        "award": award,
        "classification": classification,
        "agrees": agrees,
        "reason": reason,
    }


@transaction.atomic
def decide(
    *,
    run: BoardRun,
    student: Student,
    actor: Any,
    status: str,
    award: str = "",
    classification: str = "",
    reason: str = "",
) -> Decision:
    """Record the board's decision on `student` in `run` (replacing an earlier one).

    The decision agrees when it is the engine's proposal (status, award and
    classification alike); a decision that differs needs a reason. Refuses
    (BoardRefusedError, nothing written) when the run is locked, the run did not
    evaluate the student, the outcome is not one the programme gives, or a
    different outcome has no reason.
    Side effects: one Decision row created or updated; one ledger entry
    `board.decided` (before: the outcome as it stood, the proposal when nothing was
    decided yet; after: the decision), filed under the student.
    """
    run = BoardRun.objects.select_for_update().select_related("version", "programme").get(pk=run.pk)
    if run.is_locked:
        raise BoardRefusedError(
            f"board run {run.pk} is locked (since {run.locked_at:%d %B %Y %H:%M}); "
            "its decisions can no longer change"
        )
    proposal = proposals(run).get(student.student_id)
    if proposal is None:
        raise BoardRefusedError(
            f"board run {run.pk} did not evaluate student {student.student_id}; "
            "decide on a run that includes them"
        )
    status, award = status.strip(), award.strip()
    classification, reason = classification.strip(), reason.strip()
    _check_outcome(specification_of(run.version), status, award, classification)
    agrees = (status, award, classification) == (
        proposal["status"],
        proposal["award"],
        proposal["classification"],
    )
    if not agrees and not reason:
        proposed = outcome_words(proposal["status"], proposal["award"], proposal["classification"])
        raise BoardRefusedError(
            f"the decision {outcome_words(status, award, classification)} differs from the "
            f"proposal {proposed}; give the board's reason"
        )
    existing = Decision.objects.filter(run=run, student=student).first()
    if existing is None:
        before = {
            **_as_record(
                proposal["status"], proposal["award"], proposal["classification"], True, ""
            ),
            "decided": False,
        }
        decision = Decision(run=run, student=student)
    else:
        before = {
            **_as_record(
                existing.status,
                existing.award,
                existing.classification,
                existing.agrees,
                existing.reason,
            ),
            "decided": True,
        }
        decision = existing
    decision.status, decision.award, decision.classification = status, award, classification
    decision.agrees, decision.reason = agrees, reason
    decision.decided_by = user_of(actor)
    decision.save()
    record(
        actor=actor,
        action="board.decided",
        subject=f"{run.programme.code} {run.programme.cohort} run {run.pk} {student.student_id}",
        reason=reason,
        before=before,
        after={**_as_record(status, award, classification, agrees, reason), "decided": True},
        data={"run": run.pk},
        student_id=student.student_id,
    )
    return decision

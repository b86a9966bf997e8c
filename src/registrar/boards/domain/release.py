"""Releasing a locked board's results to its students.

Until a run is released, nothing of a mark, outcome or decision reaches a student
(`student_view.released_results` and the transcripts read only released runs).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.utils import timezone

from registrar.audit.domain import record, user_of
from registrar.boards.domain.reading import outcome_words, outcomes, proposals
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import BoardRun
from registrar.notices.domain.events import results_released


class ReleaseRefusedError(BoardRefusedError):
    """The results were not released; the message says why and what to do."""


@transaction.atomic
def release_results(*, run: BoardRun, actor: Any) -> BoardRun:
    """Release `run`'s results: its students may now see their marks, outcome and transcript.

    Refuses (ReleaseRefusedError) a run that is not locked (its decisions could still
    change) and a run already released (a release happens once).
    Side effects: the run's released_at/released_by; one ledger entry `results.released`;
    a notice to each of the run's students (`notices.sent`).
    """
    run = BoardRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    if not run.is_locked:
        raise ReleaseRefusedError(
            f"board run {run.pk} is not locked; the board locks its decisions first "
            f"(registrar board lock {run.pk}), then its results can be released"
        )
    if run.is_released:
        assert run.released_at is not None
        who = run.released_by.get_username() if run.released_by else "the system"
        when = timezone.localtime(run.released_at)
        raise ReleaseRefusedError(
            f"the results of board run {run.pk} were already released on "
            f"{when.day} {when:%B %Y at %H:%M} by {who}"
        )
    run.released_at = timezone.now()
    run.released_by = user_of(actor)
    run.save(update_fields=["released_at", "released_by"])
    record(
        actor=actor,
        action="results.released",
        subject=f"{run.programme.code} {run.programme.cohort} run {run.pk}",
        before={"released": False, "released_at": None},
        after={
            "released": True,
            "released_at": run.released_at.isoformat(),
            "released_by": run.released_by.get_username() if run.released_by else None,
        },
        data={"run": run.pk, "students": len(proposals(run))},
    )
    results_released(programme=run.programme, student_ids=list(proposals(run)), actor=actor)
    return run


def outcome_counts(run: BoardRun) -> list[tuple[str, int]]:
    """How many students of the run have each outcome as the board decided (`awarded MRes
    Merit`, `referred`, …), in alphabetical order: what the release page shows."""
    counts = Counter(outcome_words(o.status, o.award, o.classification) for o in outcomes(run))
    return sorted(counts.items())

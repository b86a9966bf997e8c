"""Locking a board run: its decisions become final and the marks it read can no longer change."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from registrar.assessment.models import Mark
from registrar.audit.domain import record, user_of
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import BoardRun


def _read_keys(run: BoardRun) -> set[tuple[str, str, str, int]]:
    """(student_id, module_code, component, attempt) of every marks row the run read."""
    return {
        (row["student_id"], row["module_code"], row["component"], int(row["attempt"]))
        for row in csv.DictReader(io.StringIO(run.marks_csv))
    }


@transaction.atomic
def lock_board(*, run: BoardRun, actor: Any) -> BoardRun:
    """Lock `run`: its decisions are final, and every stored mark it read is locked to it.

    Refuses (BoardRefusedError) a run already locked. A locked mark cannot change
    (the marks domain refuses); a new attempt is a new mark row and is accepted.
    Side effects: the run's locked_at/locked_by; Mark.locked_by on the marks it read;
    one ledger entry `board.locked`.
    """
    run = BoardRun.objects.select_for_update().get(pk=run.pk)
    if run.is_locked:
        raise BoardRefusedError(f"board run {run.pk} is already locked")
    keys = _read_keys(run)
    students = {k[0] for k in keys}
    candidates = Mark.objects.filter(
        student__programme_id=run.programme_id, student__student_id__in=students
    ).select_related("student")
    locked = [
        m.pk
        for m in candidates
        if (m.student.student_id, m.module_code, m.component, m.attempt) in keys
    ]
    Mark.objects.filter(Q(pk__in=locked)).update(locked_by=run)
    run.locked_at = timezone.now()
    run.locked_by = user_of(actor)
    run.save(update_fields=["locked_at", "locked_by"])
    record(
        actor=actor,
        action="board.locked",
        subject=f"{run.programme.code} {run.programme.cohort} run {run.pk}",
        before={"locked": False},
        after={"locked": True, "marks_locked": len(locked)},
    )
    return run

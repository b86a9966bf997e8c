"""lock_board: a locked run's decisions are final, and the marks it read are locked to it."""

from __future__ import annotations

import pytest

from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.runs import BoardRefusedError
from tests.boards.world import add_mark

pytestmark = pytest.mark.django_db


def test_lock_locks_every_mark_the_run_read_and_not_a_later_attempt(run, cohort, board_member):
    resit = add_mark(cohort["00000005"], "COMP70060", 2, "55")  # after the run

    locked = lock_board(run=run, actor=board_member)

    assert (locked.locked_by, locked.is_locked) == (board_member, True)
    read = run.marks_csv.count("\n") - 1
    assert Mark.objects.filter(locked_by=run).count() == read == 41
    resit.refresh_from_db()
    assert resit.locked_by is None


def test_lock_writes_one_ledger_entry(run, board_member):
    lock_board(run=run, actor=board_member)

    entries = AuditEntry.objects.filter(action="board.locked")
    assert [(e.before, e.after, e.actor) for e in entries] == [
        ({"locked": False}, {"locked": True, "marks_locked": 41}, board_member)
    ]


def test_lock_refuses_a_run_already_locked(run, board_member):
    lock_board(run=run, actor=board_member)

    with pytest.raises(BoardRefusedError) as refused:
        lock_board(run=run, actor=board_member)

    assert str(refused.value) == f"board run {run.pk} is already locked"
    assert AuditEntry.objects.filter(action="board.locked").count() == 1

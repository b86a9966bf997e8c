"""Releasing a locked board's results: once, only when locked, with one ledger entry.

The cohort built here (`cohort`, `board`) is shared by the results and transcript tests:
marks are stored rows created directly (the marks domain has its own tests), with values
distinctive enough that a test can tell whether any of them leaked.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.release import ReleaseRefusedError, outcome_counts, release_results
from registrar.boards.domain.runs import run_board
from registrar.boards.models import BoardRun, Decision
from registrar.registrations.domain.choice import override_elective

pytestmark = pytest.mark.django_db

ADA, GRACE, ALAN = "02500101", "02500102", "02500103"
PROJECT, WRITTEN, TUTORIAL, ETHICS = "COMP70059", "COMP70060", "COMP70061", "COMP70076"

# student ID → (given, family, username, elective, [(module, component, attempt, mark, flag)])
RECIPES = {
    # project 68.35×20% + 71.45×50% + 66.15×30% = 69.24; POWA 6016.40 / 90 = 66.85: Merit
    ADA: (
        "Ada",
        "Lovelace",
        "ada",
        "COMP70010",
        [
            (PROJECT, "Background report", 1, "68.35", ""),
            (PROJECT, "Research thesis", 1, "71.45", ""),
            (PROJECT, "Oral presentation", 1, "66.15", ""),
            (WRITTEN, "Written reports", 1, "63.85", ""),
            (TUTORIAL, "", 1, "61.25", ""),
            (ETHICS, "", 1, "57.65", ""),
            ("COMP70010", "", 1, "64.55", ""),
        ],
    ),
    # the core tutorial 38.40 is below the pass mark and never compensated: referred
    GRACE: (
        "Grace",
        "Hopper",
        "grace",
        "COMP70016",
        [
            (PROJECT, "", 1, "72.10", ""),
            (WRITTEN, "", 1, "66.40", ""),
            (TUTORIAL, "", 1, "38.40", ""),
            (ETHICS, "", 1, "59.90", ""),
            ("COMP70016", "", 1, "62.70", ""),
        ],
    ),
    # no mark yet for the elective: incomplete
    ALAN: (
        "Alan",
        "Turing",
        None,
        "COMP70028",
        [
            (PROJECT, "", 1, "55.05", ""),
            (WRITTEN, "", 1, "52.15", ""),
            (TUTORIAL, "", 1, "54.35", ""),
            (ETHICS, "", 1, "51.95", ""),
        ],
    ),
}

# Every stored mark value of the cohort, and the POWAs the engine gives: none may show
# to a student before release.
MARK_VALUES = sorted({mark for *_, marks in RECIPES.values() for *_, mark, _ in marks} | {"66.85"})


def add_mark(student, module_code, component, attempt, mark, flag="") -> Mark:
    return Mark.objects.create(
        student=student,
        module_code=module_code,
        component=component,
        attempt=attempt,
        mark=Decimal(mark) if mark else None,
        flag=flag,
    )


def make_cohort(make_student, only=None) -> dict:
    """The students of RECIPES (or `only` those): registered, with their marks; by ID."""
    made = {}
    for student_id, (given, family, username, elective, marks) in RECIPES.items():
        if only is not None and student_id not in only:
            continue
        student = make_student(student_id, username=username, given_name=given, family_name=family)
        override_elective(student=student, module_code=elective, reason="test", actor=None)
        for module_code, component, attempt, mark, flag in marks:
            add_mark(student, module_code, component, attempt, mark, flag)
        made[student_id] = student
    return made


def board(programme, *, lock: bool = True, release: bool = False) -> BoardRun:
    """A board run of the cohort as stored now; locked and released on request."""
    run = run_board(programme=programme, actor=None)
    if lock:
        run = lock_board(run=run, actor=None)
    if release:
        run = release_results(run=run, actor=None)
    return run


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def test_release_results_sets_released_at_and_by_and_writes_its_ledger_entries(
    programme, cohort, account
):
    admin = account("registry", "administrator")
    run = board(programme)
    before = AuditEntry.objects.count()

    released = release_results(run=run, actor=admin)

    stored = BoardRun.objects.get(pk=run.pk)
    assert (stored.released_by, stored.released_at) == (admin, released.released_at)
    assert stored.released_at is not None
    entries = list(AuditEntry.objects.order_by("id")[before:])
    assert [(e.action, e.actor, e.subject) for e in entries] == [
        ("results.released", admin, f"G5ZB 2025-26 run {run.pk}"),
        ("notices.sent", admin, "G5ZB 2025-26: Results released"),
    ]
    assert entries[0].before == {"released": False, "released_at": None}
    assert entries[0].after == {
        "released": True,
        "released_at": stored.released_at.isoformat(),
        "released_by": "registry",
    }
    assert entries[0].data == {"run": run.pk, "students": 3}


def test_release_results_refuses_a_run_that_is_not_locked_and_changes_nothing(programme, cohort):
    run = board(programme, lock=False)
    before = AuditEntry.objects.count()

    with pytest.raises(ReleaseRefusedError) as refused:
        release_results(run=run, actor=None)

    assert str(refused.value) == (
        f"board run {run.pk} is not locked; the board locks its decisions first "
        f"(registrar board lock {run.pk}), then its results can be released"
    )
    assert BoardRun.objects.get(pk=run.pk).released_at is None
    assert AuditEntry.objects.count() == before


def test_release_results_refuses_a_second_release_and_keeps_the_first(programme, cohort, account):
    admin = account("registry", "administrator")
    run = release_results(run=board(programme), actor=admin)
    first = run.released_at
    before = AuditEntry.objects.count()

    with pytest.raises(ReleaseRefusedError) as refused:
        release_results(run=run, actor=None)

    when = timezone.localtime(first)
    assert str(refused.value) == (
        f"the results of board run {run.pk} were already released on "
        f"{when.day} {when:%B %Y at %H:%M} by registry"
    )
    stored = BoardRun.objects.get(pk=run.pk)
    assert (stored.released_at, stored.released_by) == (first, admin)
    assert AuditEntry.objects.count() == before


def test_outcome_counts_count_the_outcomes_as_the_board_decided(programme, cohort):
    run = board(programme, lock=False)
    Decision.objects.create(
        run=run,
        student=cohort[GRACE],
        status="awarded",
        award="MRes",
        classification="Pass",
        agrees=False,
        reason="condoned by the board",
    )

    assert outcome_counts(run) == [
        ("awarded MRes Merit", 1),
        ("awarded MRes Pass", 1),
        ("incomplete", 1),
    ]

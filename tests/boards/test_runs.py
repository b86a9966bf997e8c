"""run_board: what a run reads, stores and hashes, and when it refuses."""

from __future__ import annotations

import pytest

from registrar.assessment.domain.contract import marks_csv
from registrar.audit.models import AuditEntry
from registrar.boards.domain.evaluation import (
    engine_version,
    evaluate_texts,
    sha256,
    specification_digest,
)
from registrar.boards.domain.reading import proposals
from registrar.boards.domain.runs import BoardRefusedError, run_board
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.programmes.domain.versions import specification_of
from registrar.programmes.models import Programme
from registrar.registrations.domain.export import registrations_csv
from registrar.rules.outputs import results_csv
from tests.boards.world import add_mark

pytestmark = pytest.mark.django_db


def test_run_stores_what_it_read_with_the_hashes_of_each(programme, run):
    assert (run.marks_csv, run.registrations_csv) == (
        marks_csv(programme),
        registrations_csv(programme),
    )
    assert run.hashes == {
        "marks": sha256(run.marks_csv),
        "registrations": sha256(run.registrations_csv),
        "specification": specification_digest(run.version.data),
        "regulations": sha256(run.regulations_text),
    }
    assert (run.engine_version, run.regulations_source) == (
        engine_version(),
        "regulations/imperial/taught.yaml",
    )


def test_run_stores_the_engines_results_on_the_stored_texts(run):
    stored = evaluate_texts(
        specification_of(run.version), run.regulations_text, run.marks_csv, run.registrations_csv
    )

    assert run.results_csv == results_csv(stored.evaluation.results)


def test_run_evaluates_only_enrolled_students(programme, cohort, account):
    Student.objects.filter(student_id="00000002").update(status="interrupted")
    Student.objects.filter(student_id="00000003").update(status="withdrawn")

    made = run_board(programme=programme, actor=None)

    assert sorted(proposals(made)) == [
        "00000001",
        "00000004",
        "00000005",
        "00000006",
        "00000007",
        "00000008",
    ]


def test_run_writes_one_ledger_entry_with_its_hashes(run):
    entries = list(AuditEntry.objects.filter(action="board.run"))

    assert [(e.subject, e.after, e.data) for e in entries] == [
        (
            f"G5ZB 2025-26 run {run.pk}",
            {"run": run.pk, "version": 1, "hashes": run.hashes},
            {"students": 8},
        )
    ]
    assert entries[0].actor.get_username() == "registry"


def test_a_later_mark_makes_a_new_run_differ_and_leaves_the_first_as_it_was(programme, run, cohort):
    add_mark(cohort["00000008"], "COMP70010", 1, "55")

    second = run_board(programme=programme, actor=None)

    run.refresh_from_db()
    assert (proposals(run)["00000008"]["status"], proposals(second)["00000008"]["status"]) == (
        "incomplete",
        "awarded",
    )
    assert run.hashes["marks"] != second.hashes["marks"]
    assert BoardRun.objects.count() == 2


def test_run_refuses_stored_marks_the_engine_rejects_naming_the_stored_text(programme, cohort):
    add_mark(cohort["00000001"], "COMP70010", 3, "50")  # attempt 3 without attempt 2

    with pytest.raises(BoardRefusedError) as refused:
        run_board(programme=programme, actor=None)

    assert str(refused.value).startswith(
        "the stored records do not pass the engine's checks: marks.csv:"
    )
    assert BoardRun.objects.count() == 0


def test_run_refuses_a_programme_without_a_published_specification(db):
    bare = Programme.objects.create(code="X1", cohort="2025-26", title="X", institution="imperial")

    with pytest.raises(BoardRefusedError) as refused:
        run_board(programme=bare, actor=None)

    assert str(refused.value) == (
        "X (2025-26 entry) has no published specification yet; publish it before running a board"
    )


def test_run_refuses_a_cohort_without_enrolled_students(programme):
    with pytest.raises(BoardRefusedError) as refused:
        run_board(programme=programme, actor=None)

    assert str(refused.value) == (
        "MRes AI and Machine Learning (2025-26 entry) has no enrolled student with registrations "
        "or marks; import the students first (registrar import-students)"
    )
    assert BoardRun.objects.count() == 0

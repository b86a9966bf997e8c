"""Reading a stored run: proposals, outcomes with decisions, the evaluation, released runs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from registrar.boards.domain.decisions import decide
from registrar.boards.domain.reading import (
    evaluation_of,
    explanation_of,
    outcome_of,
    outcome_words,
    outcomes,
    proposals,
    released_run_for,
)
from registrar.boards.domain.runs import run_board
from registrar.boards.models import BoardRun
from registrar.rules.trace import UnknownStudentError
from tests.boards.world import add_mark

pytestmark = pytest.mark.django_db


def test_proposals_are_the_stored_classification_rows_by_student(run):
    found = proposals(run)

    assert sorted(found) == [f"0000000{n}" for n in range(1, 9)]
    assert {k: found["00000004"][k] for k in ("status", "award", "classification", "powa")} == {
        "status": "awarded",
        "award": "MRes",
        "classification": "Merit",
        "powa": "63.89",
    }


@pytest.mark.parametrize(
    ("status", "award", "classification", "words"),
    [
        ("awarded", "MRes", "Distinction", "awarded MRes Distinction"),
        ("referred", "", "", "referred"),
        ("failed", "PG Cert", "", "failed"),
    ],
)
def test_outcome_words_name_the_award_only_when_awarded(status, award, classification, words):
    assert outcome_words(status, award, classification) == words


def test_outcomes_default_to_the_proposal_and_show_a_differing_decision(run, cohort, account):
    decide(
        run=run,
        student=cohort["00000002"],
        actor=account("chair", "programme_lead"),
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason="borderline: the project's viva was outstanding",
    )

    found = {o.student_id: o for o in outcomes(run)}

    assert [o.student_id for o in outcomes(run)] == sorted(found)
    assert (found["00000001"].decision_text, found["00000001"].decision_reason) == ("agreed", "")
    assert (found["00000002"].decision_text, found["00000002"].decision_reason) == (
        "awarded MRes Distinction",
        "borderline: the project's viva was outstanding",
    )
    assert (found["00000002"].status, found["00000002"].classification) == (
        "awarded",
        "Distinction",
    )


def test_outcome_of_a_student_the_run_did_not_evaluate_is_none(run, make_student):
    late = make_student("00000099")

    assert outcome_of(run, late) is None


def test_the_evaluation_reads_what_the_run_stored_not_the_live_marks(run, cohort):
    add_mark(cohort["00000008"], "COMP70010", 1, "55")

    result = evaluation_of(run).evaluation.results.filter(student_id="00000008")

    assert result["status"].to_list() == ["incomplete"]


def test_explanation_of_a_student_is_the_engines_trace(run):
    trace = explanation_of(run, "00000003")

    assert trace.steps[10].result == "Merit (lowered by the project mark)"
    with pytest.raises(UnknownStudentError):
        explanation_of(run, "00000099")


def test_released_run_for_is_the_latest_released_run_containing_the_student(programme, run, cohort):
    second = run_board(programme=programme, actor=None)
    assert released_run_for(cohort["00000001"]) is None

    BoardRun.objects.filter(pk=run.pk).update(locked_at=timezone.now(), released_at=timezone.now())

    assert released_run_for(cohort["00000001"]) == run
    assert second.released_at is None

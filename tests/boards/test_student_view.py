"""What a student sees of a board run: nothing before release; then the run's own marks,
the board's outcome, the explanation in sentences and the marks still needed."""

from __future__ import annotations

import re

import pytest

from registrar.boards.domain.student_view import (
    readable_clause,
    released_results,
    results_of,
)
from registrar.boards.models import Decision
from tests.boards.test_release import ADA, ALAN, GRACE, add_mark, board, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def test_released_results_is_none_while_the_only_run_is_locked_but_not_released(programme, cohort):
    board(programme)  # locked, not released

    assert released_results(cohort[ADA]) is None


def test_released_results_is_none_for_a_student_the_released_run_did_not_evaluate(
    programme, cohort, make_student
):
    board(programme, release=True)
    late = make_student("02500199")  # enrolled after the run

    assert released_results(late) is None


def test_released_results_show_the_runs_stored_marks_not_marks_entered_since(programme, cohort):
    run = board(programme, release=True)
    add_mark(cohort[ADA], "COMP70076", "", 2, "88.00")  # a later attempt, after the board

    results = released_results(cohort[ADA])

    assert results is not None
    assert results.run == run
    ethics = next(m for m in results.modules if m.code == "COMP70076")
    assert [(m.attempt, m.mark) for m in ethics.marks] == [(1, "57.65")]
    assert (ethics.standing, ethics.result) == ("57.65", "passed")


def test_results_list_every_module_with_its_components_standing_mark_and_result(programme, cohort):
    run = board(programme, release=True)

    results = results_of(run, cohort[ADA])

    assert [
        (m.code, m.term, m.level, m.ects, m.cats, m.standing, m.result) for m in results.modules
    ] == [
        ("COMP70010", "Spring", 7, 5, 10, "64.55", "passed"),
        ("COMP70059", "Autumn–Summer", 7, 60, 120, "69.24", "passed"),
        ("COMP70060", "Autumn–Summer", 7, 10, 20, "63.85", "passed"),
        ("COMP70061", "Autumn", 7, 10, 20, "61.25", "passed"),
        ("COMP70076", "Spring", 7, 5, 10, "57.65", "passed"),
    ]
    project = results.modules[1]
    assert [(m.component, m.attempt, m.mark) for m in project.marks] == [
        ("Background report", 1, "68.35"),
        ("Oral presentation", 1, "66.15"),
        ("Research thesis", 1, "71.45"),
    ]
    assert (results.powa, results.project_mark, results.credits_earned) == ("66.85", "69.24", 90)
    assert (results.headline, results.dic, results.outcome_words) == (
        "Awarded MRes with Merit",
        True,
        "awarded MRes Merit",
    )
    assert (results.needed, results.needed_notes) == ([], [])


def test_results_show_the_outcome_the_board_decided_when_it_differs_from_the_proposal(
    programme, cohort
):
    run = board(programme, lock=False)
    Decision.objects.create(
        run=run,
        student=cohort[ADA],
        status="awarded",
        award="MRes",
        classification="Distinction",
        agrees=False,
        reason="exceptional project, agreed with the external examiner",
    )

    results = results_of(run, cohort[ADA])

    assert (results.outcome.classification, results.headline, results.dic) == (
        "Distinction",
        "Awarded MRes with Distinction",
        True,
    )
    assert results.explanation[-2].title == "The exam board's decision"
    assert results.explanation[-2].sentences == [
        "The regulations give awarded MRes Merit; the exam board decided awarded MRes Distinction.",
        "The board's reason: exceptional project, agreed with the external examiner",
    ]


def test_the_explanation_walks_the_engines_steps_in_sentences_with_readable_sources(
    programme, cohort
):
    run = board(programme, release=True)

    steps = results_of(run, cohort[ADA]).explanation

    assert [s.title for s in steps] == [
        "Late work, non-submission and mitigating circumstances",
        "Your module marks",
        "First sits and resits",
        "The mark that stands for each module",
        "Module results",
        "Your overall average (POWA)",
        "Compensation",
        "Credits earned",
        "Resits due",
        "The requirements for the award",
        "Classification",
        "Award",
        "Associateship",
        "The exam board's decision",
        "Rules still to be confirmed",
    ]
    by_title = {s.title: s for s in steps}
    assert by_title["Your module marks"].sentences[1] == (
        "COMP70059 MRes Individual Research Project (first attempt): Background report 68.35 "
        "weighted 20%, Research thesis 71.45 weighted 50% and Oral presentation 66.15 weighted "
        "30% give a module mark of 69.24 (rounded once to two decimal places, half up)."
    )
    assert by_title["Your overall average (POWA)"].sentences == [
        "Your Programme Overall Weighted Average (POWA) is the average of your modules' "
        "standing marks, each weighted by its ECTS credits: (64.55 × 5 + 69.24 × 60 + "
        "63.85 × 10 + 61.25 × 10 + 57.65 × 5) / 90 = 66.85, rounded once to two decimal "
        "places, half up."
    ]
    assert by_title["Classification"].sentences == [
        "The classification bands are Distinction from 70.00, Merit from 60.00 and Pass from "
        "50.00.",
        "Your POWA 66.85 is in the Merit band; your project, COMP70059 MRes Individual "
        "Research Project, 69.24, is in the Merit band. The project must meet the band as "
        "well, so your classification is Merit.",
    ]
    assert by_title["Your module marks"].source == (
        "Registrar's reading of the regulations (module mark, incomplete attempt and rounding)"
    )
    # No internal column or parameter name, no file name reaches the student.
    words = " ".join(" ".join([s.title, s.source, *s.sentences]) for s in steps)
    assert (re.findall(r"\w+_\w+", words), "rules.md" in words, "REGULATIONS" in words) == (
        [],
        False,
        False,
    )


def test_a_referred_student_sees_the_least_resit_mark_for_each_band(programme, cohort):
    run = board(programme, release=True)

    results = results_of(run, cohort[GRACE])

    assert (results.outcome.status, results.headline) == (
        "referred",
        "Referred: a resit is due",
    )
    assert [(n.code, n.kind, n.attempt, n.minimum) for n in results.needed] == [
        (
            "COMP70061",
            "resit",
            2,
            [("Distinction", "not reachable"), ("Merit", "50.00"), ("Pass", "50.00")],
        )
    ]
    tutorial = next(m for m in results.modules if m.code == "COMP70061")
    assert (tutorial.standing, tutorial.result_words) == ("38.40", "Referred: resit due")


def test_an_incomplete_student_sees_the_marks_needed_in_the_module_still_to_come(programme, cohort):
    run = board(programme, release=True)

    results = results_of(run, cohort[ALAN])

    assert (results.outcome.status, results.powa) == ("incomplete", "54.44")
    assert [(n.code, n.kind_words, n.minimum) for n in results.needed] == [
        (
            "COMP70028",
            "marks still to come",
            [("Distinction", "not reachable"), ("Merit", "not reachable"), ("Pass", "40.00")],
        )
    ]


def test_a_clause_citing_rules_by_anchor_reads_as_their_names():

    assert readable_clause(
        "docs/rules.md#module-mark, docs/rules.md#powa; spec 'no more than 15 credits compensated'"
    ) == (
        "Registrar's reading of the regulations (module mark and POWA); the programme "
        "specification, “no more than 15 credits compensated”"
    )

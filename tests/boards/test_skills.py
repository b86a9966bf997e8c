"""The board run passes the recorded professional skills completions to the engine: an
outstanding course shows on the outcome as unmet (docs/rules.md#professional-skills)."""

from __future__ import annotations

import csv
import io

import pytest

from registrar.boards.domain.runs import run_board
from registrar.boards.domain.verify import verify_run
from registrar.registrations.domain.skills import record_completion
from tests.boards.test_release import ADA, make_cohort

pytestmark = pytest.mark.django_db


def _results(run) -> dict[str, dict[str, str]]:
    return {r["student_id"]: r for r in csv.DictReader(io.StringIO(run.results_csv))}


def test_before_any_completion_is_recorded_the_courses_are_not_checked(programme, make_student):
    make_cohort(make_student, only={ADA})

    run = run_board(programme=programme, actor=None)

    assert (run.skills_csv, sorted(run.hashes)) == (
        "",
        ["marks", "registrations", "regulations", "specification"],
    )
    assert _results(run)[ADA]["status"] == "awarded"


def test_an_outstanding_course_keeps_the_award_back_and_the_run_verifies(programme, make_student):
    ada = make_cohort(make_student, only={ADA})[ADA]
    record_completion(student=ada, course_code="GS-RI", actor=None)

    run = run_board(programme=programme, actor=None)

    ada_result = _results(run)[ADA]
    assert (ada_result["status"], ada_result["award"], ada_result["classification"]) == (
        "incomplete",
        "",
        "",
    )
    assert ada_result["reasons"] == "professional skills courses not completed: GS-RDM, GS-COMM"
    assert run.skills_csv == f"student_id,course\n{ADA},GS-RI\n"
    assert "skills" in run.hashes
    assert verify_run(run) == []

    for code in ("GS-RDM", "GS-COMM"):
        record_completion(student=ada, course_code=code, actor=None)
    again = run_board(programme=programme, actor=None)
    assert _results(again)[ADA]["status"] == "awarded"
    assert verify_run(again) == []

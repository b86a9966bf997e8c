"""The house problem form stays on one line whatever a hostile file put in its values."""

from __future__ import annotations

from pathlib import Path

from registrar.spec.problems import Problem, unbroken


def test_every_control_and_line_breaking_character_is_shown_as_its_escape():
    assert unbroken("a\nb\rc\td\x00e\x1bf\x7fg\x85h\u2028i\u2029j") == (
        "a\\nb\\rc\\td\\x00e\\x1bf\\x7fg\\x85h\\u2028i\\u2029j"
    )
    assert unbroken("already \\n escaped, é and ü kept") == "already \\n escaped, é and ü kept"


def test_a_problem_prints_on_one_line_and_its_dict_holds_the_same_escapes():
    problem = Problem(Path("marks.csv"), 4, ("student_id",), "x\ny is not a student", "fix\r")

    assert str(problem) == "marks.csv:4: error: student_id: x\\ny is not a student. Fix: fix\\r."
    assert problem.as_dict()["message"] == "x\\ny is not a student"
    assert problem.as_dict()["fix"] == "fix\\r"

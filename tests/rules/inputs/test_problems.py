"""One problem type for every input: the house form of `registrar.spec.problems.Problem`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from registrar.rules.inputs import InputError, InputProblem
from registrar.rules.inputs.problems import one_line, shown
from registrar.spec.problems import Problem, Severity


def test_an_input_problem_is_a_house_problem_with_the_column_as_its_field() -> None:
    problem = InputProblem("marks.csv", 4, "mark", "101 is above 100", "give a mark from 0 to 100")

    assert isinstance(problem, Problem)
    assert (problem.file, problem.line, problem.path, problem.severity) == (
        Path("marks.csv"),
        4,
        ("mark",),
        Severity.ERROR,
    )
    assert str(problem) == (
        "marks.csv:4: error: mark: 101 is above 100. Fix: give a mark from 0 to 100."
    )
    assert problem.as_dict() == {
        "file": "marks.csv",
        "line": 4,
        "field": "mark",
        "severity": "error",
        "message": "101 is above 100",
        "fix": "give a mark from 0 to 100",
    }


def test_the_older_names_still_read_and_replace() -> None:
    # the marks pages and the marks import read `column` and `reason`, and rename the file
    problem = InputProblem("upload.csv", 2, "flag", "unknown flag XX", "write NS, MC or nothing")

    moved = dataclasses.replace(problem, file="marks.csv", line=3)

    assert (problem.column, problem.reason) == ("flag", "unknown flag XX; write NS, MC or nothing")
    assert moved == InputProblem(
        "marks.csv", 3, "flag", "unknown flag XX", "write NS, MC or nothing"
    )


def test_a_problem_without_a_fix_prints_no_empty_fix() -> None:
    assert str(InputProblem("marks.csv", 1, "(file)", "another save came first")) == (
        "marks.csv:1: error: (file): another save came first."
    )


def test_every_problem_is_one_line_whatever_its_text_holds() -> None:
    problem = InputProblem("m.csv", 2, "mark", "'6\n0\r\x00\u2028' is not a mark", "fix\tit")

    assert str(problem).splitlines() == [
        "m.csv:2: error: mark: '6\\n0\\r\\x00\\u2028' is not a mark. Fix: fix\\tit."
    ]


def test_one_line_escapes_backslashes_so_an_escape_reads_back_unambiguously() -> None:
    assert one_line("a\\nb") == "a\\\\nb"
    assert one_line("a\nb") == "a\\nb"


def test_shown_cuts_a_long_value_and_says_how_long_it_was() -> None:
    assert shown("x" * 41) == "x" * 40 + "… (41 characters)"
    assert shown("x" * 40) == "x" * 40


def test_an_input_error_lists_its_problems_one_per_line() -> None:
    problems = [
        InputProblem("m.csv", 2, "mark", "empty", "give a mark"),
        InputProblem("m.csv", 3, "student_id", "empty", "give the student's id"),
    ]

    error = InputError(problems)

    assert error.problems == problems
    assert str(error) == (
        "m.csv:2: error: mark: empty. Fix: give a mark.\n"
        "m.csv:3: error: student_id: empty. Fix: give the student's id."
    )

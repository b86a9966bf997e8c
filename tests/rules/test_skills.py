"""Professional skills courses (docs/rules.md#professional-skills): the completions file's
checks, and the award check through `registrar classify` and `registrar explain`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registrar.cli import app
from registrar.rules.inputs import InputError, read_skills
from tests.rules.helpers import MRES, mres

MARKS = """student_id,module_code,component,attempt,mark,flag,late_hours
S1,COMP70059,,1,60,,
S1,COMP70060,,1,60,,
S1,COMP70061,,1,60,,
S1,COMP70076,,1,60,,
S1,COMP70010,,1,60,,
S2,COMP70059,,1,60,,
S2,COMP70060,,1,60,,
S2,COMP70061,,1,60,,
S2,COMP70076,,1,60,,
S2,COMP70010,,1,60,,
"""
SKILLS = "student_id,course\nS1,GS-RI\nS1,GS-RDM\nS1,GS-COMM\nS2,GS-RDM\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    marks, skills = tmp_path / "marks.csv", tmp_path / "skills.csv"
    marks.write_text(MARKS, encoding="utf-8")
    skills.write_text(SKILLS, encoding="utf-8")
    return marks, skills


def test_the_mres_lists_three_assumed_graduate_school_courses() -> None:
    courses = mres().award.required_courses
    assert [c.code for c in courses] == ["GS-RI", "GS-RDM", "GS-COMM"]
    assert {c.provider for c in courses} == {"Graduate School"}
    assert {c.status for c in courses} == {"assumed"}
    # the text requirements stand as they were
    assert mres().award.specific_requirements == [
        "Every core module taken and passed (Programme Structure, footnote 1)."
    ]


def test_a_bad_completions_file_is_refused_whole_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "skills.csv"
    path.write_text(
        "student_id,course\nS1,GS-RI\nS1,GS-XX\n,GS-RI\nS1,GS-RI\nS2,\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as refused:
        read_skills(path, mres())
    assert [str(p) for p in refused.value.problems] == [
        f"{path}:3: error: course: unknown course GS-XX (not a required course of the "
        "programme specification). Fix: give the code of a course listed under "
        "award.required_courses.",
        f"{path}:4: error: student_id: empty. Fix: give the student's id.",
        f"{path}:5: error: course: duplicate completion (first at line 2). "
        "Fix: give each completion once.",
        f"{path}:6: error: course: empty. Fix: give a course code.",
    ]


def test_classify_refuses_a_bad_completions_file_and_writes_nothing(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    marks, skills = files
    skills.write_text("student_id,course\nS1,GS-XX\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(
        app,
        [
            "classify",
            "--programme",
            str(MRES),
            str(marks),
            "--skills",
            str(skills),
            "--format",
            "csv",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert f"{skills}:2: error: course: unknown course GS-XX" in result.output
    assert not out.exists()


def _classify(marks: Path, *extra: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(
        app, ["classify", "--programme", str(MRES), str(marks), "--format", "json", *extra]
    )
    assert result.exit_code == 0, result.output
    return {r["student_id"]: r for r in json.loads(result.output)}


def test_a_student_with_courses_outstanding_does_not_get_the_award(
    files: tuple[Path, Path],
) -> None:
    marks, skills = files
    got = _classify(marks, "--skills", str(skills))
    assert got["S1"]["status"] == "awarded"
    assert got["S1"]["award"] == "MRes"
    assert got["S2"]["status"] == "incomplete"
    assert got["S2"]["award"] == ""
    assert got["S2"]["classification"] == ""
    assert got["S2"]["dic"] is False
    assert got["S2"]["reasons"] == "professional skills courses not completed: GS-RI, GS-COMM"


def test_without_completions_the_courses_are_not_checked(files: tuple[Path, Path]) -> None:
    marks, _ = files
    got = _classify(marks)
    assert got["S2"]["status"] == "awarded"
    assert got["S2"]["reasons"] == (
        "MRes awarded: 90 credits; POWA 60.00 reaches Merit, project 60.00 reaches Merit; "
        "classification Merit"
    )


def _status_step(marks: Path, skills: Path | None, student: str) -> dict[str, object]:
    args = ["explain", "--programme", str(MRES), str(marks), "--student", student, "--json"]
    if skills is not None:
        args += ["--skills", str(skills)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    steps = json.loads(result.output)["steps"]
    found: dict[str, object] = next(s for s in steps if s["step"] == "status")
    return found


def test_explain_names_the_outstanding_courses_and_cites_the_rule(
    files: tuple[Path, Path],
) -> None:
    marks, skills = files
    status = _status_step(marks, skills, "S2")
    assert status["inputs"] == [
        "credits earned 90 (needed 90)",
        "credits below level 7: 0 (at most 15)",
        "credits compensated 0 (at most 15)",
        "every core module passed",
        "professional skills courses not completed: GS-RI, GS-COMM",
    ]
    assert status["result"] == "status incomplete"
    assert "docs/rules.md#professional-skills" in str(status["clause"])
    done = _status_step(marks, skills, "S1")
    assert done["inputs"][-1] == "every professional skills course completed"  # type: ignore[index]
    unchecked = _status_step(marks, None, "S2")
    assert unchecked["inputs"][-1] == "every core module passed"  # type: ignore[index]
    assert unchecked["result"] == "status awarded"


def test_explain_text_shows_the_outstanding_courses(files: tuple[Path, Path]) -> None:
    marks, skills = files
    result = CliRunner().invoke(
        app,
        [
            "explain",
            "--programme",
            str(MRES),
            str(marks),
            "--student",
            "S2",
            "--skills",
            str(skills),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "     professional skills courses not completed: GS-RI, GS-COMM\n" in result.output
    assert "   → status incomplete\n" in result.output

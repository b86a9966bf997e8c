"""`registrar skills import`, run as a newcomer would: a fresh process on a fresh SQLite
file under a temporary var/ (docs/rules.md#professional-skills)."""

from __future__ import annotations

from tests.web.test_cli_web import count, run

MRES_YAML = "programmes/imperial/mres-ai-ml/2025-26.yaml"
COMPLETIONS = "select count(*) from registrations_skillscompletion"


def test_skills_import_previews_refuses_a_bad_file_whole_and_commits(tmp_path):
    assert run(["publish", MRES_YAML], tmp_path).returncode == 0
    students = tmp_path / "students.csv"
    students.write_text(
        "student_id,given_name,family_name,email\n"
        "X1,Ada,Lovelace,ada@example.ac.uk\nX2,Alan,Turing,alan@example.ac.uk\n"
    )
    assert run(["import-students", str(students), "--commit"], tmp_path).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("student_id,course\nX1,GS-RI\nX3,GS-RI\nX2,GS-XX\nX1,GS-RI\n")

    refused = run(["skills", "import", str(bad), "--commit"], tmp_path)

    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        f"{bad}:3: error: student_id: no student X3 on G5ZB 2025-26. "
        "Fix: give the id of a student of the cohort (import the students first).",
        f"{bad}:4: error: course: unknown course GS-XX (not a required course of the "
        "programme specification). Fix: give the code of a course listed under "
        "award.required_courses.",
        f"{bad}:5: error: course: duplicate completion (first at line 2). "
        "Fix: give each completion once.",
        "error: 3 problems; nothing was recorded",
    ]
    assert count(tmp_path, COMPLETIONS) == 0

    good = tmp_path / "good.csv"
    good.write_text("student_id,course\nX1,GS-RI\nX2,GS-RDM\n")
    preview = run(["skills", "import", str(good)], tmp_path)
    assert preview.stdout.splitlines() == [
        f"{good}: would record (run again with --commit): 2 completion(s), 0 already recorded"
    ]
    assert count(tmp_path, COMPLETIONS) == 0
    commit = run(["skills", "import", str(good), "--commit"], tmp_path)
    assert commit.stdout.splitlines() == [f"{good}: recorded: 2 completion(s), 0 already recorded"]
    assert count(tmp_path, COMPLETIONS) == 2

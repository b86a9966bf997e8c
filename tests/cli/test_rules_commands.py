"""`registrar classify | explain | whatif | diff`: the command-line contracts of DESIGN.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registrar.cli import app

ROOT = Path(__file__).resolve().parents[2]
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
TAUGHT = ROOT / "regulations" / "imperial" / "taught.yaml"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
MARKS = EXAMPLES / "marks.csv"
REGISTRATIONS = EXAMPLES / "registrations.csv"
runner = CliRunner()

EXPECTED_CSV = (
    "student_id,status,award,classification,powa,project_mark,credits_earned,"
    "credits_compensated,referred_modules,dic,reasons,flags,assumed_parameters\n"
    'S001,awarded,MRes,Merit,69.31,71.50,90,5,,true,"MRes awarded: 90 credits; POWA 69.31 '
    "reaches Merit, project 71.50 reaches Distinction; classification Merit; COMP70010: "
    'compensated pass at 45.00 (5 ECTS)",borderline,pass_mark;rounding;compensation_zone;'
    "compensation_requires_pass_average;borderline_margin;borderline_effect\n"
    "S002,referred,,,60.00,66.00,85,0,COMP70028,false,COMP70028: 0.00 is below the pass mark "
    "50.00; referred (resit due),,pass_mark;rounding;non_submission_mark;"
    "late_capped_up_to_hours;late_beyond_cap;mitigating_circumstances;max_sits;"
    "compensation_zone\n"
)


def classify(*args: str) -> object:
    return runner.invoke(app, ["classify", "--programme", str(MRES), *args])


def test_classify_csv_gives_the_contract_columns_for_the_examples() -> None:
    result = classify(str(MARKS), "--registrations", str(REGISTRATIONS), "--format", "csv")

    assert result.exit_code == 0, result.output
    assert result.stdout == EXPECTED_CSV


def test_classify_json_uses_strings_integers_and_booleans() -> None:
    result = classify(str(MARKS), "--format", "json")

    records = json.loads(result.stdout)
    assert result.exit_code == 0
    assert list(records[0])[:11] == [
        "student_id",
        "status",
        "award",
        "classification",
        "powa",
        "project_mark",
        "credits_earned",
        "credits_compensated",
        "referred_modules",
        "dic",
        "reasons",
    ]
    assert records[1]["award"] == ""
    assert records[1]["classification"] == ""
    assert (records[1]["powa"], records[1]["credits_earned"], records[1]["dic"]) == (
        "60.00",
        85,
        False,
    )
    assert records[1]["referred_modules"] == "COMP70028"


def test_classify_json_gives_empty_powa_when_no_module_has_a_mark(tmp_path: Path) -> None:
    # docs/rules.md "Output": an empty value is "" in JSON too, never null
    marks = tmp_path / "marks.csv"
    marks.write_text("student_id,module_code,mark,flag\nS1,COMP70010,,MC\n", encoding="utf-8")

    records = json.loads(classify(str(marks), "--format", "json").stdout)

    assert (records[0]["status"], records[0]["powa"], records[0]["project_mark"]) == (
        "incomplete",
        "",
        "",
    )


def test_classify_table_is_the_default() -> None:
    result = classify(str(MARKS))

    assert result.exit_code == 0
    assert "S001" in result.stdout
    assert "referred" in result.stdout


def test_classify_writes_the_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"

    result = classify(str(MARKS), "--format", "csv", "-o", str(out))

    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == EXPECTED_CSV


def test_classify_bad_input_writes_nothing_and_reports_every_row(tmp_path: Path) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(
        "student_id,module_code,mark\nS1,COMP70076,101\nS1,COMP70059,70\nS1,COMP99999,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"

    result = classify(str(marks), "--format", "csv", "-o", str(out))

    assert result.exit_code == 1
    assert not out.exists()
    assert result.stderr.splitlines() == [
        f"{marks}:2: error: mark: 101 is above 100. Fix: give a mark from 0 to 100.",
        f"{marks}:4: error: module_code: unknown module COMP99999 (not in the programme "
        "specification). Fix: give the code of a module of the specification.",
        f"{marks}:4: error: mark: empty. "
        "Fix: give a mark, or flag the row NS (not submitted) or MC.",
    ]
    assert "Traceback" not in result.output


def test_classify_bad_registrations_are_reported_too(tmp_path: Path) -> None:
    registrations = tmp_path / "registrations.csv"
    registrations.write_text("student_id,module_code\nS001,COMP70059\nS001,COMP70059\n")

    result = classify(str(MARKS), "--registrations", str(registrations))

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{registrations}:3: error: module_code: duplicate registration (first at line 2). "
        "Fix: give each registration once."
    )


def test_classify_missing_marks_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"

    result = classify(str(missing))

    assert result.exit_code == 1
    assert result.stderr == (
        f"{missing}:1: error: (file): cannot read the file (No such file or directory). "
        "Fix: check the file's name and that it can be read.\n"
    )


def test_classify_creates_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "reports" / "2026" / "out.csv"

    result = classify(str(MARKS), "--format", "csv", "-o", str(out))

    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == EXPECTED_CSV


def test_classify_into_a_folder_it_cannot_make_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    out = blocker / "out.csv"  # a folder inside a file cannot be made

    result = classify(str(MARKS), "--format", "csv", "-o", str(out))

    assert result.exit_code == 1
    assert result.stderr == (
        f"{out}:1: error: --output: cannot make its folder (File exists). "
        "Fix: give a file in a folder you can write to.\n"
    )


HOSTILE = {
    "long-quoted-field": 'S1,COMP70076,"' + "9" * 140_000 + '"\n',
    "attempt-beyond-64-bits": "S1,COMP70076,70,99999999999999999999999\n",
    "huge-late-hours": "S1,COMP70076,70,,99999999999999999999\n",
    "mark-with-ns": "S1,COMP70076,64,,,NS\n",
    "newline-in-a-field": 'S1,COMP70076,"6\n0"\n',
    "nul-byte": "S1,COMP70076,7\x000\n",
    "stray-quote": 'S1,COMP70076,"70\n',
}


@pytest.mark.parametrize("body", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_marks_are_refused_one_line_each_never_exit_70(tmp_path: Path, body: str) -> None:
    marks = tmp_path / "marks.csv"
    marks.write_text(
        "student_id,module_code,mark,attempt,late_hours,flag\n" + body, encoding="utf-8"
    )

    result = classify(str(marks), "--format", "csv")

    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{marks}:2: error: ")
    assert ". Fix: " in lines[0]


def test_classify_finds_the_regulations_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = classify(str(MARKS), "--format", "csv")

    assert result.stdout == EXPECTED_CSV.replace("\r\n", "\n")


def test_classify_bad_regulations_are_refused(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "rules" / "fixtures" / "regulations" / "bad_status.yaml"

    result = classify(str(MARKS), "--regulations", str(bad))

    assert result.exit_code == 1
    assert result.stderr == (
        f"{bad}:9: error: parameters.max_sits.status: 'guessed' is not a status. "
        "Fix: write stated (a source says it) or assumed (our reading).\n"
    )


def test_explain_prints_the_trace() -> None:
    result = runner.invoke(
        app, ["explain", "--programme", str(MRES), str(MARKS), "--student", "S002"]
    )

    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Student S002: referred"
    assert "COMP70076 attempt 1 (whole module): 70.00, 6.00 hours late" in result.stdout
    assert "This outcome depends on these assumed parameters:" in result.stdout


def test_explain_json_has_steps_with_clauses_and_parameters() -> None:
    result = runner.invoke(
        app, ["explain", "--programme", str(MRES), str(MARKS), "--student", "S001", "--json"]
    )

    data = json.loads(result.stdout)
    assert data["outcome"]["classification"] == "Merit"
    assert data["steps"][0]["clause"].startswith("docs/rules.md#not-submitted")
    assert data["steps"][0]["parameters"][0]["status"] == "assumed"


@pytest.mark.parametrize("command", ["explain", "whatif"])
def test_unknown_student_is_one_error_line(command: str) -> None:
    result = runner.invoke(
        app, [command, "--programme", str(MRES), str(MARKS), "--student", "S404"]
    )

    assert result.exit_code == 1
    assert result.stderr == (
        f"{MARKS}:1: error: --student: student S404 is not in the marks or registrations. "
        "Fix: give the id of a student in the marks file.\n"
    )


def test_whatif_json_gives_the_minimum_marks() -> None:
    # S002 resits COMP70028 (capped at 50): 40.00 puts it in the zone;
    # POWA (5400 + 5·40)/90 = 62.22 ≥ 50 → compensated → Merit (project 66); Distinction
    # needs (5400 + 5·m)/90 ≥ 69.995 → m ≥ 179.9: not reachable
    result = runner.invoke(
        app, ["whatif", "--programme", str(MRES), str(MARKS), "--student", "S002", "--json"]
    )

    data = json.loads(result.stdout)
    assert data["modules"] == [
        {
            "module_code": "COMP70028",
            "kind": "resit",
            "attempt": 2,
            "components": [],
            "minimum": {"Distinction": "not reachable", "Merit": "40.00", "Pass": "40.00"},
        }
    ]


def test_diff_lists_exactly_the_changed_students(tmp_path: Path) -> None:
    narrower = tmp_path / "narrower.yaml"
    narrower.write_text(
        TAUGHT.read_text(encoding="utf-8").replace("      2023-24: 10.00", "      2023-24: 4.00"),
        encoding="utf-8",
    )

    result = runner.invoke(
        app,
        [
            "diff",
            "--programme",
            str(MRES),
            str(MARKS),
            "--regulations",
            str(TAUGHT),
            "--against",
            str(narrower),
            "--format",
            "csv",
        ],
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "student_id,old_status,new_status,old_award,new_award,old_classification,"
        "new_classification,old_powa,new_powa,old_project_mark,new_project_mark,"
        "old_credits_earned,new_credits_earned,old_credits_compensated,"
        "new_credits_compensated,old_referred_modules,new_referred_modules,old_dic,new_dic",
        "S001,awarded,referred,MRes,,Merit,,69.31,69.31,71.50,71.50,90,85,5,0,,COMP70010,"
        "true,false",
    ]


def test_diff_table_shows_old_and_new_side_by_side() -> None:
    result = runner.invoke(
        app,
        [
            "diff",
            "--programme",
            str(MRES),
            str(MARKS),
            "--regulations",
            str(TAUGHT),
            "--against",
            str(TAUGHT),
        ],
    )

    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "0 student(s) whose outcome changes"

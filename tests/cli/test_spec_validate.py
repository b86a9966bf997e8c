"""`registrar spec validate`: exit 0 valid, 1 invalid, 2 unreadable; every problem listed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from registrar.cli import app
from tests.conftest import MRES

FIXTURES = Path(__file__).resolve().parent.parent / "spec" / "fixtures"
runner = CliRunner()


def test_validate_mres_exits_0_and_reports_its_warning() -> None:
    result = runner.invoke(app, ["spec", "validate", str(MRES)])
    assert result.exit_code == 0
    assert result.stdout == f"{MRES}: valid, 1 warning\n"
    assert result.stderr.startswith(f"{MRES}:263: warning: assessment.mix: ")


def test_validate_invalid_file_exits_1_with_one_line_per_problem() -> None:
    path = FIXTURES / "invalid" / "workload_project.yaml"
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout == f"{path}: invalid (2 errors)\n"
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:42", f"{path}:56"]
    assert "Traceback" not in result.output


def test_validate_not_yaml_exits_2() -> None:
    path = FIXTURES / "invalid" / "not_yaml.yaml"
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:3: error: (file): not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence from line 2). Fix: correct the YAML at this line.\n"
    )


def test_validate_the_issues_nested_alias_specification_exits_2_at_once(
    tmp_path: Path,
) -> None:
    # issue 9: nine levels of `x: &x [*w,*w,...]`, the last used as `programme:`, ran past
    # 60 s and 5 GB
    lines = ["w: &w [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for level in range(1, 9):
        previous = "w" if level == 1 else f"x{level - 1}"
        lines.append(f"x{level}: &x{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    lines += ["programme: *x8", "modules: []", ""]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert len(lines) == 12
    result = runner.invoke(app, ["spec", "validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:1: error: (file): aliases are not allowed (&w names a value to repeat). "
        "Fix: remove the &name and write each value out in full where it is used.\n"
    )


def test_validate_unreadable_json_names_the_line_and_the_fix() -> None:
    path = FIXTURES / "invalid" / "not_yaml.yaml"
    result = runner.invoke(app, ["spec", "validate", "--json", str(path)])
    assert result.exit_code == 2
    assert json.loads(result.stdout) == [
        {
            "file": str(path),
            "line": 3,
            "field": "(file)",
            "severity": "unreadable",
            "message": "not valid YAML: did not find expected ',' or ']' "
            "(while parsing a flow sequence from line 2)",
            "fix": "correct the YAML at this line",
        }
    ]


def test_validate_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["spec", "validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_validate_several_files_reports_each_and_the_worst_status() -> None:
    good = FIXTURES / "minimal.yaml"
    bad = FIXTURES / "invalid" / "cats_mismatch.yaml"
    result = runner.invoke(app, ["spec", "validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stdout == f"{good}: valid\n{bad}: invalid (1 error)\n"


def test_validate_json_lists_problems_as_records() -> None:
    bad = FIXTURES / "invalid" / "cats_mismatch.yaml"
    result = runner.invoke(app, ["spec", "validate", "--json", str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": str(bad),
            "line": 13,
            "field": "programme.credits.cats",
            "severity": "error",
            "message": "30 ECTS is 60 CATS at 2 CATS per ECTS, not 62",
            "fix": "set cats to 60, or correct ects",
        }
    ]

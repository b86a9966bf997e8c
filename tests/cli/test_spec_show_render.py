"""`registrar spec show` and `registrar spec render`: output, files written, exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner, Result

from registrar.cli import app
from registrar.spec.loading import load_specification
from registrar.spec.model import Specification
from registrar.spec.render import render_html, render_markdown

SPEC_FILE = Path(__file__).parents[2] / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"


@pytest.fixture(scope="module")
def spec() -> Specification:
    return load_specification(SPEC_FILE)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["spec", *args])


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    """The real specification without a programme title and with a negative ECTS."""
    data = yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))
    del data["programme"]["title"]
    data["modules"][4]["ects"] = -5
    path = tmp_path / "invalid.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def unreadable_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text("programme: [unclosed\nmodules: {\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- show


def test_show_prints_tables_and_the_summary_counts() -> None:
    result = run("show", str(SPEC_FILE))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "MRes AI and Machine Learning (G5ZB) — Imperial College London"
    assert lines[-1] == (
        "27 modules: 3 core, 1 compulsory, 23 elective; 1 not running in 2025-26. "
        "Credit total 90 ECTS (180 CATS)."
    )
    titles = [line for line in lines if re.fullmatch(r"\w+ modules \(\d+\)", line)]
    assert titles == ["Core modules (3)", "Compulsory modules (1)", "Elective modules (23)"]


def test_show_lists_each_module_once_with_term_and_availability() -> None:
    result = run("show", str(SPEC_FILE))
    rows = {
        line.split()[0]: " ".join(line.split())
        for line in result.stdout.splitlines()
        if line.strip().startswith("COMP")
    }
    codes = [line.split()[0] for line in result.stdout.splitlines() if line.strip()[:4] == "COMP"]
    assert len(codes) == len(set(codes)) == 27
    # the title may wrap onto the next line; the figures after it stay on the code's line
    assert rows["COMP70059"].endswith("Autumn–Summer 60 120 7 running")
    assert "Autumn 5 10 7 not running" in rows["COMP70101"]
    assert rows["COMP70061"] == "COMP70061 Research Tutorial Autumn 10 20 7 running"


def test_show_prints_the_award_bands_in_the_regulations_wording() -> None:
    out = run("show", str(SPEC_FILE)).stdout
    assert "Distinction   70.00% or above" in out
    assert "Merit         60.00% or above but less than 70.00%" in out
    assert "Pass          50.00% or above but less than 60.00%" in out
    assert "The project module COMP70059 must also meet the band's threshold." in out


def test_show_json_round_trips_to_the_same_specification(spec: Specification) -> None:
    result = run("show", str(SPEC_FILE), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == spec.model_dump(mode="json")
    assert Specification.model_validate(data) == spec


# --------------------------------------------------------------------------- render


def test_render_html_writes_the_file_creating_folders(tmp_path: Path, spec: Specification) -> None:
    target = tmp_path / "out" / "nested" / "spec.html"
    result = run("render", str(SPEC_FILE), "--format", "html", "-o", str(target))
    assert result.exit_code == 0
    written = target.read_text(encoding="utf-8")
    assert written == render_html(spec)
    assert result.stdout == f"wrote {target} (html, {target.stat().st_size:,} bytes)\n"


def test_render_md_writes_the_file(tmp_path: Path, spec: Specification) -> None:
    target = tmp_path / "spec.md"
    result = run("render", str(SPEC_FILE), "--format", "md", "--output", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == render_markdown(spec)


@pytest.mark.parametrize(("fmt", "renderer"), [("md", render_markdown), ("html", render_html)])
def test_render_without_output_writes_the_document_to_stdout(
    fmt: str, renderer: Callable[[Specification], str], spec: Specification
) -> None:
    result = run("render", str(SPEC_FILE), "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == renderer(spec)


def test_render_pdf_writes_a_pdf(tmp_path: Path) -> None:
    target = tmp_path / "spec.pdf"
    result = run("render", str(SPEC_FILE), "--format", "pdf", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert result.stdout.startswith(f"wrote {target} (pdf, ")


def test_render_pdf_refuses_to_write_binary_to_stdout() -> None:
    result = run("render", str(SPEC_FILE), "--format", "pdf")
    assert result.exit_code == 2
    assert "a PDF is binary: give a file with -o PATH" in result.stderr
    assert result.stdout == ""


def test_render_refuses_an_unknown_format() -> None:
    result = run("render", str(SPEC_FILE), "--format", "docx")
    assert result.exit_code == 2
    assert "docx" in result.stderr


def test_render_reports_an_output_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("render", str(SPEC_FILE), "--format", "md", "-o", str(blocker / "spec.md"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"error: {blocker / 'spec.md'}: cannot write the file (File exists: {blocker})"
    )
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("command", [["show"], ["show", "--json"], ["render", "--format", "html"]])
def test_invalid_specification_exits_1_with_one_line_per_problem(
    command: list[str], invalid_file: Path, tmp_path: Path
) -> None:
    result = run(command[0], str(invalid_file), *command[1:])
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[1].split(":")[0] for line in errors] == [
        "programme.title",
        "modules[4].ects",
    ]
    assert errors[0].startswith(f"{invalid_file}:")
    assert "this required field is missing. Fix: add this field." in errors[0]
    assert (
        result.stderr.splitlines()[-1] == f"error: {invalid_file}: invalid specification (2 errors)"
    )
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["show"], ["render", "--format", "md"]])
def test_unreadable_specification_exits_2(command: list[str], unreadable_file: Path) -> None:
    result = run(command[0], str(unreadable_file), *command[1:])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{unreadable_file}:2: error: (file): not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence from line 1). Fix: correct the YAML at this line.\n"
    )


def test_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = run("show", str(missing))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{missing}:1: error: (file): cannot read the file (No such file or directory). "
        "Fix: check the path, and that the file can be read.\n"
    )


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_render_leaves_the_warnings_to_validate(fmt: str, tmp_path: Path) -> None:
    # `make run` validates, then renders twice: the assessment-mix warning once, not three times
    target = tmp_path / f"spec.{fmt}"
    result = run("render", str(SPEC_FILE), "--format", fmt, "-o", str(target))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == f"wrote {target} ({fmt}, {target.stat().st_size:,} bytes)\n"


def test_show_leaves_the_warnings_to_validate() -> None:
    result = run("show", str(SPEC_FILE))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_render_writes_nothing_for_an_invalid_specification(
    invalid_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "spec.html"
    result = run("render", str(invalid_file), "--format", "html", "-o", str(target))
    assert result.exit_code == 1
    assert not target.exists()


# --------------------------------------------------------------------------- help


@pytest.mark.parametrize(
    ("command", "summary"),
    [
        ("show", "Show a programme: its information, modules by category and term, award and"),
        ("render", "Render a specification as a document that reads like the published"),
    ],
)
def test_every_subcommand_has_help(command: str, summary: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert summary in " ".join(result.stdout.split())

"""`registrar admissions check`: the contract of issue 11, point 3 (docs/admissions.md).

Exit 0 every requirement met, 3 some need judgement and none is not met, 1 some are not
met, 2 the application cannot be read (one line per problem, in the house form).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registrar.cli import admissions as admissions_cli
from registrar.cli import app
from tests.admissions.pdfs import make_pdf
from tests.conftest import MRES, ROOT

runner = CliRunner()
EXAMPLE = ROOT / "docs" / "examples" / "admissions" / "application.yaml"

APPLICATION = """\
degree:
  classification: {classification}
  discipline: Computer Science
english:
  test: IELTS
  overall: 7.0
  listening: 7.0
  reading: 7.0
  writing: 6.5
  speaking: 7.0
documents:
  research_statement: statement.pdf
  cv: cv.pdf
  transcripts: transcript.pdf
  personal_statement: personal.pdf
  references: [ref-1.pdf, ref-2.pdf]
"""


def applying(
    tmp_path: Path, classification: str = "first", statement: tuple[str, ...] = ("Project",)
) -> Path:
    """An application in `tmp_path`, its documents beside it."""
    (tmp_path / "statement.pdf").write_bytes(make_pdf(list(statement)))
    for name in ("cv", "transcript", "personal", "ref-1", "ref-2"):
        (tmp_path / f"{name}.pdf").write_bytes(make_pdf([name]))
    path = tmp_path / "application.yaml"
    path.write_text(APPLICATION.format(classification=classification), encoding="utf-8")
    return path


DATABASE_IN_USE = admissions_cli._database_in_use  # before the fixture below replaces it


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The repository's programmes, whatever DATABASE_URL says (one test uses the database)."""
    monkeypatch.setattr(admissions_cli, "_database_in_use", lambda: False)


def check(*args: str):
    return runner.invoke(app, ["admissions", "check", *args])


def results(output: str) -> list[tuple[str, str]]:
    return [(r["name"], r["result"]) for r in json.loads(output)["requirements"]]


NAMES = [
    "degree classification",
    "degree discipline",
    "English language",
    "research statement",
    "references",
    "CV",
    "transcripts",
    "personal statement",
]


def test_the_documented_example_meets_every_requirement() -> None:
    result = check("--programme", "G5ZB/2025-26", str(EXAMPLE))

    assert (result.exit_code, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "met              degree classification: a first-class (1st) degree: the "
        'specification asks for "normally have a 1st UK Honours degree or international '
        'equivalent degree"'
    )
    assert [line.split(":")[0] for line in lines[:-1]] == [
        f"met              {name}" for name in NAMES
    ]
    assert lines[-1] == (f"{EXAMPLE}: 8 met, 0 not met, 0 needs judgement (G5ZB/2025-26): met")


def test_json_is_exactly_the_requirements(tmp_path: Path) -> None:
    result = check("--programme", "G5ZB/2025-26", str(applying(tmp_path)), "--json")

    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert list(report) == ["requirements"]
    assert [list(r) for r in report["requirements"]] == [["name", "result", "reason"]] * 8
    assert report["requirements"][3] == {
        "name": "research statement",
        "result": "met",
        "reason": 'statement.pdf has 1 page: the specification allows "1 page maximum, '
        'excluding references"',
    }
    assert results(result.stdout) == [(name, "met") for name in NAMES]


def test_an_upper_second_needs_judgement_and_exits_3(tmp_path: Path) -> None:
    result = check("--programme", "G5ZB/2025-26", str(applying(tmp_path, "upper-second")), "--json")

    assert result.exit_code == 3
    assert results(result.stdout)[0] == ("degree classification", "needs judgement")
    assert {r for _, r in results(result.stdout)[1:]} == {"met"}


def test_a_two_page_research_statement_is_not_met_and_exits_1(tmp_path: Path) -> None:
    path = applying(tmp_path, "upper-second", ("Project", "More project"))

    result = check("--programme", "G5ZB/2025-26", str(path), "--json")

    assert result.exit_code == 1
    statement = json.loads(result.stdout)["requirements"][3]
    assert statement == {
        "name": "research statement",
        "result": "not met",
        "reason": 'statement.pdf has 2 pages, more than the specification allows: "1 page '
        'maximum, excluding references"',
    }


def test_a_second_page_of_references_is_not_counted(tmp_path: Path) -> None:
    path = applying(tmp_path, statement=("Project", "References\n[1] A paper"))

    result = check("--programme", "G5ZB/2025-26", str(path))

    assert result.exit_code == 0
    assert result.stdout.splitlines()[3] == (
        "met              research statement: statement.pdf has 1 page (of 2 in all: "
        'references from page 2 not counted): the specification allows "1 page maximum, '
        'excluding references"'
    )


def test_a_document_missing_from_disk_is_not_met(tmp_path: Path) -> None:
    path = applying(tmp_path)
    (tmp_path / "cv.pdf").unlink()

    result = check("--programme", "G5ZB/2025-26", str(path), "--json")

    assert result.exit_code == 1
    assert json.loads(result.stdout)["requirements"][5] == {
        "name": "CV",
        "result": "not met",
        "reason": "cv.pdf does not exist: each must be a PDF",
    }


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("degree: [first\n", "2: error: (file): not valid YAML: did not find expected ',' or "
         "']' (while parsing a flow sequence from line 1). Fix: correct the YAML at this line."),
        ("- first\n", "1: error: (file): expected a YAML mapping of fields at the top level. "
         "Fix: write the file as `field: value` lines."),
        ("degree: {classification: 1, discipline: maths}\n",
         "1: error: degree.classification: input should be 'first', 'upper-second', "
         "'lower-second', 'third' or 'international' (got 1). Fix: use one of the allowed "
         "values."),
    ],
)  # fmt: skip
def test_an_application_that_cannot_be_read_exits_2_with_one_line(
    tmp_path: Path, text: str, line: str
) -> None:
    path = tmp_path / "application.yaml"
    path.write_text(text, encoding="utf-8")

    result = check("--programme", "G5ZB/2025-26", str(path))

    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"{path}:{line}\n")


def test_a_missing_application_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"

    result = check("--programme", "G5ZB/2025-26", str(path))

    assert (result.exit_code, result.stderr) == (
        2,
        f"{path}:1: error: (file): the file does not exist. Fix: give the application's YAML "
        "file.\n",
    )


def test_the_programme_may_be_a_specification_file(tmp_path: Path) -> None:
    result = check("--programme", str(MRES), str(applying(tmp_path)))

    assert result.exit_code == 0


def test_an_unknown_programme_exits_2(tmp_path: Path) -> None:
    result = check("--programme", "G5ZB/2031-32", str(applying(tmp_path)))

    assert (result.exit_code, result.stderr) == (
        2,
        "error: no programme G5ZB/2031-32 in the database or in programmes/; publish its "
        "specification, or give the specification's YAML file\n",
    )


def test_a_programme_that_is_neither_code_and_cohort_nor_a_file_exits_2(tmp_path) -> None:
    result = check("--programme", "G5ZB", str(applying(tmp_path)))

    assert (result.exit_code, result.stderr) == (
        2,
        "error: --programme 'G5ZB' is neither CODE/COHORT (e.g. G5ZB/2025-26) nor a "
        "specification file\n",
    )


@pytest.mark.django_db
def test_the_databases_programme_comes_before_the_repositorys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registrar.programmes.domain.versions import publish_specification

    # the published G5ZB/2025-26 asks for IELTS 7.0 overall; the repository's for 6.5
    stricter = tmp_path / "spec" / "2025-26.yaml"
    stricter.parent.mkdir()
    stricter.write_text(
        MRES.read_text(encoding="utf-8")
        .replace("    overall: 6.5\n", "    overall: 7.5\n")
        .replace("score of 6.5 overall", "score of 7.5 overall"),
        encoding="utf-8",
    )
    publish_specification(actor=None, path=stricter)
    monkeypatch.setattr(admissions_cli, "_database_in_use", lambda: True)

    result = check("--programme", "G5ZB/2025-26", str(applying(tmp_path)), "--json")

    assert result.exit_code == 1
    assert json.loads(result.stdout)["requirements"][2] == {
        "name": "English language",
        "result": "not met",
        "reason": 'IELTS: 7.0 overall is below 7.5: the specification asks for "Standard '
        'requirement IELTS score of 7.5 overall (minimum 6.0 in all elements)"',
    }


def test_the_command_runs_in_a_fresh_process_without_a_database(tmp_path: Path) -> None:
    env = {**os.environ, "REGISTRAR_VAR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)

    done = subprocess.run(
        [sys.executable, "-m", "registrar.cli", "admissions", "check", "--programme",
         "G5ZB/2025-26", str(EXAMPLE), "--json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False,
    )  # fmt: skip

    assert (done.returncode, done.stderr) == (0, "")
    assert results(done.stdout) == [(name, "met") for name in NAMES]
    assert not (tmp_path / "var" / "registrar.sqlite3").exists()


def test_the_database_is_looked_in_when_named_or_when_its_file_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("REGISTRAR_VAR", str(tmp_path))
    found = [DATABASE_IN_USE()]
    (tmp_path / "registrar.sqlite3").write_bytes(b"")
    found.append(DATABASE_IN_USE())
    (tmp_path / "registrar.sqlite3").unlink()
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/elsewhere")
    found.append(DATABASE_IN_USE())

    assert found == [False, True, True]

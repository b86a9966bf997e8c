"""Shared helpers for the rules tests: load worked cases, run the CLI and the oracle."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from registrar.spec.loading import load_specification
from registrar.spec.model import Specification
from tests.rules import oracle

REPO = Path(__file__).resolve().parents[2]
CASES_DIR = REPO / "src" / "registrar" / "rules" / "cases"
MRES = REPO / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
FIELDS = (
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
    "flags",  # beyond the contract: rules.md step 18 (borderline, project_lowered)
)


@dataclass(frozen=True)
class Case:
    file: str
    rule: str
    name: str
    programme: Path
    marks: str
    registrations: str | None
    expect: dict[str, dict[str, Any]]
    arithmetic: str
    # parameters set for this case (a switch of issue 8, point 4), else the defaults
    parameters: dict[str, Any] = field(default_factory=dict)
    # completed professional skills courses CSV (`--skills`), else not checked
    skills: str | None = None

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}::{self.name}"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in data["cases"]:
            cases.append(
                Case(
                    file=path.name,
                    rule=data["rule"],
                    name=raw["name"],
                    programme=REPO / raw.get("programme", MRES.relative_to(REPO)),
                    marks=raw["marks"],
                    registrations=raw.get("registrations"),
                    expect={str(k): v for k, v in raw["expect"].items()},
                    arithmetic=raw["arithmetic"],
                    parameters=dict(raw.get("parameters") or {}),
                    skills=raw.get("skills"),
                )
            )
    return cases


@cache
def spec_at(path: Path) -> Specification:
    return load_specification(path)


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The compared fields of one output record, values as given (empty is "", never null)."""
    return {key: record.get(key, "<missing>") for key in FIELDS}


TAUGHT = REPO / "regulations" / "imperial" / "taught.yaml"


def regulations_with(tmp: Path, parameters: dict[str, Any]) -> Path:
    """A copy of the MRes regulations with each named parameter's 2023-24 value replaced."""
    text = TAUGHT.read_text(encoding="utf-8")
    for name, value in parameters.items():
        pattern = rf"(\n  {name}:\n(?:    .*\n)*?    values:\n      2023-24: ).*"
        text, found = re.subn(pattern, rf"\g<1>{value}", text)
        assert found == 1, f"no parameter {name} in {TAUGHT}"
    path = tmp / "regulations.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def oracle_params(parameters: dict[str, Any]) -> oracle.Params:
    """The oracle's parameters for a case's switches."""
    settings: dict[str, Any] = {}
    for name, value in parameters.items():
        if name == "late_beyond_cap":
            settings[name] = None if value == "zero" else Decimal(str(value))
        elif name == "rounding":
            settings[name] = {"half_up_2dp": ROUND_HALF_UP, "half_even_2dp": ROUND_HALF_EVEN}[value]
        elif name in ("resit_mark_stands", "borderline_effect"):
            settings[name] = value
        else:
            raise ValueError(f"the oracle has no switch {name}")
    return oracle.Params(**settings)


def run_cli(
    tmp: Path,
    programme: Path,
    marks_text: str,
    registrations_text: str | None = None,
    parameters: dict[str, Any] | None = None,
    skills_text: str | None = None,
) -> list[dict[str, Any]]:
    """`registrar classify --programme P MARKS [--registrations R] [--skills S] --format json
    -o OUT`."""
    from registrar.cli import app

    marks = tmp / "marks.csv"
    marks.write_text(marks_text, encoding="utf-8")
    out = tmp / "out.json"
    args = ["classify", "--programme", str(programme), str(marks)]
    if registrations_text is not None:
        regs = tmp / "registrations.csv"
        regs.write_text(registrations_text, encoding="utf-8")
        args += ["--registrations", str(regs)]
    if parameters:
        args += ["--regulations", str(regulations_with(tmp, parameters))]
    if skills_text is not None:
        skills = tmp / "skills.csv"
        skills.write_text(skills_text, encoding="utf-8")
        args += ["--skills", str(skills)]
    args += ["--format", "json", "-o", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, f"classify exited {result.exit_code}:\n{result.output}"
    records: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return records


def run_oracle(
    programme: Path,
    marks_text: str,
    registrations_text: str | None = None,
    parameters: dict[str, Any] | None = None,
    skills_text: str | None = None,
) -> list[dict[str, Any]]:
    regs = None if registrations_text is None else oracle.read_csv_text(registrations_text)
    params = oracle_params(parameters or {})
    skills = None if skills_text is None else oracle.read_csv_text(skills_text)
    return oracle.classify(
        oracle.read_csv_text(marks_text), spec_at(programme), regs, params, skills
    )


def mismatches(expect: dict[str, dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """Each expected field that the output does not match, as readable lines."""
    by_id = {str(r["student_id"]): normalise(r) for r in got}
    problems = []
    for student, fields in expect.items():
        if student not in by_id:
            problems.append(f"{student}: missing from the output")
            continue
        for key, want in fields.items():
            have = by_id[student].get(key)
            if have != want:
                problems.append(f"{student}.{key}: expected {want!r}, got {have!r}")
    return problems

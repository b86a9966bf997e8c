"""Helpers for the engine tests: run marks text through the real input reader and engine."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import load_inputs
from registrar.rules.parameters import Parameter, Regulations, load_regulations, regulations_path
from registrar.rules.steps import STEPS, Step
from registrar.spec.loading import load_specification
from registrar.spec.model import Specification

ROOT = Path(__file__).resolve().parents[2]
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours\n"


@cache
def mres() -> Specification:
    return load_specification(MRES)


@cache
def regulations() -> Regulations:
    """The regulations the MRes specification names (`regulations: imperial/taught`)."""
    found = regulations_path(mres())
    assert found is not None
    return load_regulations(found)


def taught(spec: Specification | None = None) -> dict[str, Parameter]:
    return parameters_for(spec or mres(), regulations())


def run(
    marks: str,
    registrations: str | None = None,
    spec: Specification | None = None,
    parameters: dict[str, Parameter] | None = None,
    steps: tuple[Step, ...] = STEPS,
) -> Evaluation:
    """Evaluate CSV text (a header is added when the text has none)."""
    spec = spec or mres()
    parameters = parameters or taught(spec)
    if not marks.startswith("student_id"):
        marks = HEADER + marks
    with tempfile.TemporaryDirectory() as folder:
        marks_path = Path(folder) / "marks.csv"
        marks_path.write_text(marks, encoding="utf-8")
        registrations_path = None
        if registrations is not None:
            registrations_path = Path(folder) / "registrations.csv"
            registrations_path.write_text(
                "student_id,module_code\n" + registrations, encoding="utf-8"
            )
        inputs = load_inputs(spec, parameters, marks_path, registrations_path)
    return evaluate(spec, parameters, inputs.marks, inputs.registrations, steps=steps)


def outcomes(
    marks: str,
    registrations: str | None = None,
    spec: Specification | None = None,
    parameters: dict[str, Parameter] | None = None,
) -> dict[str, dict[str, Any]]:
    """Contract records by student id."""
    results = run(marks, registrations, spec, parameters).results
    return {row["student_id"]: row for row in results.iter_rows(named=True)}


def student(
    project: str | None = "70",
    proposal: str = "70",
    tutorial: str = "70",
    ethics: str = "70",
    elective: str | None = "70",
    sid: str = "S1",
    elective_code: str = "COMP70010",
) -> str:
    """Whole-module first-sit rows for one MRes student (None: no row for that module)."""
    rows = [
        *([f"{sid},COMP70059,,1,{project},,"] if project is not None else []),
        f"{sid},COMP70060,,1,{proposal},,",
        f"{sid},COMP70061,,1,{tutorial},,",
        f"{sid},COMP70076,,1,{ethics},,",
    ]
    if elective is not None:
        rows.append(f"{sid},{elective_code},,1,{elective},,")
    return "\n".join(rows) + "\n"

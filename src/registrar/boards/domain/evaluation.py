"""The engine run on stored texts: the same reading, checks and evaluation as `registrar classify`.

A board run evaluates the marks and registrations as CSV text in their contracts
(the text it stores), so what the board saw can be re-derived from the run alone.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import registrar
from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import InputError, Inputs, load_inputs
from registrar.rules.parameters import Parameter, ParameterError, load_regulations
from registrar.spec.model import Specification


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def specification_digest(data: dict[str, Any]) -> str:
    """The hash of a specification version's content (canonical JSON of its data)."""
    return sha256(json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


@lru_cache(maxsize=1)
def engine_version() -> str:
    """Registrar's version and a digest of the engine's source: a change to either shows."""
    rules = Path(__file__).resolve().parents[2] / "rules"
    digest = hashlib.sha256()
    for path in sorted(rules.rglob("*.py")):
        digest.update(path.relative_to(rules).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{registrar.__version__}+rules.{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class StoredEvaluation:
    parameters: dict[str, Parameter]
    inputs: Inputs
    evaluation: Evaluation


def evaluate_texts(
    spec: Specification,
    regulations_text: str,
    marks_text: str,
    registrations_text: str,
    skills_text: str = "",
) -> StoredEvaluation:
    """Evaluate the cohort in the texts. InputError / ParameterError list every problem, each
    naming the stored text it is in (`marks.csv`, `registrations.csv`, `skills.csv`,
    `regulations.yaml`). An empty `skills_text`: the professional skills courses are not
    checked (docs/rules.md#professional-skills)."""
    with tempfile.TemporaryDirectory(prefix="registrar-board-") as folder:
        root = Path(folder)
        regulations = root / "regulations.yaml"
        marks = root / "marks.csv"
        registrations = root / "registrations.csv"
        regulations.write_text(regulations_text, encoding="utf-8")
        marks.write_text(marks_text, encoding="utf-8")
        registrations.write_text(registrations_text, encoding="utf-8")
        skills = None
        if skills_text:
            skills = root / "skills.csv"
            skills.write_text(skills_text, encoding="utf-8")
        try:
            parameters = parameters_for(spec, load_regulations(regulations))
            inputs = load_inputs(spec, parameters, marks, registrations, skills)
        except InputError as error:
            # name the stored text, not the temporary file it was read from
            raise InputError(
                [replace(p, file=Path(p.file).name) for p in error.problems]
            ) from error
        except ParameterError as error:
            raise ParameterError(
                [replace(p, file=Path(p.file.name)) for p in error.problems]
            ) from error
    evaluation = evaluate(
        spec, parameters, inputs.marks, inputs.registrations, skills=inputs.skills
    )
    return StoredEvaluation(parameters, inputs, evaluation)


__all__ = ["InputError", "StoredEvaluation", "engine_version", "evaluate_texts", "sha256"]

"""The explanation of one student's outcome, read off the engine's own frames.

Nothing here recomputes a rule: every number is a column the engine wrote
(`Evaluation.rows`, `.attempts`, `.modules`, `.students`); this module only
selects one student's rows and words them, step by step, with the clause each
step implements and the parameters it consulted (value, status, source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from registrar.rules.engine import Evaluation, evaluate
from registrar.rules.parameters import Parameter
from registrar.rules.steps import Explaining
from registrar.spec.model import Specification


class UnknownStudentError(LookupError):
    def __init__(self, student_id: str) -> None:
        self.student_id = student_id
        super().__init__(f"student {student_id} is not in the marks or registrations")


@dataclass(frozen=True)
class ParameterUse:
    name: str
    value: str
    status: str
    reference: str
    effective_from: str
    unit: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "status": self.status,
            "effective_from": self.effective_from,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class TraceStep:
    name: str
    label: str
    clause: str
    inputs: list[str]
    result: str
    parameters: list[ParameterUse]

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.name,
            "label": self.label,
            "clause": self.clause,
            "inputs": self.inputs,
            "result": self.result,
            "parameters": [p.as_dict() for p in self.parameters],
        }


@dataclass(frozen=True)
class Trace:
    student_id: str
    outcome: dict[str, Any]
    steps: list[TraceStep]
    assumed: list[ParameterUse] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "student_id": self.student_id,
            "outcome": self.outcome,
            "steps": [s.as_dict() for s in self.steps],
            "assumed_parameters": [p.as_dict() for p in self.assumed],
        }

    def render(self) -> str:
        """Indented text for a registry officer."""
        o = self.outcome
        lines = [f"Student {self.student_id}: {o['status']}"]
        for key in ("award", "classification", "powa", "project_mark"):
            if o.get(key) not in (None, ""):
                lines.append(f"  {key.replace('_', ' ')}: {o[key]}")
        lines.append(
            f"  credits earned: {o['credits_earned']} (compensated: {o['credits_compensated']})"
        )
        if o["referred_modules"]:
            lines.append(f"  referred modules: {o['referred_modules'].replace(';', ', ')}")
        lines.append(f"  DIC: {'yes' if o['dic'] else 'no'}")
        if o["reasons"]:
            lines.append(f"  reasons: {o['reasons']}")
        if o.get("flags"):
            lines.append(f"  flags for the board: {o['flags'].replace(';', ', ')}")
        for number, step in enumerate(self.steps, start=1):
            lines.append("")
            lines.append(f"{number}. {step.label}  [{step.clause}]")
            lines.extend(f"     {line}" for line in step.inputs)
            lines.append(f"   → {step.result}")
            for use in step.parameters:
                lines.append(
                    f"   parameter {use.name} = {use.value} ({use.status}; "
                    f"from {use.effective_from}; {use.reference})"
                )
        lines.append("")
        if self.assumed:
            lines.append("This outcome depends on these assumed parameters:")
            lines.extend(f"  - {p.name} = {p.value}: {p.reference}" for p in self.assumed)
        else:
            lines.append("This outcome depends on no assumed parameter.")
        return "\n".join(lines)


def _use(parameters: dict[str, Parameter], name: str) -> ParameterUse:
    p = parameters[name]
    return ParameterUse(name, p.display(), p.status.value, p.reference, p.effective_from, p.unit)


def explain_one(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None,
    student_id: str,
    skills: pl.DataFrame | None = None,
) -> Trace:
    """The trace of one student, evaluating only that student's rows (a student's outcome
    depends on their own rows alone: tests/rules/test_properties.py). The same as
    `explain(evaluate(...whole cohort...), student_id)`; UnknownStudentError if absent."""
    mine = pl.col("student_id") == student_id
    own_regs = None if registrations is None else registrations.filter(mine)
    own_skills = None if skills is None else skills.filter(mine)
    evaluation = evaluate(spec, parameters, marks.filter(mine), own_regs, skills=own_skills)
    return explain(evaluation, student_id)


def explain(evaluation: Evaluation, student_id: str) -> Trace:
    """The trace of one student's outcome; UnknownStudentError if not in the cohort."""
    view = evaluation.of_student(student_id)
    if view is None:
        raise UnknownStudentError(student_id)
    x = Explaining(
        evaluation.spec,
        evaluation.parameters,
        view.rows.sort("module_code", "attempt", "component").to_dicts(),
        view.attempts.sort("module_code", "attempt").to_dicts(),
        view.modules.sort("module_code").to_dicts(),
        view.student,
        view.result,
    )
    p = evaluation.parameters
    steps = []
    for declared in evaluation.steps:
        inputs, result = declared.explain(x)
        steps.append(
            TraceStep(
                declared.name,
                declared.label,
                declared.clause,
                inputs,
                result,
                [_use(p, name) for name in declared.parameters],
            )
        )
    assumed = [_use(p, n) for n in view.result["assumed_parameters"].split(";") if n]
    return Trace(student_id, view.result, steps, assumed)

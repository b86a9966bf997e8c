"""What a step's explanation reads: one student's rows of the engine's frames."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from registrar.rules.numbers import hundredths_text
from registrar.rules.parameters import Parameter
from registrar.spec.model import Specification


@dataclass(frozen=True)
class Explaining:
    """One student's part of an evaluation, as plain rows, for the steps to word."""

    spec: Specification
    parameters: Mapping[str, Parameter]
    rows: list[dict[str, Any]]
    attempts: list[dict[str, Any]]
    modules: list[dict[str, Any]]
    student: dict[str, Any]  # the student's row of `Evaluation.students`
    outcome: dict[str, Any]  # the student's row of `Evaluation.results`

    @property
    def weights(self) -> dict[tuple[str, str], Decimal]:
        return {(m.code, c.name): c.weight for m in self.spec.modules for c in m.components}

    def band(self, index: int) -> str:
        bands = self.spec.award.bands
        return bands[index].name if index < len(bands) else "below every band"


def mark(value: int | None) -> str:
    """A mark in hundredths as text, or "none"."""
    return hundredths_text(value) if value is not None else "none"


Explanation = tuple[list[str], str]  # the lines of inputs, and the result

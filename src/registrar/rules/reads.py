"""Parameters read through an accessor that records every read (issue 8, point 1).

A step reads its parameters through `StepParameters`: it may read only those it
declares, and each read is recorded with the per-student condition under which
the value mattered (`when`; by default always). The assumed parameters an outcome
depended on are then derived from these records (`disclosure`), never listed by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from registrar.rules.parameters import Parameter, Status, Value


class UndeclaredParameterError(LookupError):
    """A step read a parameter it does not declare."""


@dataclass(frozen=True)
class Read:
    step: str
    name: str
    when: pl.Expr  # per student: the read value mattered to the outcome


@dataclass
class ParameterReads:
    """Every parameter in force, and the record of which step read which, and when."""

    parameters: Mapping[str, Parameter]
    reads: list[Read] = field(default_factory=list)

    def for_step(self, name: str, declared: tuple[str, ...]) -> StepParameters:
        return StepParameters(self, name, declared)

    def read_by(self, step: str) -> list[str]:
        """The parameters `step` read, in the order first read."""
        return list(dict.fromkeys(r.name for r in self.reads if r.step == step))

    def disclosure(self) -> pl.Expr:
        """Per student: the assumed parameters relied on, `;`-separated, in the order of
        the regulations (the parameters' own order)."""
        conditions: dict[str, pl.Expr] = {}
        for read in self.reads:
            if self.parameters[read.name].status != Status.ASSUMED:
                continue
            before = conditions.get(read.name)
            conditions[read.name] = read.when if before is None else before | read.when
        parts = [
            pl.when(conditions[name].fill_null(False)).then(pl.lit(name))
            for name in self.parameters
            if name in conditions
        ]
        if not parts:
            return pl.lit("")
        return pl.concat_str(parts, separator=";", ignore_nulls=True)


@dataclass(frozen=True)
class StepParameters:
    """One step's window on the parameters: reads are checked and recorded."""

    reads: ParameterReads
    step: str
    declared: tuple[str, ...]

    def get(self, name: str, when: pl.Expr | None = None) -> Parameter:
        if name not in self.declared:
            raise UndeclaredParameterError(
                f"step {self.step} reads {name}, which it does not declare; add it to the "
                f"step's parameters"
            )
        parameter = self.reads.parameters[name]
        self.reads.reads.append(Read(self.step, name, pl.lit(True) if when is None else when))
        return parameter

    def value(self, name: str, when: pl.Expr | None = None) -> Value:
        return self.get(name, when).value

    def integer(self, name: str, when: pl.Expr | None = None) -> int:
        """A whole-number parameter (credits, sits, a level)."""
        value = self.value(name, when)
        assert isinstance(value, int)
        assert not isinstance(value, bool)
        return value

    def flag(self, name: str, when: pl.Expr | None = None) -> bool:
        value = self.value(name, when)
        assert isinstance(value, bool)
        return value

    def choice(self, name: str, when: pl.Expr | None = None) -> str:
        value = self.value(name, when)
        assert isinstance(value, str)
        return value

    def hundredths(self, name: str, when: pl.Expr | None = None) -> int:
        """A mark or hours parameter in integer hundredths (24 hours → 2400)."""
        value = self.value(name, when)
        assert not isinstance(value, bool | int | str | dict)
        return int(value * 100)

    def pass_marks(self, when: pl.Expr | None = None) -> dict[int, int]:
        """Pass mark in hundredths by FHEQ level."""
        value = self.value("pass_mark", when)
        assert isinstance(value, dict)
        return {level: int(mark * 100) for level, mark in value.items()}

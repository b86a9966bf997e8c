"""Reproducible synthetic cohorts of MRes students, written as marks CSV files.

Each student takes every core and compulsory module of the specification and one
running elective. The generator covers what the rules distinguish: component
rows and whole-module rows, resits after a failed sit, attempts set aside by
`MC` (with or without a mark) and the further attempt they allow, `NS`, late
hours on both sides of the 24-hour window, missing marks (a module with no row,
a missing component, no elective) and marks at the rounding and band
boundaries. The same seed always gives the same file, byte for byte.

Used by `bench/run.py` and by tests/rules/test_oracle_agreement.py; src/ never
imports it.
"""

from __future__ import annotations

import random
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from registrar.spec.model import Category, Specification

HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours"
COHORT_VERSION = 2  # bump when the generator changes: bench/run.py caches files by it

# Marks where a rule changes its mind (pass, zone, bands, rounding).
BOUNDARY_MARKS = (
    "0",
    "29.99",
    "30.00",
    "39.99",
    "40",
    "40.00",
    "44.91",
    "49.99",
    "50",
    "50.00",
    "59.90",
    "59.91",
    "59.99",
    "60.00",
    "69.90",
    "69.91",
    "69.97",
    "69.99",
    "70",
    "70.00",
    "100",
)
LATE_HOURS = ("1", "6", "12", "23.5", "24", "24.01", "25", "48", "0")


@dataclass(frozen=True)
class Mix:
    """Probabilities of the generator's choices (per module, attempt or row)."""

    components: float = 0.6  # a module with components is marked by component
    resit: float = 0.7  # a failed sit is followed by a resit
    mc: float = 0.03  # an attempt has mitigating circumstances upheld
    mc_retry: float = 0.75  # an MC attempt is followed by another attempt
    ns: float = 0.02  # a row is not submitted
    late: float = 0.04  # a row is handed in late
    missing_module: float = 0.01  # a module has no rows at all
    missing_component: float = 0.01  # a component row is left out: the attempt is incomplete
    no_elective: float = 0.01  # the student has no elective
    boundary: float = 0.12  # a mark is one of BOUNDARY_MARKS
    decimals: float = 0.5  # a mark has two decimals


@dataclass(frozen=True)
class ModulePlan:
    code: str
    components: tuple[str, ...]
    weights: tuple[float, ...]
    pass_mark: float


def plan(spec: Specification) -> tuple[list[ModulePlan], list[ModulePlan]]:
    """(modules every student takes, running electives) of the specification."""

    def one(module_code: str) -> ModulePlan:
        module = spec.module(module_code)
        assert module is not None
        return ModulePlan(
            module.code,
            tuple(c.name for c in module.components),
            tuple(float(c.weight) for c in module.components),
            50.0 if module.fheq_level >= 7 else 40.0,
        )

    fixed = [
        one(m.code)
        for m in spec.running_modules()
        if m.category in (Category.CORE, Category.COMPULSORY)
    ]
    electives = [one(m.code) for m in spec.running_modules() if m.category == Category.ELECTIVE]
    return fixed, electives


class Generator:
    def __init__(self, spec: Specification, seed: int, mix: Mix = Mix()) -> None:
        self.rng = random.Random(seed)
        self.mix = mix
        self.fixed, self.electives = plan(spec)

    def mark(self, centre: float) -> str:
        rng = self.rng
        if rng.random() < self.mix.boundary:
            return rng.choice(BOUNDARY_MARKS)
        value = min(100.0, max(0.0, rng.gauss(centre, 13.0)))
        if rng.random() < self.mix.decimals:
            return f"{value:.2f}"
        return str(round(value))

    def row(
        self, sid: str, code: str, component: str, attempt: int, mark: str, flag: str = ""
    ) -> tuple[str, float]:
        """One CSV line and the mark it roughly counts for (to decide on a resit)."""
        rng = self.rng
        late = ""
        if flag == "" and rng.random() < self.mix.ns:
            flag, mark = "NS", ""
        if flag != "NS" and rng.random() < self.mix.late:
            late = rng.choice(LATE_HOURS)
        if flag == "MC" and rng.random() < 0.5:
            mark = ""
        value = float(mark) if mark else 0.0
        if late and float(late) > 24:
            value = 0.0
        elif late and float(late) > 0:
            value = min(value, 50.0)
        return f"{sid},{code},{component},{attempt},{mark},{flag},{late}", value

    def attempt(
        self, sid: str, module: ModulePlan, number: int, centre: float, mc: bool
    ) -> tuple[list[str], float | None]:
        """The attempt's lines and roughly its mark (None: incomplete, a component left out)."""
        rng = self.rng
        if module.components and rng.random() < self.mix.components:
            lines, total = [], 0.0
            mc_at = rng.randrange(len(module.components)) if mc else -1
            leave_out = (
                rng.randrange(len(module.components))
                if len(module.components) > 1
                and not mc
                and rng.random() < self.mix.missing_component
                else -1
            )
            for index, (name, weight) in enumerate(
                zip(module.components, module.weights, strict=True)
            ):
                if index == leave_out:
                    continue
                flag = "MC" if index == mc_at else ""
                line, value = self.row(sid, module.code, name, number, self.mark(centre), flag)
                lines.append(line)
                total += value * weight / 100
            return lines, (None if leave_out >= 0 else total)
        line, value = self.row(sid, module.code, "", number, self.mark(centre), "MC" if mc else "")
        return [line], value

    def module(self, sid: str, module: ModulePlan, ability: float) -> list[str]:
        rng = self.rng
        lines: list[str] = []
        number, sits = 1, 0
        while number <= 4:
            mc = rng.random() < self.mix.mc
            attempt_lines, value = self.attempt(sid, module, number, ability, mc)
            lines += attempt_lines
            if mc or value is None:  # set aside, or incomplete: neither uses a sit
                if rng.random() < self.mix.mc_retry:
                    number += 1
                    continue
                break
            sits += 1
            if value < module.pass_mark and sits < 2 and rng.random() < self.mix.resit:
                number += 1
                ability = ability + rng.uniform(-5, 20)
                continue
            break
        return lines

    def student(self, index: int) -> tuple[str, list[ModulePlan], list[str]]:
        """(student id, modules taken, marks lines) of one student."""
        rng = self.rng
        sid = f"S{index:07d}"
        ability = rng.gauss(62.0, 9.0)
        modules = list(self.fixed)
        if self.electives and rng.random() >= self.mix.no_elective:
            modules.append(rng.choice(self.electives))
        lines: list[str] = []
        for module in modules:
            if rng.random() < self.mix.missing_module:
                continue
            lines += self.module(sid, module, ability)
        return sid, modules, lines


def write_cohort(
    path: Path,
    spec: Specification,
    students: int,
    seed: int,
    mix: Mix = Mix(),
    registrations: Path | None = None,
) -> int:
    """Write the cohort's marks CSV to `path` (and, if asked, its registrations CSV).

    Returns the number of marks rows.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    generator = Generator(spec, seed, mix)
    count = 0
    with ExitStack() as stack:
        out = stack.enter_context(path.open("w", encoding="utf-8", newline="\n"))
        regs = (
            stack.enter_context(registrations.open("w", encoding="utf-8", newline="\n"))
            if registrations is not None
            else None
        )
        out.write(HEADER + "\n")
        if regs is not None:
            regs.write("student_id,module_code\n")
        buffer: list[str] = []
        for index in range(students):
            sid, modules, lines = generator.student(index)
            buffer += lines
            count += len(lines)
            if regs is not None:
                regs.write("".join(f"{sid},{m.code}\n" for m in modules))
            if len(buffer) >= 65536:
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
        if buffer:
            out.write("\n".join(buffer) + "\n")
    return count

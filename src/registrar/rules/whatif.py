"""The marks a student still needs: for each outstanding or resittable module, the exact
minimum mark that reaches each classification band, or "not reachable".

No rule is re-implemented here. For each module in question, the student is
copied once per possible mark (0.00 to 100.00, every hundredth) with that mark
entered as the module's next attempt, and the whole batch goes through
`engine.evaluate`; the minimum is read off the results. When several modules are open, each
minimum assumes the others get 100.00 (the engine caps resits): it is the least
that module needs for the band to stay within reach. Modules already marked stay
as they stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from registrar.rules.engine import MARKS_SCHEMA, evaluate
from registrar.rules.numbers import hundredths_text
from registrar.rules.parameters import Parameter
from registrar.rules.trace import UnknownStudentError
from registrar.spec.model import Specification

NOT_REACHABLE = "not reachable"
Plan = tuple[str, str, int, list[str]]  # module code, kind, attempt, components
SEPARATOR = "\x1f"  # joins module code and mark in the copies' ids; never in a student id


@dataclass(frozen=True)
class Target:
    module_code: str
    kind: str  # "outstanding" (no mark yet) or "resit" (referred)
    attempt: int
    components: list[str]  # the components the mark is for; empty = whole module
    minimum: dict[str, str]  # band name → "57.50" or "not reachable"

    def as_dict(self) -> dict[str, Any]:
        return {
            "module_code": self.module_code,
            "kind": self.kind,
            "attempt": self.attempt,
            "components": self.components,
            "minimum": self.minimum,
        }


@dataclass(frozen=True)
class WhatIf:
    student_id: str
    outcome: dict[str, Any]
    targets: list[Target]
    notes: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "student_id": self.student_id,
            "outcome": self.outcome,
            "modules": [t.as_dict() for t in self.targets],
            "notes": self.notes,
        }

    def render(self) -> str:
        o = self.outcome
        lines = [
            f"Student {self.student_id}: {o['status']}"
            + (f", {o['classification']}" if o["classification"] else "")
        ]
        if not self.targets:
            lines.append("No module is outstanding or open to a resit.")
        for t in self.targets:
            what = "the mark" if not t.components else f"the mark in {', '.join(t.components)}"
            lines.append(f"{t.module_code} ({t.kind}, attempt {t.attempt}): {what} needed")
            for band, mark in t.minimum.items():
                shown = mark if mark == NOT_REACHABLE else f"at least {mark}"
                lines.append(f"  {band}: {shown}")
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)


def what_if(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None,
    student_id: str,
) -> WhatIf:
    """The minimum marks for one student; UnknownStudentError if not in the inputs."""
    own_marks = marks.filter(pl.col("student_id") == student_id).select(list(MARKS_SCHEMA))
    own_regs = (
        registrations.filter(pl.col("student_id") == student_id).select("student_id", "module_code")
        if registrations is not None
        else None
    )
    if own_marks.height == 0 and (own_regs is None or own_regs.height == 0):
        raise UnknownStudentError(student_id)
    view = evaluate(spec, parameters, own_marks, own_regs).of_student(student_id)
    assert view is not None
    outcome = view.result
    modules = view.modules.sort("module_code")
    candidates = modules.filter((pl.col("result") == "missing") | pl.col("referred")).to_dicts()
    notes = []
    if view.student["unmet"]:
        notes.append(
            f"the modules taken do not yet meet the selection rule: {view.student['unmet']}"
        )
    if len(candidates) > 1:
        notes.append(
            "each minimum assumes the other modules listed here get 100.00 (capped where a "
            "resit is capped): it is the least this module needs for the band to stay "
            "within reach"
        )

    plans: list[Plan] = []
    for m in candidates:
        code = m["module_code"]
        if m["pending"]:
            pending = view.attempts.filter(
                (pl.col("module_code") == code)
                & pl.col("set_aside").not_()
                & pl.col("complete").not_()
            )
            attempt = int(pending["attempt"].min())  # type: ignore[arg-type]
            given = set(
                view.rows.filter((pl.col("module_code") == code) & (pl.col("attempt") == attempt))[
                    "component"
                ].drop_nulls()
            )
            module = spec.module(code)
            assert module is not None
            missing = [c.name for c in module.components if c.name not in given]
            plans.append((code, "outstanding", attempt, missing))
        else:
            kind = "resit" if m["referred"] else "outstanding"
            plans.append((code, kind, int(m["last_attempt"]) + 1, []))

    if own_regs is None:
        plans += _choices(spec, set(modules["module_code"]), notes)

    targets = []
    band_names = [b.name for b in spec.award.bands]
    if plans:
        results = _evaluate_copies(spec, parameters, own_marks, own_regs, plans)
        for code, kind, attempt, components in plans:
            mine = results.filter(pl.col("module_code") == code)
            minimum = {}
            for index, band in enumerate(band_names):
                reached = mine.filter(
                    (pl.col("status") == "awarded") & (pl.col("class_band") <= index)
                )["mark"].min()
                minimum[band] = (
                    hundredths_text(int(reached))  # type: ignore[arg-type]
                    if reached is not None
                    else NOT_REACHABLE
                )
            targets.append(Target(code, kind, attempt, components, minimum))
    return WhatIf(student_id, outcome, targets, notes)


def _choices(spec: Specification, taken: set[str], notes: list[str]) -> list[Plan]:
    """Without registrations, a module still to be chosen (e.g. the elective) is tried too.

    Only when exactly one is missing under a 'choose N' rule and every module it could be has
    the same credits, level and components, so that one stands for all.
    """
    plans: list[Plan] = []
    for stage in spec.stages:
        for rule in stage.selection:
            if rule.choose == "all":
                continue
            matching = spec.pool(rule)
            have = sum(1 for m in matching if m.code in taken)
            options = [m for m in matching if m.code not in taken]
            if have != rule.choose - 1 or not options:
                continue
            shapes = {
                (m.ects, m.fheq_level, tuple(c.weight for c in m.components)) for m in options
            }
            if len(shapes) != 1:
                continue
            first = options[0]
            plans.append((first.code, "to choose", 1, []))
            notes.append(
                f"{first.code} stands for any of the {len(options)} {rule.category.value} "
                "modules that can still be chosen: they have the same credits, level and "
                "components"
            )
    return plans


def _plan_rows(ids: pl.DataFrame, plan: Plan, mark: pl.Expr) -> pl.DataFrame:
    """Marks rows entering `plan`'s next attempt for each copy in `ids` (column copy)."""
    code, _kind, attempt, components = plan
    return ids.join(
        pl.DataFrame(
            {"component": [*components] if components else [None]},
            schema={"component": pl.String},
        ),
        how="cross",
    ).select(
        pl.col("copy").alias("student_id"),
        pl.lit(code).alias("module_code"),
        "component",
        pl.lit(attempt, dtype=pl.Int64).alias("attempt"),
        mark.cast(pl.Int64).alias("mark"),
        pl.lit(None, dtype=pl.String).alias("flag"),
        pl.lit(0, dtype=pl.Int64).alias("late"),
        pl.lit(0, dtype=pl.Int64).alias("line"),
    )


def _evaluate_copies(
    spec: Specification,
    parameters: dict[str, Parameter],
    own_marks: pl.DataFrame,
    own_regs: pl.DataFrame | None,
    plans: list[Plan],
) -> pl.DataFrame:
    """The outcome of each copy (module, mark): module_code, mark, status, class_band.

    In the copies for one module, every other module in `plans` is entered at 100.00
    (the engine applies any resit cap), so that the mark found is the least this module
    needs for the band to stay within reach.
    """
    marks = pl.Series("mark", range(10001), dtype=pl.Int64)
    copies_marks = []
    copies_regs = []
    for index, plan in enumerate(plans):
        grid = pl.DataFrame({"mark": marks}).with_columns(
            pl.format("{}{}{}", pl.lit(plan[0]), pl.lit(SEPARATOR), pl.col("mark")).alias("copy")
        )
        ids = grid.select("copy")
        copies_marks.append(
            ids.join(own_marks, how="cross").select(
                pl.col("copy").alias("student_id"), pl.exclude("student_id", "copy")
            )
        )
        copies_marks.append(_plan_rows(grid.select("copy", "mark"), plan, pl.col("mark")))
        copies_marks += [
            _plan_rows(ids, other, pl.lit(10000))
            for position, other in enumerate(plans)
            if position != index
        ]
        if own_regs is not None:
            copies_regs.append(
                ids.join(own_regs, how="cross").select(
                    pl.col("copy").alias("student_id"), "module_code"
                )
            )
    all_marks = pl.concat(
        [frame.select(list(MARKS_SCHEMA)).cast(MARKS_SCHEMA) for frame in copies_marks]  # type: ignore[arg-type]
    )
    all_regs = pl.concat(copies_regs) if own_regs is not None else None
    evaluation = evaluate(spec, parameters, all_marks, all_regs)
    parts = pl.col("student_id").str.split_exact(SEPARATOR, 1)
    return evaluation.students.select(
        parts.struct.field("field_0").alias("module_code"),
        parts.struct.field("field_1").cast(pl.Int64).alias("mark"),
        "status",
        "class_band",
    )

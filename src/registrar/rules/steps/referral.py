"""Referred modules: failed modules with a sit left, in module-code order
(docs/rules.md#referral)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.reasons import join_per_student
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """lists: per student `referred_modules`, `exhausted_modules`, `missing_modules`."""
    p.get("max_sits", when=pl.col("had_resit") | pl.col("had_failed"))
    # module lists, in module-code order (modules are sorted; groups keep row order)
    run.lists = [
        join_per_student(
            run.modules.lazy().filter(condition),
            pl.col("module_code").cast(pl.String),
            separator,
            name,
        )
        for condition, separator, name in (
            (pl.col("referred"), ";", "referred_modules"),
            (pl.col("exhausted"), ", ", "exhausted_modules"),
            (pl.col("result") == "missing", ", ", "missing_modules"),
        )
    ]


def explain(x: Explaining) -> Explanation:
    s, outcome = x.student, x.outcome
    failed = [m for m in x.modules if m["result"] == "failed"]
    return (
        [
            f"{m['module_code']}: failed, {m['sits_used']} sit(s) used, {m['sits_left']} left"
            for m in failed
        ],
        f"referred: {outcome['referred_modules'].replace(';', ', ') or 'none'}"
        + (f"; no sit left: {s['exhausted_modules']}" if s["exhausted_modules"] else ""),
    )

"""Credits earned, and the per-student facts the later steps read
(docs/rules.md#credits-earned, #selection)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.selection import unmet_selection
from registrar.rules.steps.explaining import Explaining, Explanation
from registrar.spec.model import Category


def credits_where(condition: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(pl.col("ects")).otherwise(0).sum()


def compute(run: Run, p: StepParameters) -> None:
    """per_student (lazy): `credits_earned`, `credits_compensated`, `credits_below_level`,
    `core_not_passed`, `project_mark`, and the counts of each selection rule."""
    level = p.integer("award_level")
    project_code = p.choice("project_module")
    core = pl.col("category") == Category.CORE.value
    earned = pl.col("result").is_in(["passed", "compensated"])
    below = pl.col("level") < level
    project = pl.col("module_code") == project_code if project_code != "none" else None
    rule_counts, run.unmet_steps = unmet_selection(run.spec)
    run.per_student = (
        run.modules.lazy()
        .group_by("sid")
        .agg(
            credits_where(earned).alias("credits_earned"),
            credits_where(pl.col("result") == "compensated").alias("credits_compensated"),
            credits_where(earned & below).alias("credits_below_level"),
            (core & (pl.col("result") != "passed")).any().alias("core_not_passed"),
            (
                pl.when(project).then(pl.col("standing")).max()
                if project is not None
                else pl.lit(None, dtype=pl.Int64)
            ).alias("project_mark"),
            (pl.col("mark_result") == "zone").any().alias("had_zone"),
            ((pl.col("mark_result") == "failed") & core.not_() & pl.col("standing").is_not_null())
            .any()
            .alias("had_below_zone"),
            (pl.col("referred") | pl.col("exhausted")).any().alias("had_failed"),
            *rule_counts,
        )
    )


def explain(x: Explaining) -> Explanation:
    s = x.student
    earned = [m for m in x.modules if m["result"] in ("passed", "compensated")]
    return (
        [f"{m['module_code']}: {m['result']}, {m['ects']} ECTS" for m in earned],
        f"credits earned {s['credits_earned']}, of which compensated {s['credits_compensated']}",
    )

"""The award, or the largest exit award earned (docs/rules.md#award)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """s: `award`."""
    award = run.spec.award
    exits = sorted(award.exit_awards, key=lambda e: e.min_credits, reverse=True)
    exit_award: pl.Expr = pl.lit(None, dtype=pl.String)
    for exit_rule in reversed(exits):
        exit_award = (
            pl.when(pl.col("credits_earned") >= exit_rule.min_credits)
            .then(pl.lit(exit_rule.name))
            .otherwise(exit_award)
        )
    run.s = run.s.with_columns(
        pl.when(pl.col("status") == "awarded")
        .then(pl.lit(award.name))
        .when(pl.col("status") == "failed")
        .then(exit_award)
        .alias("award"),
    )


def explain(x: Explaining) -> Explanation:
    return [], f"award: {x.outcome['award'] or 'none'}"

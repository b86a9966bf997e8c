"""Borderline flags for the board (docs/rules.md#borderline)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """s: `next_threshold` (the next band up, for the POWA) and `borderline`."""
    margin = p.hundredths("borderline_margin", when=pl.col("borderline"))
    thresholds = [*(int(b.min_mark * 100) for b in run.spec.award.bands), None]
    run.s = run.s.with_columns(
        pl.when(pl.col("powa_band") > 0)
        .then(
            pl.col("powa_band").replace_strict(
                list(range(1, len(thresholds))), thresholds[:-1], default=None
            )
        )
        .alias("next_threshold"),
    ).with_columns(
        (
            (pl.col("status") == "awarded")
            & pl.col("next_threshold").is_not_null()
            & (pl.col("powa") >= pl.col("next_threshold") - margin)
        ).alias("borderline"),
    )


def explain(x: Explaining) -> Explanation:
    flags = x.outcome["flags"]
    return [], f"flagged for the board: {flags.replace(';', ', ')}" if flags else "no flag"

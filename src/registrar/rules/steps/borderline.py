"""Borderline flags for the board (docs/rules.md#borderline)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """s: `next_threshold` (the next band up, for the POWA) and `borderline`."""
    margin = p.hundredths("borderline_margin", when=pl.col("borderline"))
    effect = p.choice("borderline_effect", when=pl.col("borderline"))
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
    if effect == "uplift":
        # the POWA's band is raised by one; the project threshold still applies
        raised = pl.when(pl.col("borderline")).then(pl.col("powa_band") - 1)
        effective = raised.otherwise(pl.col("powa_band"))
        names = pl.Series([*(b.name for b in run.spec.award.bands), None], dtype=pl.String)
        run.s = (
            run.s.with_columns(
                pl.max_horizontal(effective, "project_band").alias("class_band"),
                (pl.col("borderline") & (pl.col("project_band") > effective)).alias("_lowered"),
            )
            .with_columns(
                pl.when(pl.col("status") == "awarded")
                .then(pl.col("class_band").replace_strict(list(range(len(names))), names))
                .alias("classification"),
                (pl.col("project_lowered") | pl.col("_lowered")).alias("project_lowered"),
            )
            .drop("_lowered")
        )


def explain(x: Explaining) -> Explanation:
    flags = x.outcome["flags"]
    uplift = x.parameters["borderline_effect"].value == "uplift" and x.student["borderline"]
    lines = ["borderline: the POWA's band is raised by one (uplift)"] if uplift else []
    return lines, f"flagged for the board: {flags.replace(';', ', ')}" if flags else "no flag"

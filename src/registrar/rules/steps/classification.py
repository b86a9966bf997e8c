"""Classification: the POWA's band, lowered to the band the project module's mark
reaches (docs/rules.md#classification; spec 'the designated dissertation or final
major project module meeting the threshold')."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark


def band_index(value: pl.Expr, bands: list[int]) -> pl.Expr:
    """Index of the highest band the mark reaches (0 = highest); len(bands) if none."""
    expr = pl.lit(len(bands), dtype=pl.Int64)
    for index in range(len(bands) - 1, -1, -1):
        expr = pl.when(value >= bands[index]).then(pl.lit(index, dtype=pl.Int64)).otherwise(expr)
    return expr


def compute(run: Run, p: StepParameters) -> None:
    """s: `powa_band`, `project_band`, `class_band`, `classification`, `project_lowered`."""
    p.get("bands")
    has_project = p.choice("project_module") != "none"
    award = run.spec.award
    bands = [int(b.min_mark * 100) for b in award.bands]
    awarded = pl.col("status") == "awarded"
    project_band = (
        band_index(pl.col("project_mark"), bands) if has_project else pl.lit(0, dtype=pl.Int64)
    )
    s = run.s.with_columns(
        band_index(pl.col("powa"), bands).alias("powa_band"),
        pl.when(pl.col("project_mark").is_null())
        .then(pl.lit(0, dtype=pl.Int64))
        .otherwise(project_band)
        .alias("project_band"),
    ).with_columns(pl.max_horizontal("powa_band", "project_band").alias("class_band"))
    names = pl.Series("names", [*(b.name for b in award.bands), None], dtype=pl.String)
    run.s = s.with_columns(
        pl.when(awarded)
        .then(pl.col("class_band").replace_strict(list(range(len(names))), names))
        .alias("classification"),
        (awarded & (pl.col("project_band") > pl.col("powa_band"))).alias("project_lowered"),
    )


def explain(x: Explaining) -> Explanation:
    s, p, outcome = x.student, x.parameters, x.outcome
    if outcome["status"] != "awarded":
        return [], "no classification (not awarded)"
    lines = [
        f"bands: {p['bands'].display()}",
        f"POWA {mark(s['powa'])} → {x.band(s['powa_band'])}",
    ]
    if s["project_mark"] is not None:
        lines.append(
            f"project {p['project_module'].display()} {mark(s['project_mark'])} → "
            f"{x.band(s['project_band'])}"
        )
    return (
        lines,
        f"{outcome['classification']}"
        + (" (lowered by the project mark)" if s["project_lowered"] else ""),
    )

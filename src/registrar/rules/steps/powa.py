"""The Programme Overall Weighted Average (docs/rules.md#powa, #rounding)."""

from __future__ import annotations

import polars as pl

from registrar.rules.numbers import rounding
from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark


def compute(run: Run, p: StepParameters) -> None:
    """powa (lazy): per student `powa_num`, `powa_den` and `powa`, over every module with
    a standing mark, rounded once."""
    round_mean = rounding(p.choice("rounding"))
    has_mark = pl.col("standing").is_not_null()
    some = pl.col("_n") > 0
    run.powa = (
        run.modules.lazy()
        .group_by("sid")
        .agg(
            (pl.col("ects") * pl.col("standing")).sum().alias("powa_num"),
            pl.col("ects").filter(has_mark).sum().alias("powa_den"),
            has_mark.sum().alias("_n"),
        )
        .select(
            "sid",
            pl.when(some).then(pl.col("powa_num")).alias("powa_num"),
            pl.when(some).then(pl.col("powa_den")).alias("powa_den"),
            pl.when(some).then(round_mean(pl.col("powa_num"), pl.col("powa_den"))).alias("powa"),
        )
    )


def explain(x: Explaining) -> Explanation:
    s = x.student
    with_mark = [m for m in x.modules if m["standing"] is not None]
    terms = " + ".join(f"{mark(m['standing'])} × {m['ects']}" for m in with_mark)
    if s["powa"] is None:
        return [], "no module has a standing mark yet: no POWA"
    return (
        [f"({terms}) / {s['powa_den']} = {mark(s['powa_num'])} / {s['powa_den']}"],
        f"POWA {mark(s['powa'])} (exact, rounded once, half up)",
    )

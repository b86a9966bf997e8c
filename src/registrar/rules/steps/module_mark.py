"""The module mark of each attempt: the weighted mean of its components, rounded once
(docs/rules.md#module-mark, #rounding)."""

from __future__ import annotations

import polars as pl

from registrar.rules.numbers import rounding
from registrar.rules.reads import StepParameters
from registrar.rules.run import Run, by_index
from registrar.rules.sits import uses_sit
from registrar.rules.steps.explaining import Explaining, Explanation, mark


def compute(run: Run, p: StepParameters) -> None:
    """attempts (lazy): per (student, module, attempt) `set_aside`, `complete`, `mark`,
    `uses_sit` and the facts the disclosure needs."""
    round_mean = rounding(p.choice("rounding"))
    rows = run.rows
    top = rows["attempt"].max()
    n_att = (int(top) if isinstance(top, int) else 0) + 1
    run.n_att = n_att
    n_mod, n_comp, codes, names, midx = run.n_mod, run.n_comp, run.codes, run.names, run.midx
    weights = [0] * (n_mod * n_comp)
    known = [False] * (n_mod * n_comp)
    minimum: list[int | None] = [None] * (n_mod * n_comp)
    for m in run.spec.modules:
        for c in m.components:
            slot = codes.index(m.code) * n_comp + names.index(c.name)
            weights[slot], known[slot] = int(c.weight * 100), True
            if c.must_pass is not None:
                minimum[slot] = int(c.must_pass * 100)
    weight: pl.Expr
    # docs/rules.md#component-minimum: a row below its component's must-pass mark
    below: pl.Expr = pl.lit(False)
    if n_comp:
        pair = midx * n_comp + pl.col("component").to_physical().cast(pl.Int64)
        weight = pl.when(by_index(known, pl.Boolean, pair)).then(by_index(weights, pl.Int64, pair))
        if any(v is not None for v in minimum):
            below = (pl.col("row_mark") < by_index(minimum, pl.Int64, pair)).fill_null(False)
    else:
        weight = pl.lit(None, dtype=pl.Int64)
    mk = pl.col("sid").cast(pl.Int64) * n_mod + midx
    per_module = run.per_module
    # the input refuses duplicate rows and mixed attempts, so plain sums and counts suffice
    run.attempts_lazy = (
        rows.lazy()
        .select(
            (mk * n_att + pl.col("attempt")).alias("ak"),
            (pl.col("flag") == "MC").fill_null(False).alias("_mc"),
            pl.col("component").is_null().alias("_whole"),
            pl.when(pl.col("component").is_null()).then(pl.col("row_mark")).alias("_whole_mark"),
            "component",
            (weight * pl.col("row_mark")).alias("_weighted"),
            # row_effect not_submitted / late_capped or late_zero, from what decides them
            (pl.col("flag") == "NS").fill_null(False).alias("_ns"),
            ((pl.col("late") > 0) & pl.col("flag").is_in(["NS", "MC"]).fill_null(False).not_())
            .fill_null(False)
            .alias("_late"),
            below.alias("_below"),
        )
        .group_by("ak")
        .agg(
            pl.col("_mc").any().alias("set_aside"),
            pl.col("_whole").any().alias("whole"),
            pl.col("_whole_mark").max().alias("whole_mark"),
            pl.col("component").count().alias("n_given"),
            pl.col("_weighted").sum().alias("weighted_sum"),
            pl.col("_ns").any().alias("had_ns"),
            pl.col("_late").any().alias("had_late"),
            pl.col("_below").any().alias("component_failed"),
        )
        .with_columns(pl.col("set_aside").alias("had_mc"))  # row_effect set_aside: an MC row
        .sort("ak")
        .with_columns(
            (pl.col("ak") // n_att).alias("mk"),
            (pl.col("ak") % n_att).alias("attempt"),
        )
        .with_columns(
            (pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"),
            (pl.col("mk") % n_mod).alias("_midx"),
        )
        .with_columns(
            per_module("module_code", pl.col("_midx")).alias("module_code"),
            per_module("n_components", pl.col("_midx")).alias("n_components"),
            per_module("weight_total", pl.col("_midx")).alias("weight_total"),
            per_module("pass", pl.col("_midx")).alias("pass"),
        )
        .with_columns(
            (pl.col("whole") | (pl.col("n_given") == pl.col("n_components"))).alias("complete"),
        )
        .with_columns(
            pl.when(pl.col("whole"))
            .then(pl.col("whole_mark"))
            .when(pl.col("complete"))
            .then(round_mean(pl.col("weighted_sum"), pl.col("weight_total")))
            .alias("mark"),
            # docs/rules.md#incomplete-attempt, #sit: an attempt set aside (MC) or
            # incomplete uses no sit
            uses_sit(pl.col("set_aside"), pl.col("complete")).alias("uses_sit"),
        )
    )


def explain(x: Explaining) -> Explanation:
    lines = []
    weights = x.weights
    for a in x.attempts:
        where = f"{a['module_code']} attempt {a['attempt']}"
        if a["set_aside"]:
            lines.append(f"{where}: set aside (MC), no module mark")
        elif a["whole"]:
            lines.append(f"{where}: whole-module mark {mark(a['mark'])}")
        elif not a["complete"]:
            lines.append(f"{where}: incomplete, only {a['n_given']} component(s) marked")
        else:
            given = {
                r["component"]: r["row_mark"]
                for r in x.rows
                if r["module_code"] == a["module_code"] and r["attempt"] == a["attempt"]
            }
            parts = [
                f"{name} {mark(given[name])} × {weight}%"
                for (code, name), weight in weights.items()
                if code == a["module_code"] and name in given
            ]
            lines.append(
                f"{where}: {' + '.join(parts)} = {mark(a['mark'])} (rounded once, half up)"
            )
    return lines, f"{len(x.attempts)} attempt(s) marked"

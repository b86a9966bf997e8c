"""Compensation within the limit (docs/rules.md#compensation): most credits, higher marks first.

Choosing which zone modules to compensate is a small knapsack. Students are grouped by
their pattern (the credits and mark of each zone module, in module-code order); each
distinct pattern is solved once, in Python, and the answers are joined back onto every
student who has it, so a cohort of a million costs as many solves as it has patterns.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl

from registrar.rules.parameters import Parameter, int_value


def choose_compensated(items: tuple[tuple[int, int], ...], limit: int) -> tuple[int, ...]:
    """The positions of the zone modules to compensate (docs/rules.md#compensation).

    `items` are (credits, mark) in module-code order. The set with the most
    credits within `limit`; then the greater marks sorted from highest
    (lexicographic); then the lower module codes.
    """
    best: tuple[int, tuple[int, ...], tuple[int, ...]] = (0, (), ())
    chosen: tuple[int, ...] = ()
    for size in range(1, len(items) + 1):
        smallest = sorted(c for c, _ in items)[:size]
        if sum(smallest) > limit:
            break
        for subset in combinations(range(len(items)), size):
            credits = sum(items[i][0] for i in subset)
            if credits > limit:
                continue
            marks = tuple(sorted((items[i][1] for i in subset), reverse=True))
            negated_codes = tuple(-i for i in subset)
            key = (credits, marks, negated_codes)
            if key > best:
                best, chosen = key, subset
    return chosen


def compensate(modules: pl.DataFrame, powa: pl.DataFrame, p: dict[str, Parameter]) -> pl.DataFrame:
    """Mark each zone module compensated or not; one knapsack per distinct pattern.

    `powa` says per student whether compensation is open (`may_compensate`).
    """
    limit = int_value(p, "max_compensated_credits")
    eligible = powa.select("sid", "may_compensate")
    zone = (
        modules.filter(pl.col("mark_result") == "zone")
        .join(eligible, on="sid")
        .filter(pl.col("may_compensate"))
        .sort("sid", "module_code")
        .with_columns(
            (pl.col("module_code").cum_count().over("sid") - 1).alias("position"),
            pl.format("{}:{}", "ects", "standing").alias("item"),
        )
    )
    patterns = zone.group_by("sid").agg(
        pl.col("item").sort_by("position").str.join(",").alias("pattern")
    )
    solutions_rows: list[tuple[str, int]] = []
    for (pattern,) in patterns.select("pattern").unique().iter_rows():
        items = tuple(
            (int(c), int(m)) for c, m in (item.split(":") for item in str(pattern).split(","))
        )
        solutions_rows += [(pattern, i) for i in choose_compensated(items, limit)]
    solutions = pl.DataFrame(
        solutions_rows, schema={"pattern": pl.String, "position": pl.Int64}, orient="row"
    ).with_columns(pl.lit(True).alias("compensated"))
    chosen = (
        zone.join(patterns, on="sid")
        .join(solutions, on=["pattern", "position"], how="left")
        .filter(pl.col("compensated").fill_null(False))
    )
    if "mk" in modules.columns:
        # the engine's integer (student, module) key: a membership test keeps the row order
        modules = modules.with_columns(
            pl.col("mk").is_in(chosen["mk"].implode()).fill_null(False).alias("compensated")
        )
    else:
        modules = modules.join(
            chosen.select("sid", "module_code", "compensated"),
            on=["sid", "module_code"],
            how="left",
            maintain_order="left",
        ).with_columns(pl.col("compensated").fill_null(False))
    return modules.with_columns(
        pl.when(pl.col("mark_result") == "passed")
        .then(pl.lit("passed"))
        .when(pl.col("compensated"))
        .then(pl.lit("compensated"))
        .when(pl.col("mark_result") == "missing")
        .then(pl.lit("missing"))
        .otherwise(pl.lit("failed"))
        .alias("result")
    ).with_columns(
        ((pl.col("result") == "failed") & (pl.col("sits_left") > 0)).alias("referred"),
        ((pl.col("result") == "failed") & (pl.col("sits_left") <= 0)).alias("exhausted"),
    )

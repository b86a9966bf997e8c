"""Selection rules on the engine's frames: which modules a rule is about, and whether a
student's modules meet it (docs/rules.md#selection, #modules-taken).

The matching itself is `SelectionRule.matches` in the specification model; here it is
the same test as a Polars expression over a frame with `category` and `group`.
"""

from __future__ import annotations

import polars as pl

from registrar.spec.model import SelectionRule, Specification


def matches(rule: SelectionRule) -> pl.Expr:
    """Per module row: the rule is about it (as `SelectionRule.matches`)."""
    expr = pl.col("category") == rule.category.value
    if rule.group is not None:
        expr &= pl.col("group") == rule.group
    return expr


def rules(spec: Specification) -> list[SelectionRule]:
    return [rule for stage in spec.stages for rule in stage.selection]


def unmet_selection(spec: Specification) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Per-student counts for each selection rule (aggregations over the modules taken),
    and the steps that word `unmet`: which rules are not yet met, in order, joined by '; '.
    """
    counts: list[pl.Expr] = []
    steps: list[pl.Expr] = [pl.lit("").alias("unmet")]
    for n, rule in enumerate(rules(spec)):
        what = rule.category.value + (f" module of {rule.group}" if rule.group else " module")
        if rule.choose == "all":
            needed = len(spec.pool(rule))
            text = f"not every {what} is registered"
        else:
            needed = rule.choose
            text = f"no {what} chosen" if needed == 1 else f"fewer than {needed} {what}s chosen"
        name = f"_rule{n}"
        counts.append(matches(rule).sum().alias(name))
        unmet = pl.col("unmet")
        steps.append(
            pl.when(pl.col(name).fill_null(0) < needed)
            .then(pl.when(unmet == "").then(pl.lit(text)).otherwise(unmet + "; " + text))
            .otherwise(unmet)
            .alias("unmet")
        )
    return counts, steps

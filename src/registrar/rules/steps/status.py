"""Status and award eligibility, the first that applies (docs/rules.md#status)."""

from __future__ import annotations

import polars as pl
import polars.selectors as cs

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """s: one row per student with every per-student column so far, and `status`."""
    s_lazy = run.powa_frame.lazy().join(run.per_student, on="sid", how="left")
    for frame in (*run.lists, run.facts.lazy()):
        s_lazy = s_lazy.join(frame, on="sid", how="left")
    for step in run.unmet_steps:
        s_lazy = s_lazy.with_columns(step)
    s = (
        s_lazy.drop(cs.starts_with("_rule"))
        .with_columns(
            pl.col(c).fill_null(0)
            for c in ("credits_earned", "credits_compensated", "credits_below_level")
        )
        .with_columns(
            pl.col(c).fill_null(False)
            for c in ("had_ns", "had_late", "had_mc", "had_resit", "had_zone", "had_below_zone")
        )
        .with_columns(
            pl.col(c).fill_null("")
            for c in ("referred_modules", "exhausted_modules", "missing_modules", "unmet")
        )
        .sort("sid")
        .collect()
    )
    meets = (
        (pl.col("credits_earned") >= p.integer("award_credits"))
        & (pl.col("credits_below_level") <= p.integer("max_credits_below_level"))
        & (pl.col("credits_compensated") <= p.integer("max_compensated_credits"))
        & pl.col("core_not_passed").fill_null(True).not_()
    )
    p.get("award_level")
    run.s = s.with_columns(
        pl.when(pl.col("exhausted_modules") != "")
        .then(pl.lit("failed"))
        .when((pl.col("missing_modules") != "") | (pl.col("unmet") != ""))
        .then(pl.lit("incomplete"))
        .when(pl.col("referred_modules") != "")
        .then(pl.lit("referred"))
        .when(meets)
        .then(pl.lit("awarded"))
        .otherwise(pl.lit("failed"))
        .alias("status")
    )


def explain(x: Explaining) -> Explanation:
    s, p = x.student, x.parameters
    lines = [
        f"credits earned {s['credits_earned']} (needed {p['award_credits'].display()})",
        f"credits below level {p['award_level'].display()}: {s['credits_below_level']} "
        f"(at most {p['max_credits_below_level'].display()})",
        f"credits compensated {s['credits_compensated']} "
        f"(at most {p['max_compensated_credits'].display()})",
        "every core module passed" if not s["core_not_passed"] else "a core module is not passed",
    ]
    if s["missing_modules"]:
        lines.append(f"marks missing: {s['missing_modules']}")
    if s["unmet"]:
        lines.append(f"selection: {s['unmet']}")
    return lines, f"status {x.outcome['status']}"

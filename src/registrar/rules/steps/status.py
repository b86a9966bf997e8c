"""Status and award eligibility, the first that applies (docs/rules.md#status)."""

from __future__ import annotations

import polars as pl
import polars.selectors as cs

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def skills_missing(run: Run) -> pl.LazyFrame | None:
    """sid, `skills_missing`: the required professional skills courses a student has not
    completed, in the specification's order, joined by ', ' ("" when all are done); None
    when no completions were supplied or none are required: not checked
    (docs/rules.md#professional-skills)."""
    codes = [c.code for c in run.spec.award.required_courses]
    if run.skills is None or not codes:
        return None
    students = run.students.lazy().select("sid", "student_id")
    required = pl.LazyFrame(
        {"course": codes, "_order": list(range(len(codes)))},
        schema={"course": pl.String, "_order": pl.Int64},
    )
    done = run.skills.lazy().select(
        pl.col("student_id").cast(pl.String), pl.col("course").cast(pl.String)
    )
    missing = (
        students.join(required, how="cross")
        .join(done, on=["student_id", "course"], how="anti")
        .sort("sid", "_order")
        .group_by("sid", maintain_order=True)
        .agg(pl.col("course").str.join(", ").alias("skills_missing"))
    )
    return students.join(missing, on="sid", how="left").select(
        "sid", pl.col("skills_missing").fill_null("")
    )


def compute(run: Run, p: StepParameters) -> None:
    """s: one row per student with every per-student column so far, and `status`."""
    s_lazy = run.powa_frame.lazy().join(run.per_student, on="sid", how="left")
    for frame in (*run.lists, run.facts.lazy()):
        s_lazy = s_lazy.join(frame, on="sid", how="left")
    for step in run.unmet_steps:
        s_lazy = s_lazy.with_columns(step)
    missing = skills_missing(run)
    s_lazy = (
        s_lazy.with_columns(pl.lit(None, dtype=pl.String).alias("skills_missing"))
        if missing is None
        else s_lazy.join(missing, on="sid", how="left")
    )
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
        .when(
            (pl.col("missing_modules") != "")
            | (pl.col("unmet") != "")
            | (pl.col("skills_missing").fill_null("") != "")
        )
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
    if s.get("skills_missing"):
        lines.append(f"professional skills courses not completed: {s['skills_missing']}")
    elif s.get("skills_missing") == "":
        lines.append("every professional skills course completed")
    return lines, f"status {x.outcome['status']}"

"""Which attempt stands: the best counted mark (or the latest, by `resit_mark_stands`);
the modules a student takes
(docs/rules.md#standing-mark, #incomplete-attempt, #modules-taken)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark
from registrar.spec.model import Category


def compute(run: Run, p: StepParameters) -> None:
    """modules (lazy): per (student, module) taken `standing`, `sits_used`, `sits_left`,
    `pending`; facts: per student whether any row was NS, late, MC or a resit."""
    max_sits = p.integer("max_sits", when=pl.col("had_resit") | pl.col("had_failed"))
    stands = p.choice("resit_mark_stands", when=pl.col("had_resit"))
    # docs/rules.md#standing-mark: the best counted mark, or the latest one
    standing = (
        pl.col("counted").max()
        if stands == "better_of"
        else pl.col("counted").sort_by("attempt").drop_nulls().last()
    )
    # docs/rules.md#component-minimum: a module standing on an attempt whose must-pass
    # component failed cannot be compensated
    blocked: pl.Expr
    if not any(c.must_pass is not None for m in run.spec.modules for c in m.components):
        blocked = pl.lit(False)  # no must-pass component: nothing to look for
    elif stands == "better_of":
        blocked = (
            ((pl.col("counted") == pl.col("counted").max()) & pl.col("component_failed").not_())
            .any()
            .not_()
        )
    else:
        blocked = (
            pl.col("component_failed")
            .filter(pl.col("counted").is_not_null())
            .sort_by(pl.col("attempt").filter(pl.col("counted").is_not_null()))
            .last()
            .fill_null(False)
        )
    n_mod, codes, spec, students = run.n_mod, run.codes, run.spec, run.students
    # docs/rules.md#incomplete-attempt: while an attempt is incomplete the module is
    # pending: no standing mark
    marked = (
        run.attempts.lazy()
        .group_by("mk")
        .agg(
            standing.alias("best"),
            blocked.alias("blocked"),
            pl.col("uses_sit").cast(pl.Int64).sum().alias("sits_used"),
            (pl.col("complete").not_() & pl.col("set_aside").not_()).any().alias("pending"),
            pl.col("attempt").max().alias("last_attempt"),
            pl.col("had_ns").any(),
            pl.col("had_late").any(),
            pl.col("had_mc").any(),
            (pl.col("sit") >= 2).any().alias("had_resit"),
        )
        .collect()
    )
    run.marked = marked
    joined: pl.LazyFrame
    if run.registrations is not None:
        regs = run.registrations.select(
            pl.col("student_id").cast(pl.String), pl.col("module_code").cast(run.modules_enum)
        ).join(students, on="student_id")
        taken = (
            regs.lazy()
            .select((pl.col("sid").cast(pl.Int64) * n_mod + run.midx).alias("mk"))
            .unique()
        )
        joined = taken.join(marked.lazy(), on="mk", how="left").sort("mk")
    else:
        required = [
            codes.index(m.code)
            for m in spec.modules
            if m.category in (Category.CORE, Category.COMPULSORY) and m.runs_in(spec.year)
        ]
        # the modules with marks and every required one: one sort by (mk, source) and the
        # first row of each mk (so that a module with marks keeps them)
        parts = [marked.lazy().with_columns((pl.col("mk") * 2).alias("_key"))]
        if required:
            parts.append(
                students.lazy()
                .select((pl.col("sid").cast(pl.Int64) * n_mod).alias("base"))
                .join(pl.LazyFrame({"r": required}, schema={"r": pl.Int64}), how="cross")
                .select(
                    (pl.col("base") + pl.col("r")).alias("mk"),
                    ((pl.col("base") + pl.col("r")) * 2 + 1).alias("_key"),
                )
            )
        joined = (
            pl.concat(parts, how="diagonal")
            .sort("_key")
            .filter((pl.col("mk") != pl.col("mk").shift(1)).fill_null(True))
            .drop("_key")
        )
    table_columns = [c for c in run.table.columns if c != "module_code"]
    per_module = run.per_module
    run.modules_lazy = joined.with_columns(
        (pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"),
        (pl.col("mk") % n_mod).alias("_midx"),
    ).select(
        "sid",
        per_module("module_code", pl.col("_midx")).alias("module_code"),
        *(per_module(c, pl.col("_midx")).alias(c) for c in table_columns),
        "best",
        pl.col("sits_used").fill_null(0),
        pl.col("pending").fill_null(False),
        pl.when(pl.col("pending").fill_null(False))
        .then(None)
        .otherwise(pl.col("best"))
        .alias("standing"),
        pl.col("last_attempt").fill_null(0),
        pl.col("blocked").fill_null(False),
        (max_sits - pl.col("sits_used").fill_null(0)).alias("sits_left"),
        "mk",
        "had_ns",
        "had_late",
        "had_mc",
        "had_resit",
    )
    # facts about a student's rows: from every module with marks (registered or not)
    run.facts = (
        marked.lazy()
        .group_by((pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"))
        .agg(pl.col("had_ns", "had_late", "had_mc", "had_resit").any())
        .collect()
    )


def explain(x: Explaining) -> Explanation:
    lines = []
    for m in x.modules:
        counted = [
            mark(a["counted"])
            for a in x.attempts
            if a["module_code"] == m["module_code"] and not a["set_aside"]
        ]
        shown = ", ".join(counted) if counted else "no attempt"
        stands = "pending (an attempt is incomplete)" if m["pending"] else mark(m["standing"])
        lines.append(f"{m['module_code']}: counted marks [{shown}] → stands at {stands}")
    return lines, f"{len(x.modules)} module(s) taken"

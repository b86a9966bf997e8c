"""Late work and non-submission, per marks row (docs/rules.md#not-submitted, #late-work,
#mitigating-circumstances)."""

from __future__ import annotations

import polars as pl

from registrar.rules.numbers import hundredths_text
from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark

MARKS_COLUMNS = ("attempt", "mark", "flag", "late", "line")


def compute(run: Run, p: StepParameters) -> None:
    """rows: `row_mark` (after NS and late work) and `row_effect`."""
    p.get("pass_mark")  # the table's pass marks cap late work
    ns_mark = p.hundredths("non_submission_mark", when=pl.col("had_ns"))
    window = p.hundredths("late_capped_up_to_hours", when=pl.col("had_late"))
    beyond = p.value("late_beyond_cap", when=pl.col("had_late"))
    effect = p.choice("mitigating_circumstances", when=pl.col("had_mc"))
    if effect != "set_aside":  # the only value the loader accepts
        raise ValueError(f"unsupported mitigating_circumstances {effect!r}")
    # beyond the window: zero, or the capped mark less a deduction per day or part-day
    beyond_mark: pl.Expr = pl.lit(0, dtype=pl.Int64)
    beyond_effect = "late_zero"
    if beyond != "zero":
        assert not isinstance(beyond, bool | int | str | dict)
        per_day = int(beyond * 100)
        days = (pl.col("late") - window + 2399) // 2400  # hours in hundredths, 24 h a day
        beyond_mark = pl.max_horizontal(
            pl.min_horizontal("mark", "pass") - days * per_day, pl.lit(0, dtype=pl.Int64)
        )
        beyond_effect = "late_deducted"
    rows = run.marks.select(
        "sid",
        pl.col("module_code").cast(run.modules_enum),
        pl.col("component").cast(run.components_enum),
        *MARKS_COLUMNS,
    ).with_columns(run.per_module("pass", run.midx).alias("pass"))
    late = (pl.col("late") > 0) & (pl.col("flag").fill_null("") != "MC")
    within = pl.col("late") <= window
    run.rows = rows.with_columns(
        pl.when(pl.col("flag") == "NS")
        .then(pl.lit(ns_mark, dtype=pl.Int64))
        .when(late & within)
        .then(pl.min_horizontal("mark", "pass"))
        .when(late)
        .then(beyond_mark)
        .otherwise(pl.col("mark"))
        .alias("row_mark"),
        pl.when(pl.col("flag") == "MC")
        .then(pl.lit("set_aside"))
        .when(pl.col("flag") == "NS")
        .then(pl.lit("not_submitted"))
        .when(late & within)
        .then(pl.lit("late_capped"))
        .when(late)
        .then(pl.lit(beyond_effect))
        .otherwise(pl.lit("none"))
        .alias("row_effect"),
    )


def explain(x: Explaining) -> Explanation:
    lines = []
    adjusted = 0
    for r in x.rows:
        where = f"{r['module_code']} attempt {r['attempt']}" + (
            f", {r['component']}" if r["component"] else " (whole module)"
        )
        given = mark(r["mark"]) if r["mark"] is not None else "empty"
        effect = r["row_effect"]
        late = hundredths_text(r["late"])
        if effect == "not_submitted":
            text = f"{where}: not submitted (NS) → {mark(r['row_mark'])}"
        elif effect == "late_capped":
            text = (
                f"{where}: {given}, {late} hours late → capped at the pass mark "
                f"{mark(r['pass'])}: {mark(r['row_mark'])}"
            )
        elif effect == "late_zero":
            text = f"{where}: {given}, {late} hours late (beyond the window) → 0.00"
        elif effect == "late_deducted":
            text = (
                f"{where}: {given}, {late} hours late (beyond the window) → capped at "
                f"{mark(r['pass'])}, less {x.parameters['late_beyond_cap'].display()} a day: "
                f"{mark(r['row_mark'])}"
            )
        elif effect == "set_aside":
            text = f"{where}: {given}, mitigating circumstances upheld (MC): attempt set aside"
        else:
            text = f"{where}: {given}"
        if effect != "none":
            adjusted += 1
        lines.append(text)
    result = f"{adjusted} row(s) changed by late work, NS or MC" if adjusted else "no row changed"
    return lines, result

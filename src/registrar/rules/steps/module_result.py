"""Pass, compensation zone or fail, per module (docs/rules.md#module-result); core
modules are never compensated (spec, Programme Structure, footnote 1)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark
from registrar.spec.model import Category


def compute(run: Run, p: StepParameters) -> None:
    """modules: `mark_result` (passed, zone, failed, or missing)."""
    p.get("pass_mark")
    zone = p.hundredths("compensation_zone", when=pl.col("had_zone") | pl.col("had_below_zone"))
    p.get("core_never_compensated")
    core = pl.col("category") == Category.CORE.value
    run.modules = (
        run.modules_lazy.with_columns(
            pl.when(pl.col("standing").is_null() | pl.col("pending"))
            .then(pl.lit("missing"))
            .when(pl.col("standing") >= pl.col("pass"))
            .then(pl.lit("passed"))
            .when(
                core.not_()
                & pl.col("blocked").not_()
                & (pl.col("standing") >= pl.col("pass") - zone)
            )
            .then(pl.lit("zone"))
            .otherwise(pl.lit("failed"))
            .alias("mark_result")
        )
        .collect()
        .rechunk()
    )


def explain(x: Explaining) -> Explanation:
    lines = []
    for m in x.modules:
        verdict = {
            "passed": "passed",
            "zone": "in the compensation zone",
            "failed": "failed",
            "missing": "no result yet (marks missing)",
        }[m["mark_result"]]
        core = " (core)" if m["category"] == "core" else ""
        lines.append(
            f"{m['module_code']}{core}, {m['ects']} ECTS, level {m['level']}: "
            f"{mark(m['standing'])} against pass mark {mark(m['pass'])} → {verdict}"
        )
    return lines, "as above"

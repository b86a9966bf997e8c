"""Compensation within the limit (docs/rules.md#compensation); the choice of modules is
`registrar.rules.compensation`."""

from __future__ import annotations

import polars as pl

from registrar.rules.compensation import compensate
from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation, mark


def compute(run: Run, p: StepParameters) -> None:
    """powa_frame: every student with `may_compensate`; modules: `compensated`, `result`,
    `referred`, `exhausted`."""
    level = p.integer("award_level")
    award_pass = p.pass_marks()[level]
    required = p.flag("compensation_requires_pass_average", when=pl.col("had_zone"))
    limit = p.get("max_compensated_credits")
    run.powa_frame = (
        run.students.lazy()
        .join(run.powa, on="sid", how="left")
        .with_columns(
            (pl.lit(not required) | (pl.col("powa").fill_null(-1) >= award_pass)).alias(
                "may_compensate"
            )
        )
        .sort("sid")
        .collect()
    )
    run.modules = compensate(run.modules, run.powa_frame, {limit.name: limit})


def explain(x: Explaining) -> Explanation:
    s, p = x.student, x.parameters
    zone = [m for m in x.modules if m["mark_result"] == "zone"]
    if not zone:
        return [], "no module in the compensation zone"
    award_pass = [m["pass"] for m in x.modules if m["level"] == p["award_level"].value]
    limit = p["max_compensated_credits"].display()
    listed = ", ".join(
        f"{m['module_code']} ({m['ects']} ECTS, {mark(m['standing'])})" for m in zone
    )
    lines = [
        f"zone: {listed}",
        f"POWA {mark(s['powa'])}; pass mark of the award's level "
        f"{mark(award_pass[0] if award_pass else None)}; limit {limit} ECTS",
    ]
    if not s["may_compensate"]:
        lines.append(
            f"the POWA {mark(s['powa'])} is below "
            f"{mark(award_pass[0] if award_pass else None)}: no module is compensated"
        )
    else:
        lines.append("compensation is open: most credits within the limit, higher marks first")
    chosen = [m["module_code"] for m in zone if m["compensated"]]
    left = [m["module_code"] for m in zone if not m["compensated"]]
    result = f"compensated: {', '.join(chosen) or 'none'}"
    if left:
        result += f"; not compensated (count as failed): {', '.join(left)}"
    return lines, result

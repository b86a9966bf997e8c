"""The sit of each attempt, the resit cap and mitigating circumstances
(docs/rules.md#sit, #resit-cap, #attempts-allowed)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.sits import sit_number
from registrar.rules.steps.explaining import Explaining, Explanation, mark


def compute(run: Run, p: StepParameters) -> None:
    """attempts: `sit` (1 + earlier attempts that used one) and `counted` (capped on a resit)."""
    p.get("pass_mark", when=pl.col("had_resit"))
    capped = p.flag("resit_capped_at_pass_mark", when=pl.col("had_resit"))
    p.choice("mitigating_circumstances", when=pl.col("had_mc"))
    run.attempts = (
        run.attempts_lazy.with_columns(
            # the sit: uses so far within the (student, module), the attempts being sorted
            pl.when(pl.col("uses_sit"))
            .then(sit_number(pl.col("uses_sit"), pl.col("mk")))
            .alias("sit"),
        )
        .with_columns(
            pl.when(pl.col("set_aside") | pl.col("complete").not_())
            .then(pl.lit(None, dtype=pl.Int64))
            .when((pl.col("sit") >= 2) & pl.lit(capped))
            .then(pl.min_horizontal("mark", "pass"))
            .otherwise(pl.col("mark"))
            .alias("counted"),
        )
        .with_columns(
            # docs/rules.md#component-minimum: a must-pass component below its mark
            # holds the attempt one hundredth below the pass mark
            pl.when(pl.col("component_failed") & pl.col("counted").is_not_null())
            .then(pl.min_horizontal("counted", pl.col("pass") - 1))
            .otherwise(pl.col("counted"))
            .alias("counted"),
        )
        .collect()
    )


def explain(x: Explaining) -> Explanation:
    lines = []
    for a in x.attempts:
        where = f"{a['module_code']} attempt {a['attempt']}"
        if a["set_aside"]:
            lines.append(f"{where}: set aside; uses no sit")
        elif not a["complete"]:
            lines.append(f"{where}: incomplete (marks still to come); uses no sit")
        elif a.get("component_failed") and a["counted"] != a["mark"]:
            lines.append(
                f"{where}: a must-pass component is below its mark → {mark(a['mark'])} "
                f"held to {mark(a['counted'])}"
            )
        elif a["sit"] >= 2 and a["counted"] != a["mark"]:
            lines.append(
                f"{where}: sit {a['sit']} (a resit) → {mark(a['mark'])} capped to "
                f"{mark(a['counted'])}"
            )
        else:
            kind = "a resit" if a["sit"] >= 2 else "first sit"
            lines.append(f"{where}: sit {a['sit']} ({kind}) → counts {mark(a['counted'])}")
    return lines, "counted marks as above"

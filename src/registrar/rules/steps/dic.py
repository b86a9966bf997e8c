"""The Diploma of Imperial College goes with the award (docs/rules.md#dic; spec,
Programme Information, associateship)."""

from __future__ import annotations

import polars as pl

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps.explaining import Explaining, Explanation


def compute(run: Run, p: StepParameters) -> None:
    """s: `dic`."""
    has_dic = run.spec.ownership.associateship is not None
    run.s = run.s.with_columns(((pl.col("status") == "awarded") & pl.lit(has_dic)).alias("dic"))


def explain(x: Explaining) -> Explanation:
    return (
        [f"associateship: {x.spec.ownership.associateship or 'none'}"],
        "DIC: yes" if x.outcome["dic"] else "DIC: no",
    )

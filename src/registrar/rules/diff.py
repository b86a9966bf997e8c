"""A cohort re-run under changed parameters: exactly the students whose outcome changes."""

from __future__ import annotations

import polars as pl

from registrar.rules.engine import RESULT_COLUMNS, Evaluation

# The outcome a student is told: the contract columns but the id and `reasons`.
OUTCOME_COLUMNS = RESULT_COLUMNS[1:-1]


def diff_outcomes(old: Evaluation, new: Evaluation) -> pl.DataFrame:
    """One row per student whose outcome differs: student_id, then old_X and new_X per column.

    Both evaluations must be of the same marks; students are in ascending id order.
    """
    before = old.results.select(
        "student_id", *(pl.col(c).alias(f"old_{c}") for c in OUTCOME_COLUMNS)
    )
    after = new.results.select(
        "student_id", *(pl.col(c).alias(f"new_{c}") for c in OUTCOME_COLUMNS)
    )
    joined = before.join(after, on="student_id", how="full", coalesce=True)
    changed = pl.any_horizontal(
        pl.col(f"old_{c}").ne_missing(pl.col(f"new_{c}")) for c in OUTCOME_COLUMNS
    )
    columns = [name for c in OUTCOME_COLUMNS for name in (f"old_{c}", f"new_{c}")]
    return joined.filter(changed).select("student_id", *columns).sort("student_id")


def changed_columns(row: dict[str, object]) -> list[str]:
    """The outcome columns that differ in one row of `diff_outcomes`."""
    return [c for c in OUTCOME_COLUMNS if row[f"old_{c}"] != row[f"new_{c}"]]


def shown(value: object) -> str:
    """A value as the table shows it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)

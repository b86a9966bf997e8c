"""The classification output contract (DESIGN.md) written as CSV or JSON."""

from __future__ import annotations

from pathlib import Path

import polars as pl


def results_json(results: pl.DataFrame) -> str:
    """A JSON array of records: strings, "" for no value; credits integers, dic a boolean."""
    return results.write_json() + "\n"


def for_csv(results: pl.DataFrame) -> pl.DataFrame:
    text = pl.col(pl.String)
    return results.with_columns(pl.when(text == "").then(None).otherwise(text).name.keep())


def results_csv(results: pl.DataFrame) -> str:
    """CSV with a header; booleans as true/false, no value as an empty field."""
    return for_csv(results).write_csv(
        include_header=True, line_terminator="\n", quote_style="necessary"
    )


def write_results_csv(results: pl.DataFrame, path: Path) -> None:
    """`results_csv` written straight to a file, never held whole as text (a 1M cohort's
    is 250 MB)."""
    for_csv(results).write_csv(
        path, include_header=True, line_terminator="\n", quote_style="necessary"
    )

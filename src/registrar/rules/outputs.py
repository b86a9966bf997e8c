"""The classification output contract (DESIGN.md) written as CSV or JSON."""

from __future__ import annotations

import polars as pl


def results_json(results: pl.DataFrame) -> str:
    """A JSON array of records: strings, "" for no value; credits integers, dic a boolean."""
    return results.write_json() + "\n"


def results_csv(results: pl.DataFrame) -> str:
    """CSV with a header; booleans as true/false, no value as an empty field."""
    text = pl.col(pl.String)
    return results.with_columns(
        pl.when(text == "").then(None).otherwise(text).name.keep()
    ).write_csv(include_header=True, line_terminator="\n", quote_style="necessary")

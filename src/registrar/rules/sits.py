"""Sits and attempts, in one place (docs/rules.md#sit, #attempts-allowed,
#incomplete-attempt): used by the engine's `sit` step and by the input checks.

An attempt uses a sit unless it is set aside (`MC`) or incomplete; its sit is one
more than the earlier attempts at the same module that used one.
"""

from __future__ import annotations

import polars as pl


def uses_sit(set_aside: pl.Expr, complete: pl.Expr) -> pl.Expr:
    """The attempt uses a sit: not set aside and complete."""
    return set_aside.not_() & complete


def sit_number(uses: pl.Expr, key: pl.Expr) -> pl.Expr:
    """The sit each attempt is (or would be, once complete): 1 + the earlier attempts of
    the same `key` (a student's module) that used one. The frame must be sorted by key,
    then attempt; no window function is needed."""
    used = uses.cast(pl.Int64).cum_sum()
    before = used - uses.cast(pl.Int64)
    start = pl.when((key != key.shift(1)).fill_null(True)).then(before).forward_fill()
    return before - start + 1

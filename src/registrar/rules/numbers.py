"""Exact marks: integer hundredths, means rounded once, half up, and their text form.

A mark 70.94 is held as the integer 7094. A mean is a ratio of integers, rounded once
by `round_half_up`; no float ever decides a boundary (69.995 → 70.00, 69.994 → 69.99).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl


def round_half_up(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num/den rounded half up to an integer, for num ≥ 0 and den > 0, exactly."""
    return (2 * num + den) // (2 * den)


def as_decimal(hundredths: pl.Expr) -> pl.Expr:
    """Integer hundredths → "70.94" (null stays null)."""
    return pl.format(
        "{}.{}",
        hundredths // 100,
        (hundredths % 100).cast(pl.String).str.pad_start(2, "0"),
    )


def hundredths_text(value: int | None) -> str:
    return "" if value is None else f"{value // 100}.{value % 100:02d}"


def round_half_even(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num/den rounded half to even to an integer, for num ≥ 0 and den > 0, exactly."""
    quotient = num // den
    twice = 2 * (num % den)
    return (
        pl.when(twice > den)
        .then(quotient + 1)
        .when(twice == den)
        .then(quotient + quotient % 2)
        .otherwise(quotient)
    )


# The rounding policies a regulations file may name (`rounding`): each rounds a mean,
# computed exactly in hundredths, once to two decimals.
ROUNDING = {"half_up_2dp": round_half_up, "half_even_2dp": round_half_even}


def rounding(policy: str) -> Callable[[pl.Expr, pl.Expr], pl.Expr]:
    """The rounding of a mean under `policy` (a value of the `rounding` parameter)."""
    return ROUNDING[policy]

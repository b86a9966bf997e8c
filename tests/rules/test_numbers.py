"""Exact arithmetic: integer hundredths, rounded once, half up."""

from __future__ import annotations

import polars as pl
import pytest

from registrar.rules.numbers import as_decimal, hundredths_text, round_half_up


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (629955, 90, 7000),  # 6999.5 hundredths: 69.995 → 70.00
        (629954, 90, 6999),  # 6999.49 → 69.99
        (6999400, 1000, 6999),  # 69.994 → 69.99
        (449955, 90, 5000),  # 49.995 → 50.00
        (449910, 90, 4999),  # 49.99 stays
        (359955, 90, 4000),  # 39.995 → 40.00
        (0, 90, 0),
        (900000, 90, 10000),
    ],
)
def test_round_half_up_is_exact_at_the_boundaries(num: int, den: int, expected: int) -> None:
    frame = pl.DataFrame({"num": [num], "den": [den]})

    got = frame.select(round_half_up(pl.col("num"), pl.col("den")))

    assert got.item() == expected


def test_hundredths_print_with_two_decimals() -> None:
    frame = pl.DataFrame({"h": [7094, 5, 10000, None]}, schema={"h": pl.Int64})

    assert frame.select(as_decimal(pl.col("h")))["h"].to_list() == [
        "70.94",
        "0.05",
        "100.00",
        None,
    ]
    assert [hundredths_text(v) for v in (7094, 5, None)] == ["70.94", "0.05", ""]

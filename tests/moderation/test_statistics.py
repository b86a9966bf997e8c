"""The exact statistics of a list of marks, against values worked by hand."""

from __future__ import annotations

import statistics as floats
from decimal import Decimal
from fractions import Fraction

import pytest

from registrar.moderation.statistics import (
    Bands,
    Bin,
    bands,
    bin_index,
    describe,
    difference,
    histogram,
    mean,
    median,
    round_once,
    standard_deviation,
)


def marks(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


# Eight marks, worked by hand:
#   Σx = 504.49, mean = 504.49 / 8 = 63.06125 → 63.06
#   sorted 39.99 40.00 47.75 58.25 | 65.00 72.50 81.00 100.00: median (58.25 + 65.00) / 2 = 61.625
#   → 61.63 (half up)
#   Σx² = 34914.5751, n·mean² = 8 × 3976.7212515625 = 31813.7700125,
#   variance = 3100.8050875 / 8 = 387.6006359375; 19.685² = 387.499225 < variance < 19.69²
#   = 387.6961, so σ → 19.69
EIGHT = marks("72.50", "65.00", "58.25", "47.75", "39.99", "40.00", "81.00", "100.00")


def test_describe_eight_marks_gives_hand_computed_values():
    d = describe(EIGHT)

    assert (d.n, d.mean, d.median, d.standard_deviation, d.minimum, d.maximum) == (
        8,
        Decimal("63.06"),
        Decimal("61.63"),
        Decimal("19.69"),
        Decimal("39.99"),
        Decimal("100.00"),
    )
    assert [b.count for b in d.bins] == [0, 0, 0, 1, 2, 1, 1, 1, 1, 1]


def test_describe_no_marks_has_no_statistics_and_empty_bins():
    d = describe([])

    assert (d.n, d.mean, d.median, d.standard_deviation, d.minimum, d.maximum) == (
        0,
        None,
        None,
        None,
        None,
        None,
    )
    assert [b.count for b in d.bins] == [0] * 10


def test_mean_rounds_once_half_up_at_the_boundary():
    assert (mean(marks("69.99", "70.00")), mean(marks("69.98", "70.00", "70.00"))) == (
        Decimal("70.00"),  # 69.995 → 70.00
        Decimal("69.99"),  # 69.99333… → 69.99
    )


def test_median_odd_is_the_middle_mark_and_even_the_mean_of_the_middle_two_rounded_half_up():
    assert (median(marks("50.00", "10.00", "70.00")), median(marks("60.00", "60.01"))) == (
        Decimal("50.00"),
        Decimal("60.01"),  # 60.005 → 60.01
    )


def test_standard_deviation_is_the_population_one():
    # mean 60, squared deviations 100 + 0 + 100 = 200, / 3 (not 2) = 66.67, √ = 8.16496…
    assert standard_deviation(marks("50.00", "60.00", "70.00")) == Decimal("8.16")


def test_standard_deviation_of_one_mark_is_zero():
    assert standard_deviation(marks("64.00")) == Decimal("0.00")


def test_standard_deviation_rounds_an_exact_half_up_where_a_float_falls_short():
    # mean 60.005, deviations ±0.005, variance 0.000025, σ = 0.005 exactly → 0.01
    values = marks("60.00", "60.01")

    assert standard_deviation(values) == Decimal("0.01")
    assert round(floats.pstdev([60.00, 60.01]), 2) == 0.0  # the float answer is wrong


def test_standard_deviation_of_two_marks_ten_apart_is_five():
    assert standard_deviation(marks("40.00", "50.00")) == Decimal("5.00")


@pytest.mark.parametrize(
    ("mark", "index"),
    [
        ("0.00", 0),
        ("9.99", 0),
        ("10.00", 1),
        ("49.99", 4),
        ("50.00", 5),
        ("89.99", 8),
        ("90.00", 9),
        ("100.00", 9),
    ],
)
def test_bin_index_puts_each_boundary_mark_in_the_bin_it_starts(mark, index):
    assert bin_index(Decimal(mark)) == index


def test_histogram_bins_are_ten_marks_wide_and_the_last_holds_one_hundred():
    bins = histogram(marks("100.00", "9.99"))

    assert (bins[0], bins[1], bins[9]) == (
        Bin(Decimal(0), Decimal("9.99"), 1),
        Bin(Decimal(10), Decimal("19.99"), 0),
        Bin(Decimal(90), Decimal(100), 1),
    )
    assert [b.label for b in (bins[0], bins[4], bins[9])] == ["0–9.99", "40–49.99", "90–100"]


def test_bands_count_pass_zone_and_fail_at_their_boundaries():
    values = marks("39.99", "40.00", "49.99", "50.00", "72.00")

    assert bands(values, Decimal("50.00"), Decimal("40.00")) == Bands(passed=2, in_zone=2, failed=1)


def test_bands_without_a_zone_count_every_mark_below_the_pass_mark_as_failed():
    values = marks("39.99", "40.00", "49.99", "50.00", "72.00")

    assert bands(values, Decimal("50.00"), None) == Bands(passed=2, in_zone=None, failed=3)


def test_bands_of_the_eight_marks():
    assert bands(EIGHT, Decimal("50.00"), Decimal("40.00")) == Bands(5, 2, 1)


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(2225, 1000), Decimal("2.23")),
        (Fraction(-2225, 1000), Decimal("-2.23")),
        (Fraction(-2224, 1000), Decimal("-2.22")),
        (Fraction(69994, 1000), Decimal("69.99")),
        (Fraction(69995, 1000), Decimal("70.00")),
        (Fraction(0), Decimal("0.00")),
    ],
)
def test_round_once_rounds_half_away_from_zero(value, rounded):
    assert round_once(value) == rounded


def test_difference_is_rounded_once_from_the_exact_values():
    # 60.004 and 59.996 both show as 60.00, but differ by 0.008 → 0.01
    assert (
        difference(Fraction(60004, 1000), Fraction(59996, 1000)),
        difference(Fraction(41498, 1000), Fraction(592, 10)),
        difference(None, Fraction(1)),
    ) == (Decimal("0.01"), Decimal("-17.70"), None)


def test_a_mark_with_more_than_two_places_is_refused():
    with pytest.raises(ValueError, match=r"^70\.001 has more than two decimal places$"):
        mean(marks("70.001"))

"""Descriptive statistics of a list of marks, exact: the numbers a moderator reads.

Marks are `Decimal`s with at most two places (0.00–100.00). Every statistic is
computed exactly, in integer hundredths and fractions of integers (never a float;
a mark with more places is refused with ValueError), and rounded **once**
to two places, half up, as the engine rounds its means (docs/rules.md, "Numbers":
69.995 → 70.00, 69.994 → 69.99); a negative difference rounds half away from
zero (−2.225 → −2.23), as `decimal.ROUND_HALF_UP` does.

- mean: the sum over n;
- median: the middle mark, or the mean of the two middle marks when n is even;
- standard deviation: the **population** standard deviation, √(Σ(x − mean)² / n),
  with the exact mean. The marks of a module are all of its students, not a sample
  drawn from a larger group, so n (not n − 1) is the divisor; one mark has 0.00.
  The square root is rounded half up exactly, in integers (see `_root_hundredths`);
- histogram: ten bins of ten marks, 0–9.99, 10–19.99, …, 80–89.99, and 90–100
  (the last bin holds 100.00);
- pass, compensation zone and fail: a mark ≥ the pass mark passes; a mark in
  [pass − zone, pass) is in the compensation zone; below that it fails. A module
  with no zone (a core module: never compensated) has no zone count, and every
  mark below the pass mark fails (docs/rules.md#module-result).

An empty list has no mean, median, deviation, minimum or maximum (None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import isqrt

HUNDREDTH = Decimal("0.01")
BIN_WIDTH = 10
BINS = 10


def round_once(value: Fraction) -> Decimal:
    """An exact value rounded once to two places, half up (half away from zero)."""
    scaled = abs(value) * 100
    hundredths = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(-hundredths if value < 0 else hundredths).scaleb(-2)


def hundredths(value: Decimal) -> int:
    """A mark with at most two places as an exact integer number of hundredths."""
    scaled = value.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than two decimal places")
    return int(scaled)


def exact_mean(values: Sequence[Decimal]) -> Fraction | None:
    """The mean as an exact fraction (None for no values)."""
    if not values:
        return None
    return Fraction(sum(hundredths(v) for v in values), 100 * len(values))


def mean(values: Sequence[Decimal]) -> Decimal | None:
    exact = exact_mean(values)
    return None if exact is None else round_once(exact)


def median(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(hundredths(v) for v in values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle]).scaleb(-2)
    return round_once(Fraction(ordered[middle - 1] + ordered[middle], 200))


def _root_hundredths(variance: Fraction) -> int:
    """√variance × 100 rounded half up to an integer, exactly.

    The result k is the largest integer with k − ½ ≤ 100·√V, that is
    2k − 1 ≤ √(40000·V), so 2k − 1 ≤ ⌊√⌊40000·V⌋⌋ = J and k = ⌊(J + 1) / 2⌋.
    """
    scaled = variance * 40000
    return (isqrt(scaled.numerator // scaled.denominator) + 1) // 2


def standard_deviation(values: Sequence[Decimal]) -> Decimal | None:
    """The population standard deviation (divisor n), rounded once to two places.

    With x in hundredths, Σ(x − mean)² / n = (n·Σx² − (Σx)²) / n², exactly in integers.
    """
    if not values:
        return None
    xs = [hundredths(v) for v in values]
    n = len(xs)
    total = sum(xs)
    variance = Fraction(n * sum(x * x for x in xs) - total * total, n * n * 10000)
    return Decimal(_root_hundredths(variance)).scaleb(-2)


@dataclass(frozen=True)
class Bin:
    """Marks from `low` up to and including `high` (two places), and how many there are."""

    low: Decimal
    high: Decimal
    count: int

    @property
    def label(self) -> str:
        return f"{self.low:.0f}–{self.high:.2f}" if self.high < 100 else f"{self.low:.0f}–100"


def bin_index(value: Decimal) -> int:
    """Which of the ten bins a mark falls in (100.00 in the last)."""
    return min(int(value // BIN_WIDTH), BINS - 1)


def histogram(values: Sequence[Decimal]) -> tuple[Bin, ...]:
    counts = [0] * BINS
    for value in values:
        counts[bin_index(value)] += 1
    return tuple(
        Bin(
            Decimal(i * BIN_WIDTH),
            Decimal(100) if i == BINS - 1 else Decimal((i + 1) * BIN_WIDTH) - HUNDREDTH,
            count,
        )
        for i, count in enumerate(counts)
    )


@dataclass(frozen=True)
class Bands:
    """How many marks pass, fall in the compensation zone (None: the module has none), fail."""

    passed: int
    in_zone: int | None
    failed: int


def bands(values: Sequence[Decimal], pass_mark: Decimal, zone_low: Decimal | None) -> Bands:
    """Counts against the pass mark and the zone's lowest mark (None: no compensation zone)."""
    passed = sum(1 for v in values if v >= pass_mark)
    if zone_low is None:
        return Bands(passed, None, len(values) - passed)
    in_zone = sum(1 for v in values if zone_low <= v < pass_mark)
    return Bands(passed, in_zone, len(values) - passed - in_zone)


@dataclass(frozen=True)
class Distribution:
    """The descriptive statistics of a list of marks (see the module docstring)."""

    n: int
    mean: Decimal | None
    median: Decimal | None
    standard_deviation: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    bins: tuple[Bin, ...]


def describe(values: Sequence[Decimal]) -> Distribution:
    return Distribution(
        n=len(values),
        mean=mean(values),
        median=median(values),
        standard_deviation=standard_deviation(values),
        minimum=min(values) if values else None,
        maximum=max(values) if values else None,
        bins=histogram(values),
    )


def difference(a: Fraction | None, b: Fraction | None) -> Decimal | None:
    """a − b from the exact values, rounded once (None when either is missing)."""
    return None if a is None or b is None else round_once(a - b)

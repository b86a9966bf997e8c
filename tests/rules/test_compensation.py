"""Choosing the zone modules to compensate: most credits within the limit, higher marks first."""

from __future__ import annotations

from registrar.rules.compensation import choose_compensated


def test_choose_compensated_prefers_most_credits_then_higher_marks_then_lower_codes() -> None:
    assert choose_compensated(((10, 4500), (5, 4800), (5, 4100)), 15) == (0, 1)
    assert choose_compensated(((5, 4400), (5, 4400), (5, 4400), (5, 4400)), 15) == (0, 1, 2)
    assert choose_compensated(((10, 4000), (10, 4900)), 15) == (1,)
    assert choose_compensated(((20, 4500),), 15) == ()


def test_choose_compensated_with_nothing_in_the_zone() -> None:
    assert choose_compensated((), 15) == ()


def test_equal_credits_and_marks_prefer_the_lower_module_codes() -> None:
    # {0, 1} and {1, 2} both give 15 credits with marks (45, 44): the lower codes win
    assert choose_compensated(((5, 4400), (10, 4500), (5, 4400)), 15) == (0, 1)


def test_greater_sorted_marks_win_over_lower_codes() -> None:
    # {0, 1}: (45, 44); {0, 2}: (45, 45) → positions 0 and 2
    assert choose_compensated(((10, 4500), (5, 4400), (5, 4500), (10, 4400)), 15) == (0, 2)

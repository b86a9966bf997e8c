"""The programme lead's figures, pure: counts, exact rates and the funnel's chart."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from registrar.admissions.reports import (
    Rate,
    Record,
    Stage,
    acceptance_rate,
    by_discipline,
    by_english_route,
    by_status,
    funnel,
    funnel_svg,
    offer_rate,
)

ORDER = [("draft", "Draft"), ("submitted", "Submitted"), ("rejected", "Rejected")]
RECORDS = [
    Record("draft", "", ""),
    Record("submitted", "Computer Science", "IELTS"),
    Record("on_hold", "computer  science", "IELTS"),
    Record("rejected", "History", "TOEFL iBT"),
    Record("rejected", "Biology", ""),
    Record("offered", "Physics", "IELTS"),
    Record("declined", "Mathematics", "PTE Academic"),
    Record("accepted", "Physics", "IELTS"),
    Record("enrolled", "Computer Science", "IELTS"),
]


@pytest.mark.parametrize(
    ("numerator", "denominator", "percent", "shown"),
    [
        (2, 3, Decimal("66.7"), "66.7% (2 of 3)"),
        (1, 3, Decimal("33.3"), "33.3% (1 of 3)"),
        (1, 8, Decimal("12.5"), "12.5% (1 of 8)"),
        (1, 16, Decimal("6.3"), "6.3% (1 of 16)"),  # 6.25: half up
        (1, 2000, Decimal("0.1"), "0.1% (1 of 2000)"),  # 0.05: half up
        (1, 2001, Decimal("0.0"), "0.0% (1 of 2001)"),
        (3, 3, Decimal("100.0"), "100.0% (3 of 3)"),
        (0, 0, None, "–"),
    ],
)
def test_a_rate_is_exact_to_a_tenth_of_a_percent_rounded_half_up(
    numerator, denominator, percent, shown
):
    rate = Rate(numerator, denominator)
    assert (rate.percent, str(rate)) == (percent, shown)


def test_offer_rate_is_offers_of_decided_and_acceptance_accepted_of_offers():
    # offers: offered, declined, accepted, enrolled (4); decided: those and 2 rejected (6);
    # a hold is not a decision
    assert offer_rate(RECORDS) == Rate(4, 6)
    assert acceptance_rate(RECORDS) == Rate(2, 4)
    assert (offer_rate([]), acceptance_rate([Record("rejected")])) == (Rate(0, 0), Rate(0, 0))


def test_the_funnel_counts_who_reached_each_stage():
    assert funnel(RECORDS) == [
        Stage("Submitted", 8),
        Stage("Reviewed", 7),
        Stage("Offered", 4),
        Stage("Accepted", 2),
        Stage("Enrolled", 1),
    ]


def test_counts_by_status_list_every_status_in_order():
    assert by_status(RECORDS, ORDER) == [
        Stage("Draft", 1),
        Stage("Submitted", 1),
        Stage("Rejected", 2),
    ]


def test_counts_by_discipline_and_english_route_are_of_submitted_applications():
    assert by_discipline(RECORDS) == [
        Stage("Computer Science", 3),
        Stage("Physics", 2),
        Stage("Biology", 1),
        Stage("History", 1),
        Stage("Mathematics", 1),
    ]
    assert by_english_route(RECORDS) == [
        Stage("IELTS", 5),
        Stage("none given (waiver)", 1),
        Stage("PTE Academic", 1),
        Stage("TOEFL iBT", 1),
    ]


def test_the_chart_is_a_bar_per_stage_scaled_to_the_submitted():
    svg = funnel_svg(funnel(RECORDS), "Funnel <2025-26>", "funnel-1")
    bars = re.findall(r'<rect x="110" y="(\d+)" width="(\d+)" height="28"', svg)
    assert bars == [("8", "380"), ("46", "332"), ("84", "190"), ("122", "95"), ("160", "48")]
    assert re.findall(r'fill="#4a5360">([^<]*)</text>', svg) == [
        "8 (100.0%)",
        "7 (87.5%)",
        "4 (50.0%)",
        "2 (25.0%)",
        "1 (12.5%)",
    ]
    assert '<title id="funnel-1-title">Funnel &lt;2025-26&gt;</title>' in svg
    assert 'role="img" aria-labelledby="funnel-1-title"' in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_chart_of_no_applications_has_empty_bars():
    svg = funnel_svg(funnel([]), "Funnel", "f")
    assert re.findall(r'width="(\d+)" height="28"', svg) == ["0"] * 5
    assert re.findall(r'fill="#4a5360">([^<]*)</text>', svg) == ["0"] * 5

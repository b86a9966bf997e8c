"""The registry's retention period: a dated parameter, read and checked like the English tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from registrar.admissions.retention import RetentionError, load_retention, retention_path
from registrar.rules.parameters import Status

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
institution: imperial
title: t
source: s
retention:
  description: d
  unit: years
  status: assumed
  reference: r
  values:
    2023-24: {years: 6, cycle_closes: "09-30"}
    2027-28: {years: 2, cycle_closes: "10-31"}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "retention.yaml"
    path.write_text(text)
    return path


def test_the_repository_keeps_six_years_after_the_cycle_closes_assumed():
    path = retention_path("imperial")
    assert path == ROOT / "regulations" / "imperial" / "admissions" / "retention.yaml"
    retention = load_retention(path)
    assert (retention.status, retention.due("2025-26")) == (Status.ASSUMED, dt.date(2031, 9, 30))
    assert retention_path("nowhere") is None


def test_a_cohort_reads_the_latest_period_not_after_its_year(tmp_path):
    retention = load_retention(write(tmp_path, GOOD))
    assert [retention.due(c) for c in ("2022-23", "2023-24", "2026-27", "2027-28", "2030-31")] == [
        None,
        dt.date(2029, 9, 30),
        dt.date(2032, 9, 30),
        dt.date(2029, 10, 31),
        dt.date(2032, 10, 31),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('cycle_closes: "10-31"', 'cycle_closes: "02-30"'),
            "retention.yaml:11: error: retention.values.2027-28.cycle_closes: '02-30' is not a "
            "day of the year. Fix: write the month and day, e.g. 09-30.",
        ),
        (
            ("2027-28:", "2027-29:"),
            "retention.yaml:11: error: retention.values.2027-29: '2027-29' is not an academic "
            "year. Fix: write one like 2025-26.",
        ),
        (
            ("  unit: years\n", "  unit: years\n  unit: again\n"),
            "retention.yaml:7: error: retention.unit: this key is given twice (first at line 6). "
            "Fix: keep one of the two.",
        ),
    ],
)
def test_a_wrong_file_is_refused_in_the_house_form(tmp_path, change, expected):
    with pytest.raises(RetentionError) as refused:
        load_retention(write(tmp_path, GOOD.replace(*change)))
    assert str(refused.value).removeprefix(f"{tmp_path}/") == expected


def test_a_period_of_no_years_is_refused(tmp_path):
    with pytest.raises(RetentionError) as refused:
        load_retention(write(tmp_path, GOOD.replace("years: 6", "years: 0")))
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (10, "retention.values.2023-24.years")
    ]

"""Properties of the switches the regulations leave open (issue 8, point 4).

Each switch is a dated parameter the engine really reads; for each, on random MRes
students (Hypothesis):

- the engine agrees with the scalar oracle with the switch set;
- `resit_mark_stands: resit_replaces` never raises a POWA above `better_of`;
- `late_beyond_cap` as a per-day deduction never scores below zero-beyond-the-window,
  nor above the capped mark;
- `rounding: half_even_2dp` moves a POWA by at most 0.02 and never a status;
- `borderline_effect: uplift` raises only borderline students, by at most one band;
- a must-pass component (declared in the specification) never improves an outcome.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import load_inputs
from registrar.rules.parameters import Parameter, load_regulations, regulations_path
from registrar.spec.model import Specification
from tests.rules import oracle
from tests.rules.case_runner import FIELDS, REPO, normalise, oracle_params, spec_at
from tests.rules.test_properties import (
    CLASS_RANK,
    PARAMETERS,
    SETTINGS,
    SPEC,
    csv_text,
    records,
    student_rows,
)

SWITCHES: dict[str, list[Any]] = {
    "resit_mark_stands": ["resit_replaces"],
    "late_beyond_cap": [Decimal("10.00"), Decimal("5.50")],
    "rounding": ["half_even_2dp"],
    "borderline_effect": ["uplift"],
}


def with_switch(name: str, value: Any) -> dict[str, Parameter]:
    return {**PARAMETERS, name: replace(PARAMETERS[name], value=value)}


def run(students: dict[str, list[list[Any]]], parameters: dict[str, Parameter]) -> Evaluation:
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "marks.csv"
        marks.write_text(csv_text(students), encoding="utf-8")
        inputs = load_inputs(SPEC, parameters, marks, None)
        return evaluate(SPEC, parameters, inputs.marks, inputs.registrations)


def test_every_switch_value_is_accepted_by_the_loader() -> None:
    found = regulations_path(SPEC)
    assert found is not None
    text = found.read_text(encoding="utf-8")
    for name in SWITCHES:
        assert f"\n  {name}:\n" in text, name
    assert load_regulations(found).parameters.keys() >= SWITCHES.keys()


@SETTINGS
@given(
    cohort=st.lists(student_rows(), min_size=1, max_size=4),
    switch=st.sampled_from([(n, v) for n, values in SWITCHES.items() for v in values]),
)
def test_the_engine_agrees_with_the_oracle_with_each_switch_set(
    cohort: list[list[list[Any]]], switch: tuple[str, Any]
) -> None:
    name, value = switch
    students = {f"S{i}": rows for i, rows in enumerate(cohort)}
    engine = records(run(students, with_switch(name, value)))
    text = csv_text(students)
    params = oracle_params({name: value})
    expected = oracle.classify(oracle.read_csv_text(text), SPEC, None, params)
    for want in expected:
        got = normalise(engine[want["student_id"]])
        assert got == normalise(want), (switch, {k: (got[k], want[k]) for k in FIELDS})


@SETTINGS
@given(rows=student_rows())
def test_resit_replaces_never_raises_the_powa(rows: list[list[Any]]) -> None:
    better = records(run({"S1": rows}, PARAMETERS))["S1"]
    latest = records(run({"S1": rows}, with_switch("resit_mark_stands", "resit_replaces")))["S1"]

    if better["powa"] and latest["powa"]:
        assert Decimal(latest["powa"]) <= Decimal(better["powa"]), (better, latest)
    if not any(row[2] == 2 for row in rows):
        assert latest == better  # no resit: the switch changes nothing


@SETTINGS
@given(rows=student_rows())
def test_a_per_day_deduction_lies_between_zero_and_the_capped_mark(rows: list[list[Any]]) -> None:
    zero = run({"S1": rows}, PARAMETERS).rows
    deducted = run({"S1": rows}, with_switch("late_beyond_cap", Decimal("10.00"))).rows

    both = zero.join(deducted, on="line", suffix="_deducted")
    assert (both["row_mark_deducted"].fill_null(0) >= both["row_mark"].fill_null(0)).all()
    beyond = both.filter(pl.col("row_effect_deducted") == "late_deducted")
    capped = pl.min_horizontal("mark", "pass")
    assert beyond.select((pl.col("row_mark_deducted") <= capped).all()).item() in (True, None)
    assert beyond.select((pl.col("row_mark_deducted") >= 0).all()).item() in (True, None)


@SETTINGS
@given(rows=student_rows())
def test_half_even_rounding_moves_a_powa_by_at_most_two_hundredths_and_never_a_status(
    rows: list[list[Any]],
) -> None:
    up = records(run({"S1": rows}, PARAMETERS))["S1"]
    even = records(run({"S1": rows}, with_switch("rounding", "half_even_2dp")))["S1"]

    assert even["status"] == up["status"]
    assert even["referred_modules"] == up["referred_modules"]
    if up["powa"]:
        assert abs(Decimal(even["powa"]) - Decimal(up["powa"])) <= Decimal("0.02")


@SETTINGS
@given(rows=student_rows())
def test_uplift_raises_only_borderline_students_by_at_most_one_band(
    rows: list[list[Any]],
) -> None:
    flagged = records(run({"S1": rows}, PARAMETERS))["S1"]
    raised = records(run({"S1": rows}, with_switch("borderline_effect", "uplift")))["S1"]

    assert raised["status"] == flagged["status"]
    rise = CLASS_RANK[raised["classification"]] - CLASS_RANK[flagged["classification"]]
    assert 0 <= rise <= 1
    if "borderline" not in flagged["flags"].split(";"):
        assert raised == flagged


MUST_PASS = spec_at(
    REPO / "tests" / "rules" / "fixtures" / "programmes" / "must-pass-components.yaml"
)


def run_spec(students: dict[str, list[list[Any]]], spec: Specification) -> Evaluation:
    parameters = parameters_for(spec, load_regulations(REPO / "regulations/imperial/taught.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "marks.csv"
        marks.write_text(csv_text(students), encoding="utf-8")
        inputs = load_inputs(spec, parameters, marks, None)
        return evaluate(spec, parameters, inputs.marks, inputs.registrations)


@SETTINGS
@given(cohort=st.lists(student_rows(), min_size=1, max_size=4))
def test_the_engine_agrees_with_the_oracle_on_must_pass_components(
    cohort: list[list[list[Any]]],
) -> None:
    students = {f"S{i}": rows for i, rows in enumerate(cohort)}
    engine = records(run_spec(students, MUST_PASS))
    expected = oracle.classify(oracle.read_csv_text(csv_text(students)), MUST_PASS)
    for want in expected:
        assert normalise(engine[want["student_id"]]) == normalise(want)


@SETTINGS
@given(rows=student_rows())
def test_a_must_pass_component_never_improves_an_outcome(rows: list[list[Any]]) -> None:
    without = records(run_spec({"S1": rows}, SPEC))["S1"]
    with_minimum = records(run_spec({"S1": rows}, MUST_PASS))["S1"]

    assert with_minimum["credits_earned"] <= without["credits_earned"]
    if without["powa"] and with_minimum["powa"]:
        assert Decimal(with_minimum["powa"]) <= Decimal(without["powa"])

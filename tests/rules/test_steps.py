"""The named steps: each cites a clause and reads only parameters that exist."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import polars as pl
import pytest

from registrar.rules.parameters import Parameter, Status
from registrar.rules.reads import StepParameters, UndeclaredParameterError
from registrar.rules.run import Run
from registrar.rules.steps import STEPS
from registrar.rules.trace import explain
from tests.rules.helpers import run, taught


def test_every_step_has_a_label_and_a_clause() -> None:
    assert all(step.label and step.clause for step in STEPS)
    assert len({step.name for step in STEPS}) == len(STEPS)


def test_every_parameter_a_step_reads_exists() -> None:
    known = set(taught())

    assert {name for step in STEPS for name in step.parameters} <= known


def test_every_assumed_parameter_is_read_by_some_step() -> None:
    read = {name for step in STEPS for name in step.parameters}
    assumed = {name for name, p in taught().items() if p.status.value == "assumed"}

    assert assumed <= read


# --- steps that compute (issue 8, point 1) -----------------------------------------------

COHORT = (
    "S1,COMP70059,,1,71,,\nS1,COMP70060,,1,72,,\nS1,COMP70061,,1,68,,\n"
    "S1,COMP70076,,1,75,,\nS1,COMP70010,,1,46,,\n"
    "S2,COMP70059,,1,60,,\nS2,COMP70060,,1,,NS,\nS2,COMP70061,,1,55,,30\n"
    "S2,COMP70060,,2,65,,\nS2,COMP70076,,1,,MC,\nS2,COMP70010,,1,60,,\n"
)


def test_every_step_reads_exactly_the_parameters_it_declares() -> None:
    evaluation = run(COHORT)

    for declared in STEPS:
        read = {r.name for r in evaluation.reads if r.step == declared.name}
        assert read == set(declared.parameters), declared.name


def test_evaluate_runs_the_declared_steps_in_order() -> None:
    evaluation = run(COHORT)

    order = list(dict.fromkeys(r.step for r in evaluation.reads))
    reading = [s.name for s in STEPS if s.parameters]
    assert order == reading
    assert [s.name for s in explain(evaluation, "S1").steps] == [s.name for s in STEPS]


def test_a_step_reading_an_undeclared_parameter_is_refused() -> None:
    def greedy(run_: Run, p: StepParameters) -> None:
        p.get("max_sits")

    steps = (replace(STEPS[0], compute=greedy),)

    with pytest.raises(UndeclaredParameterError, match="step row_mark reads max_sits"):
        run(COHORT, steps=steps)


def test_a_new_assumed_parameter_read_by_a_step_is_disclosed_without_any_list() -> None:
    parameters = dict(taught())
    parameters["ethics_bonus"] = Parameter(
        "ethics_bonus",
        "a bonus nobody has confirmed",
        "marks",
        Status.ASSUMED,
        "a test",
        Decimal("1.00"),
        "2023-24",
        "test",
    )
    dic = next(s for s in STEPS if s.name == "dic")

    def compute(run_: Run, p: StepParameters) -> None:
        dic.compute(run_, p)
        p.get("ethics_bonus", when=pl.col("student_id") == "S1")

    steps = tuple(
        replace(s, compute=compute, parameters=(*s.parameters, "ethics_bonus")) if s is dic else s
        for s in STEPS
    )
    evaluation = run(COHORT, parameters=parameters, steps=steps)

    disclosed = dict(evaluation.results.select("student_id", "assumed_parameters").iter_rows())
    assert disclosed["S1"].split(";")[-1] == "ethics_bonus"
    assert "ethics_bonus" not in disclosed["S2"].split(";")
    trace = explain(evaluation, "S1")
    assert [p.name for p in trace.assumed][-1] == "ethics_bonus"
    assert [p.name for p in next(s for s in trace.steps if s.name == "dic").parameters] == [
        "ethics_bonus"
    ]

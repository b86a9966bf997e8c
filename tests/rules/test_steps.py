"""The named steps: each cites a clause and reads only parameters that exist."""

from __future__ import annotations

from registrar.rules.steps import STEPS
from tests.rules.helpers import taught


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

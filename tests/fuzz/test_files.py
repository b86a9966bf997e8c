"""The files read without a database, fuzzed: specification, regulations, marks, registrations."""

from __future__ import annotations

import random
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz.oracle import TIME_BOUND, sweep
from tests.fuzz.targets import FILE_TARGETS, Target, seed_of


@pytest.mark.parametrize("target", FILE_TARGETS, ids=lambda t: t.name)
@settings(
    max_examples=2,
    deadline=timedelta(seconds=TIME_BOUND * 20),
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
    phases=[Phase.generate],  # no shrinking: a failure lists every failing mutation already
)
@given(rnd=st.randoms(use_true_random=False))
def test_every_mutation_is_refused_or_read_within_bounds(
    target: Target, rnd: random.Random
) -> None:
    with tempfile.TemporaryDirectory(prefix="registrar-fuzz-") as folder:
        verdicts = sweep(
            target.run, target.mutations, target.seed, seed_of(target), rnd, Path(folder)
        )
    failures = [f"{kind}: {v.failure}: {v.detail}" for kind, v in verdicts if v.failure]
    assert not failures, "\n".join(failures)

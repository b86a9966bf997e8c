"""The files read on the database, fuzzed: the marks and student imports on the command line,
and every upload the application takes (marks page CSV/XLSX, student import page, API)."""

from __future__ import annotations

import random
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzz import world
from tests.fuzz.oracle import TIME_BOUND, sweep
from tests.fuzz.targets import DB_TARGETS, Target, seed_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(db: None) -> object:
    return world.build()


@pytest.mark.parametrize("target", DB_TARGETS, ids=lambda t: t.name)
@settings(
    max_examples=1,
    deadline=timedelta(seconds=TIME_BOUND * 25),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
    phases=[Phase.generate],  # no shrinking: a failure lists every failing mutation already
)
@given(rnd=st.randoms(use_true_random=False))
def test_every_mutation_is_refused_or_read_within_bounds(
    records: object, target: Target, rnd: random.Random
) -> None:
    with tempfile.TemporaryDirectory(prefix="registrar-fuzz-") as folder:
        verdicts = sweep(
            target.run, target.mutations, target.seed, seed_of(target), rnd, Path(folder)
        )
    failures = [f"{kind}: {v.failure}: {v.detail}" for kind, v in verdicts if v.failure]
    assert not failures, "\n".join(failures)

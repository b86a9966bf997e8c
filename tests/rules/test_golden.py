"""The engine's answers are frozen (issue 8, point 7): byte for byte, as before the refactor.

The digests in fixtures/golden.json were written by `python -m tests.rules.golden freeze`
from the engine before its second edition. A failure here means an answer changed: if
the change is meant (a new rule), say so in docs/rules.md and re-freeze in the same commit.
"""

from __future__ import annotations

import json

import pytest

from tests.rules.case_runner import Case, load_cases
from tests.rules.golden import DIGESTS, case_outputs, cohort_csv, digest

FROZEN = json.loads(DIGESTS.read_text(encoding="utf-8"))
CASES = load_cases()


def test_every_worked_case_is_frozen() -> None:
    assert sorted(FROZEN["cases"]) == sorted(case.id for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_worked_case_answers_are_byte_identical(case: Case) -> None:
    csv, traces = case_outputs(case)

    assert digest(csv) == FROZEN["cases"][case.id]["csv"]
    assert digest(traces) == FROZEN["cases"][case.id]["traces"]


def test_seeded_cohort_answers_are_byte_identical() -> None:
    cohort = FROZEN["cohort"]

    assert digest(cohort_csv(cohort["students"], cohort["seed"])) == cohort["csv"]

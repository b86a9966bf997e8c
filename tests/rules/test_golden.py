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


# cases added since (the new switches) set a parameter, and were never frozen
FROZEN_CASES = [case for case in CASES if case.id in FROZEN["cases"]]


def test_every_frozen_case_is_still_a_worked_case_and_sets_no_switch() -> None:
    assert sorted(FROZEN["cases"]) == sorted(case.id for case in FROZEN_CASES)
    assert all(not case.parameters for case in FROZEN_CASES)


@pytest.mark.parametrize("case", FROZEN_CASES, ids=[case.id for case in FROZEN_CASES])
def test_worked_case_answers_are_byte_identical(case: Case) -> None:
    csv, traces = case_outputs(case)

    assert digest(csv) == FROZEN["cases"][case.id]["csv"]
    assert digest(traces) == FROZEN["cases"][case.id]["traces"]


def test_seeded_cohort_answers_are_byte_identical() -> None:
    cohort = FROZEN["cohort"]

    assert digest(cohort_csv(cohort["students"], cohort["seed"])) == cohort["csv"]

"""The worked cases in src/registrar/rules/cases/*.yaml, through the CLI and the oracle."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.rules.case_runner import FIELDS, Case, load_cases, mismatches, run_cli, run_oracle

CASES = load_cases()


def test_there_are_enough_worked_cases_for_every_rule() -> None:
    per_file = Counter(case.file for case in CASES)
    assert len(CASES) >= 40, per_file
    for name in (
        "regulations_examples.yaml",
        "module_mark.yaml",
        "late_work.yaml",
        "non_submission.yaml",
        "resits.yaml",
        "mitigating_circumstances.yaml",
        "compensation.yaml",
        "powa_rounding.yaml",
        "classification.yaml",
        "project_threshold.yaml",
        "status.yaml",
        "dic.yaml",
        "borderline.yaml",
    ):
        assert per_file[name] >= 1, f"no cases in {name}"
    assert per_file["regulations_examples.yaml"] >= 5


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_is_well_formed(case: Case) -> None:
    assert case.arithmetic.strip(), "every case shows its arithmetic"
    assert case.programme.is_file(), case.programme
    assert case.marks.startswith("student_id,"), "marks are CSV text with a header row"
    for student, fields in case.expect.items():
        assert fields, f"{student}: nothing expected"
        unknown = set(fields) - set(FIELDS)
        assert not unknown, f"{student}: unknown fields {sorted(unknown)}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_oracle(case: Case) -> None:
    got = run_oracle(case.programme, case.marks, case.registrations, case.parameters, case.skills)
    problems = mismatches(case.expect, got)
    assert not problems, "oracle disagrees with the case:\n" + "\n".join(problems)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli(case: Case, tmp_path: Path) -> None:
    got = run_cli(
        tmp_path, case.programme, case.marks, case.registrations, case.parameters, case.skills
    )
    problems = mismatches(case.expect, got)
    assert not problems, "`registrar classify` disagrees with the case:\n" + "\n".join(problems)

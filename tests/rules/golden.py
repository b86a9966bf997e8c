"""Frozen answers of the engine (issue 8, point 7): nothing changes in the answers.

Before the engine was refactored its output was frozen: the CSV of every worked case
(as `registrar classify --format csv` writes it, without `assumed_parameters`),
the JSON trace of every student of every worked case, and the CSV of seeded bench
cohorts. `tests/rules/test_golden.py` compares the current engine with the SHA-256
digests in `tests/rules/fixtures/golden.json`, byte for byte.

    python -m tests.rules.golden freeze            # write the digests (only before a change)
    python -m tests.rules.golden cohort 100k DIR   # write a bench cohort's CSV to DIR
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

from registrar.rules.engine import evaluate, parameters_for
from registrar.rules.inputs import load_inputs
from registrar.rules.outputs import results_csv
from registrar.rules.parameters import load_regulations, regulations_path
from registrar.rules.trace import explain
from registrar.spec.loading import load_specification
from tests.rules.case_runner import MRES, REPO, Case, load_cases

DIGESTS = REPO / "tests" / "rules" / "fixtures" / "golden.json"
COHORT_SEED = 20251001
COHORT_STUDENTS = 10_000


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _classify(
    programme: Path, marks: Path, registrations: Path | None, skills: Path | None = None
) -> tuple[str, str]:
    """(results CSV, every student's trace as JSON) for one marks file."""
    spec = load_specification(programme)
    found = regulations_path(spec)
    assert found is not None
    parameters = parameters_for(spec, load_regulations(found))
    inputs = load_inputs(spec, parameters, marks, registrations, skills)
    evaluation = evaluate(
        spec, parameters, inputs.marks, inputs.registrations, skills=inputs.skills
    )
    traces = {sid: _trace(explain(evaluation, sid).as_dict()) for sid in evaluation.student_ids()}
    return answers_csv(evaluation.results), json.dumps(traces, sort_keys=True, indent=1)


def answers_csv(results: pl.DataFrame) -> str:
    """The CSV `registrar classify` writes, without `assumed_parameters`: a new assumed
    parameter (issue 8, point 4) is rightly disclosed, and changes no answer."""
    return results_csv(results.drop("assumed_parameters"))


def _trace(trace: dict[str, Any]) -> dict[str, Any]:
    """What each step computed (name, inputs, result): clause names and the parameters
    declared may change (issue 8, points 3 and 4), the computation may not."""
    steps = [{k: s[k] for k in ("step", "inputs", "result")} for s in trace["steps"]]
    return {
        "outcome": {k: v for k, v in trace["outcome"].items() if k != "assumed_parameters"},
        "steps": steps,
    }


def case_outputs(case: Case) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "marks.csv"
        marks.write_text(case.marks, encoding="utf-8")
        regs = None
        if case.registrations is not None:
            regs = Path(tmp) / "registrations.csv"
            regs.write_text(case.registrations, encoding="utf-8")
        skills = None
        if case.skills is not None:
            skills = Path(tmp) / "skills.csv"
            skills.write_text(case.skills, encoding="utf-8")
        return _classify(case.programme, marks, regs, skills)


def cohort_marks(students: int, seed: int, path: Path) -> Path:
    """Write the bench generator's cohort (as bench/run.py does) to `path`."""
    from bench.cohort import HEADER, Generator, Mix

    generator = Generator(load_specification(MRES), seed, Mix())
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for index in range(students):
            lines = generator.student(index)[2]
            if lines:
                out.write("\n".join(lines) + "\n")
    return path


def cohort_csv(students: int, seed: int) -> str:
    from registrar.rules.engine import evaluate as run

    with tempfile.TemporaryDirectory() as tmp:
        marks = cohort_marks(students, seed, Path(tmp) / "marks.csv")
        spec = load_specification(MRES)
        found = regulations_path(spec)
        assert found is not None
        parameters = parameters_for(spec, load_regulations(found))
        inputs = load_inputs(spec, parameters, marks, None)
        return answers_csv(run(spec, parameters, inputs.marks, inputs.registrations).results)


def freeze() -> dict[str, object]:
    cases = {}
    for case in load_cases():
        csv, traces = case_outputs(case)
        cases[case.id] = {"csv": digest(csv), "traces": digest(traces)}
    cohort = {"students": COHORT_STUDENTS, "seed": COHORT_SEED}
    cohort["csv"] = digest(cohort_csv(COHORT_STUDENTS, COHORT_SEED))
    return {"cases": cases, "cohort": cohort}


def main(argv: list[str]) -> int:
    if argv[:1] == ["freeze"]:
        DIGESTS.write_text(json.dumps(freeze(), indent=1, sort_keys=True) + "\n")
        return 0
    if argv[:1] == ["cohort"] and len(argv) == 3:
        size = int(argv[1].lower().replace("k", "000").replace("m", "000000"))
        out = Path(argv[2])
        out.mkdir(parents=True, exist_ok=True)
        marks = cohort_marks(size, COHORT_SEED, out / f"marks-{argv[1]}.csv")
        spec = load_specification(MRES)
        found = regulations_path(spec)
        assert found is not None
        parameters = parameters_for(spec, load_regulations(found))
        inputs = load_inputs(spec, parameters, marks, None)
        result = evaluate(spec, parameters, inputs.marks, inputs.registrations)
        (out / f"results-{argv[1]}.csv").write_text(results_csv(result.results))
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

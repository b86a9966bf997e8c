"""The explanation of one student, read off the engine's frames."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from registrar.rules.engine import evaluate
from registrar.rules.inputs import load_inputs
from registrar.rules.steps import STEPS
from registrar.rules.trace import Trace, UnknownStudentError, explain
from tests.rules.helpers import EXAMPLES, mres, run, taught


def example_trace(student_id: str) -> Trace:
    marks = (EXAMPLES / "marks.csv").read_text(encoding="utf-8")
    return explain(run(marks), student_id)


def test_trace_lists_every_step_with_its_clause_in_order() -> None:
    trace = example_trace("S002")

    assert [s.name for s in trace.steps] == [s.name for s in STEPS]
    assert all(s.clause for s in trace.steps)


def test_trace_shows_late_ns_and_mc_rows() -> None:
    trace = example_trace("S002")
    rows = trace.steps[0]

    assert rows.inputs == [
        "COMP70028 attempt 1 (whole module): not submitted (NS) → 0.00",
        "COMP70059 attempt 1 (whole module): 66.00",
        "COMP70060 attempt 1 (whole module): empty, mitigating circumstances upheld (MC): "
        "attempt set aside",
        "COMP70060 attempt 2 (whole module): 61.00",
        "COMP70061 attempt 1 (whole module): 58.00",
        "COMP70076 attempt 1 (whole module): 70.00, 6.00 hours late → capped at the pass "
        "mark 50.00: 50.00",
    ]


def test_trace_shows_the_powa_arithmetic_and_the_parameters_read() -> None:
    trace = example_trace("S001")
    powa = next(s for s in trace.steps if s.name == "powa")

    assert powa.inputs == [
        "(45.00 × 5 + 71.50 × 60 + 68.00 × 10 + 72.25 × 10 + 64.00 × 5) / 90 = 6237.50 / 90"
    ]
    assert powa.result == "POWA 69.31 (exact, rounded once, half up)"
    assert [(p.name, p.value, p.status) for p in powa.parameters] == [
        ("rounding", "half_up_2dp", "assumed")
    ]


def test_trace_shows_compensation_and_the_assumed_parameters_relied_on() -> None:
    trace = example_trace("S001")
    compensation = next(s for s in trace.steps if s.name == "compensation")

    assert compensation.result == "compensated: COMP70010"
    assert [p.name for p in trace.assumed] == [
        "pass_mark",
        "rounding",
        "compensation_zone",
        "compensation_requires_pass_average",
        "borderline_margin",
        "borderline_effect",
    ]
    assert trace.assumed[2].reference.startswith("Regs A, compensation")


def test_trace_renders_text_and_json() -> None:
    trace = example_trace("S001")
    text = trace.render()
    data = trace.as_dict()

    assert text.splitlines()[0] == "Student S001: awarded"
    assert "11. Classification, lowered to the project's band" in text
    assert data["outcome"]["classification"] == "Merit"
    assert data["steps"][10]["result"] == "Merit"


def test_trace_of_component_marks_shows_the_weighted_mean() -> None:
    marks = (
        "student_id,module_code,component,mark\n"
        "S1,COMP70059,Background report,70\n"
        "S1,COMP70059,Research thesis,69.99\n"
        "S1,COMP70059,Oral presentation,70\n"
    )
    trace = explain(run(marks), "S1")
    module_mark = next(s for s in trace.steps if s.name == "module_mark")

    assert module_mark.inputs == [
        "COMP70059 attempt 1: Background report 70.00 × 20% + Research thesis 69.99 × 50% + "
        "Oral presentation 70.00 × 30% = 70.00 (rounded once, half up)"
    ]


def test_unknown_student_is_an_error() -> None:
    with pytest.raises(UnknownStudentError, match="student S9 is not in the marks"):
        example_trace("S9")


def test_explaining_one_student_alone_gives_the_cohorts_trace() -> None:
    from registrar.rules.trace import explain_one
    from tests.rules.golden import COHORT_SEED, cohort_marks

    with tempfile.TemporaryDirectory() as folder:
        marks = cohort_marks(200, COHORT_SEED, Path(folder) / "marks.csv")
        inputs = load_inputs(mres(), taught(), marks, None)
    evaluation = evaluate(mres(), taught(), inputs.marks, inputs.registrations)

    for student_id in evaluation.student_ids()[::37]:
        alone = explain_one(mres(), taught(), inputs.marks, None, student_id)
        assert alone.as_dict() == explain(evaluation, student_id).as_dict()
    with pytest.raises(UnknownStudentError):
        explain_one(mres(), taught(), inputs.marks, None, "nobody")

"""Properties of the engine (Python API), checked with Hypothesis on MRes students.

- raising any mark never worsens a status or a classification;
- the POWA lies between the lowest and highest counted (standing) module marks;
- credits earned never exceed the credits registered;
- a student alone gets the same result as inside a cohort.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registrar.rules.engine import Evaluation, evaluate, parameters_for
from registrar.rules.inputs import load_inputs
from registrar.rules.parameters import load_regulations
from tests.rules.case_runner import MRES, REPO, spec_at

SPEC = spec_at(MRES)
PARAMETERS = parameters_for(SPEC, load_regulations(REPO / "regulations/imperial/taught.yaml"))
HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours"
FIXED = ("COMP70059", "COMP70060", "COMP70061", "COMP70076")
ELECTIVES = ("COMP70010", "COMP70028", "COMP70053")
ECTS = {m.code: m.ects for m in SPEC.modules}
COMPONENTS = {m.code: [c.name for c in m.components] for m in SPEC.modules}
STATUS_RANK = {"failed": 0, "incomplete": 1, "referred": 2, "awarded": 3}
CLASS_RANK = {"": 0, None: 0, "Pass": 1, "Merit": 2, "Distinction": 3}

SETTINGS = settings(
    max_examples=30,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# marks in hundredths, leaning on the boundaries the rules care about
hundredths = st.one_of(
    st.integers(0, 10_000),
    st.sampled_from([3999, 4000, 4999, 5000, 5999, 6000, 6997, 6999, 7000, 10_000]),
)


def text(mark: int | None) -> str:
    return "" if mark is None else str(Decimal(mark) / 100)


@st.composite
def attempt_rows(draw: st.DrawFn, code: str, attempt: int) -> list[list[Any]]:
    """One attempt's rows [component, attempt, mark, flag, late_hours]."""
    components = COMPONENTS[code]
    names = components if components and draw(st.booleans()) else [""]
    rows = []
    for name in names:
        flag = draw(st.sampled_from(["", "", "", "", "", "NS", "MC"]))
        mark = None if flag == "NS" else draw(hundredths)
        late = draw(st.sampled_from(["", "", "", "", "6", "24", "25"])) if flag != "NS" else ""
        rows.append([name, attempt, mark, flag, late])
    return rows


@st.composite
def student_rows(draw: st.DrawFn) -> list[list[Any]]:
    """A student's rows [module_code, component, attempt, mark, flag, late_hours]."""
    modules = [*FIXED, draw(st.sampled_from(ELECTIVES))]
    rows: list[list[Any]] = []
    for code in modules:
        if code != "COMP70059" and draw(st.integers(0, 30)) == 0:
            continue  # no marks yet for this module (every student has some row)
        attempts = draw(st.integers(1, 2))
        for attempt in range(1, attempts + 1):
            rows += [[code, *row] for row in draw(attempt_rows(code, attempt))]
    return rows


def csv_text(students: dict[str, list[list[Any]]]) -> str:
    lines = [HEADER]
    for sid, rows in students.items():
        for code, component, attempt, mark, flag, late in rows:
            lines.append(f"{sid},{code},{component},{attempt},{text(mark)},{flag},{late}")
    return "\n".join(lines) + "\n"


def run(
    students: dict[str, list[list[Any]]], registrations: dict[str, list[str]] | None = None
) -> Evaluation:
    with tempfile.TemporaryDirectory() as tmp:
        marks = Path(tmp) / "marks.csv"
        marks.write_text(csv_text(students), encoding="utf-8")
        regs = None
        if registrations is not None:
            regs = Path(tmp) / "registrations.csv"
            regs.write_text(
                "student_id,module_code\n"
                + "".join(f"{s},{c}\n" for s, codes in registrations.items() for c in codes),
                encoding="utf-8",
            )
        inputs = load_inputs(SPEC, PARAMETERS, marks, regs)
        return evaluate(SPEC, PARAMETERS, inputs.marks, inputs.registrations)


def records(evaluation: Evaluation) -> dict[str, dict[str, Any]]:
    return {str(r["student_id"]): r for r in evaluation.results.iter_rows(named=True)}


@SETTINGS
@given(rows=student_rows(), data=st.data())
def test_raising_a_mark_never_worsens_status_or_classification(
    rows: list[list[Any]], data: st.DataObject
) -> None:
    marked = [i for i, row in enumerate(rows) if row[3] is not None]
    if not marked:
        return
    index = data.draw(st.sampled_from(marked), label="row")
    old = rows[index][3]
    if old >= 10_000:
        return
    new = data.draw(st.integers(old + 1, 10_000), label="raised mark")
    raised = [list(row) for row in rows]
    raised[index][3] = new
    before = records(run({"S1": rows}))["S1"]
    after = records(run({"S1": raised}))["S1"]
    context = f"row {rows[index]} raised to {new}: before {before}, after {after}"
    assert STATUS_RANK[after["status"]] >= STATUS_RANK[before["status"]], context
    if before["status"] == after["status"] == "awarded":
        assert CLASS_RANK[after["classification"]] >= CLASS_RANK[before["classification"]], context


@SETTINGS
@given(rows=student_rows())
def test_powa_lies_between_the_lowest_and_highest_counted_module_marks(
    rows: list[list[Any]],
) -> None:
    evaluation = run({"S1": rows})
    result = records(evaluation)["S1"]
    # one student in the run: every row of the per-module frame is S1's
    # (`standing` is the standing mark in hundredths, None without one)
    standing = evaluation.modules.filter(pl.col("standing").is_not_null())["standing"].to_list()
    if not standing:
        assert result["powa"] is None
        return
    powa = Decimal(result["powa"])
    assert Decimal(min(standing)) / 100 <= powa <= Decimal(max(standing)) / 100, (
        result,
        standing,
    )


@SETTINGS
@given(rows=student_rows(), registered_without_marks=st.booleans())
def test_credits_earned_never_exceed_credits_registered(
    rows: list[list[Any]], registered_without_marks: bool
) -> None:
    codes = sorted({row[0] for row in rows} | set(FIXED))
    if registered_without_marks and not any(c in ELECTIVES for c in codes):
        codes.append(ELECTIVES[0])
    result = records(run({"S1": rows}, {"S1": codes}))["S1"]
    registered = sum(ECTS[c] for c in codes)
    assert 0 <= result["credits_compensated"] <= result["credits_earned"] <= registered, result
    # without registrations: the modules marked plus every core and compulsory module
    alone = records(run({"S1": rows}))["S1"]
    assert alone["credits_earned"] <= registered, alone


@SETTINGS
@given(cohort=st.lists(student_rows(), min_size=2, max_size=6))
def test_a_student_alone_gets_the_same_result_as_inside_a_cohort(
    cohort: list[list[list[Any]]],
) -> None:
    students = {f"S{i}": rows for i, rows in enumerate(cohort)}
    together = records(run(students))
    for sid, rows in students.items():
        alone = records(run({sid: rows}))
        assert alone[sid] == together[sid], (sid, alone[sid], together[sid])

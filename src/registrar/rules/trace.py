"""The explanation of one student's outcome, read off the engine's own frames.

Nothing here recomputes a rule: every number is a column the engine wrote
(`Evaluation.rows`, `.attempts`, `.modules`, `.students`); this module only
selects one student's rows and words them, step by step, with the clause each
step implements and the parameters it consulted (value, status, source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registrar.rules.engine import Evaluation
from registrar.rules.numbers import hundredths_text
from registrar.rules.parameters import Parameter
from registrar.rules.steps import STEPS


class UnknownStudentError(LookupError):
    def __init__(self, student_id: str) -> None:
        self.student_id = student_id
        super().__init__(f"student {student_id} is not in the marks or registrations")


@dataclass(frozen=True)
class ParameterUse:
    name: str
    value: str
    status: str
    reference: str
    effective_from: str
    unit: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "status": self.status,
            "effective_from": self.effective_from,
            "reference": self.reference,
        }


@dataclass(frozen=True)
class TraceStep:
    name: str
    label: str
    clause: str
    inputs: list[str]
    result: str
    parameters: list[ParameterUse]

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.name,
            "label": self.label,
            "clause": self.clause,
            "inputs": self.inputs,
            "result": self.result,
            "parameters": [p.as_dict() for p in self.parameters],
        }


@dataclass(frozen=True)
class Trace:
    student_id: str
    outcome: dict[str, Any]
    steps: list[TraceStep]
    assumed: list[ParameterUse] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "student_id": self.student_id,
            "outcome": self.outcome,
            "steps": [s.as_dict() for s in self.steps],
            "assumed_parameters": [p.as_dict() for p in self.assumed],
        }

    def render(self) -> str:
        """Indented text for a registry officer."""
        o = self.outcome
        lines = [f"Student {self.student_id}: {o['status']}"]
        for key in ("award", "classification", "powa", "project_mark"):
            if o.get(key) not in (None, ""):
                lines.append(f"  {key.replace('_', ' ')}: {o[key]}")
        lines.append(
            f"  credits earned: {o['credits_earned']} (compensated: {o['credits_compensated']})"
        )
        if o["referred_modules"]:
            lines.append(f"  referred modules: {o['referred_modules'].replace(';', ', ')}")
        lines.append(f"  DIC: {'yes' if o['dic'] else 'no'}")
        if o["reasons"]:
            lines.append(f"  reasons: {o['reasons']}")
        if o.get("flags"):
            lines.append(f"  flags for the board: {o['flags'].replace(';', ', ')}")
        for number, step in enumerate(self.steps, start=1):
            lines.append("")
            lines.append(f"{number}. {step.label}  [{step.clause}]")
            lines.extend(f"     {line}" for line in step.inputs)
            lines.append(f"   → {step.result}")
            for use in step.parameters:
                lines.append(
                    f"   parameter {use.name} = {use.value} ({use.status}; "
                    f"from {use.effective_from}; {use.reference})"
                )
        lines.append("")
        if self.assumed:
            lines.append("This outcome depends on these assumed parameters:")
            lines.extend(f"  - {p.name} = {p.value}: {p.reference}" for p in self.assumed)
        else:
            lines.append("This outcome depends on no assumed parameter.")
        return "\n".join(lines)


def _use(parameters: dict[str, Parameter], name: str) -> ParameterUse:
    p = parameters[name]
    return ParameterUse(name, p.display(), p.status.value, p.reference, p.effective_from, p.unit)


def _mark(value: int | None) -> str:
    return hundredths_text(value) if value is not None else "none"


def _row_lines(rows: list[dict[str, Any]]) -> tuple[list[str], str]:
    lines = []
    adjusted = 0
    for r in rows:
        where = f"{r['module_code']} attempt {r['attempt']}" + (
            f", {r['component']}" if r["component"] else " (whole module)"
        )
        given = _mark(r["mark"]) if r["mark"] is not None else "empty"
        effect = r["row_effect"]
        late = hundredths_text(r["late"])
        if effect == "not_submitted":
            text = f"{where}: not submitted (NS) → {_mark(r['row_mark'])}"
        elif effect == "late_capped":
            text = (
                f"{where}: {given}, {late} hours late → capped at the pass mark "
                f"{_mark(r['pass'])}: {_mark(r['row_mark'])}"
            )
        elif effect == "late_zero":
            text = f"{where}: {given}, {late} hours late (beyond the window) → 0.00"
        elif effect == "set_aside":
            text = f"{where}: {given}, mitigating circumstances upheld (MC): attempt set aside"
        else:
            text = f"{where}: {given}"
        if effect != "none":
            adjusted += 1
        lines.append(text)
    result = f"{adjusted} row(s) changed by late work, NS or MC" if adjusted else "no row changed"
    return lines, result


def explain(evaluation: Evaluation, student_id: str) -> Trace:
    """The trace of one student's outcome; UnknownStudentError if not in the cohort."""
    view = evaluation.of_student(student_id)
    if view is None:
        raise UnknownStudentError(student_id)
    outcome = view.result
    s = view.student
    rows = view.rows.sort("module_code", "attempt", "component").to_dicts()
    attempts = view.attempts.sort("module_code", "attempt").to_dicts()
    modules = view.modules.sort("module_code").to_dicts()
    weights = {(m.code, c.name): c.weight for m in evaluation.spec.modules for c in m.components}
    p = evaluation.parameters
    by_step: dict[str, tuple[list[str], str]] = {}

    by_step["row_mark"] = _row_lines(rows)

    lines = []
    for a in attempts:
        where = f"{a['module_code']} attempt {a['attempt']}"
        if a["set_aside"]:
            lines.append(f"{where}: set aside (MC), no module mark")
        elif a["whole"]:
            lines.append(f"{where}: whole-module mark {_mark(a['mark'])}")
        elif not a["complete"]:
            lines.append(f"{where}: incomplete, only {a['n_given']} component(s) marked")
        else:
            given = {
                r["component"]: r["row_mark"]
                for r in rows
                if r["module_code"] == a["module_code"] and r["attempt"] == a["attempt"]
            }
            parts = [
                f"{name} {_mark(given[name])} × {weight}%"
                for (code, name), weight in weights.items()
                if code == a["module_code"] and name in given
            ]
            lines.append(
                f"{where}: {' + '.join(parts)} = {_mark(a['mark'])} (rounded once, half up)"
            )
    by_step["module_mark"] = (lines, f"{len(attempts)} attempt(s) marked")

    lines = []
    for a in attempts:
        where = f"{a['module_code']} attempt {a['attempt']}"
        if a["set_aside"]:
            lines.append(f"{where}: set aside; uses no sit")
        elif not a["complete"]:
            lines.append(f"{where}: incomplete (marks still to come); uses no sit")
        elif a["sit"] >= 2 and a["counted"] != a["mark"]:
            lines.append(
                f"{where}: sit {a['sit']} (a resit) → {_mark(a['mark'])} capped to "
                f"{_mark(a['counted'])}"
            )
        else:
            kind = "a resit" if a["sit"] >= 2 else "first sit"
            lines.append(f"{where}: sit {a['sit']} ({kind}) → counts {_mark(a['counted'])}")
    by_step["sit"] = (lines, "counted marks as above")

    lines = []
    for m in modules:
        counted = [
            _mark(a["counted"])
            for a in attempts
            if a["module_code"] == m["module_code"] and not a["set_aside"]
        ]
        shown = ", ".join(counted) if counted else "no attempt"
        stands = "pending (an attempt is incomplete)" if m["pending"] else _mark(m["standing"])
        lines.append(f"{m['module_code']}: counted marks [{shown}] → stands at {stands}")
    by_step["standing_mark"] = (lines, f"{len(modules)} module(s) taken")

    lines = []
    for m in modules:
        verdict = {
            "passed": "passed",
            "zone": "in the compensation zone",
            "failed": "failed",
            "missing": "no result yet (marks missing)",
        }[m["mark_result"]]
        core = " (core)" if m["category"] == "core" else ""
        lines.append(
            f"{m['module_code']}{core}, {m['ects']} ECTS, level {m['level']}: "
            f"{_mark(m['standing'])} against pass mark {_mark(m['pass'])} → {verdict}"
        )
    by_step["module_result"] = (lines, "as above")

    with_mark = [m for m in modules if m["standing"] is not None]
    terms = " + ".join(f"{_mark(m['standing'])} × {m['ects']}" for m in with_mark)
    if s["powa"] is None:
        by_step["powa"] = ([], "no module has a standing mark yet: no POWA")
    else:
        by_step["powa"] = (
            [f"({terms}) / {s['powa_den']} = {_mark(s['powa_num'])} / {s['powa_den']}"],
            f"POWA {_mark(s['powa'])} (exact, rounded once, half up)",
        )

    zone = [m for m in modules if m["mark_result"] == "zone"]
    if not zone:
        by_step["compensation"] = ([], "no module in the compensation zone")
    else:
        award_pass = [m["pass"] for m in modules if m["level"] == p["award_level"].value]
        limit = p["max_compensated_credits"].display()
        listed = ", ".join(
            f"{m['module_code']} ({m['ects']} ECTS, {_mark(m['standing'])})" for m in zone
        )
        lines = [
            f"zone: {listed}",
            f"POWA {_mark(s['powa'])}; pass mark of the award's level "
            f"{_mark(award_pass[0] if award_pass else None)}; limit {limit} ECTS",
        ]
        if not s["may_compensate"]:
            lines.append(
                f"the POWA {_mark(s['powa'])} is below "
                f"{_mark(award_pass[0] if award_pass else None)}: no module is compensated"
            )
        else:
            lines.append("compensation is open: most credits within the limit, higher marks first")
        chosen = [m["module_code"] for m in zone if m["compensated"]]
        left = [m["module_code"] for m in zone if not m["compensated"]]
        result = f"compensated: {', '.join(chosen) or 'none'}"
        if left:
            result += f"; not compensated (count as failed): {', '.join(left)}"
        by_step["compensation"] = (lines, result)

    earned = [m for m in modules if m["result"] in ("passed", "compensated")]
    by_step["credits"] = (
        [f"{m['module_code']}: {m['result']}, {m['ects']} ECTS" for m in earned],
        f"credits earned {s['credits_earned']}, of which compensated {s['credits_compensated']}",
    )

    failed = [m for m in modules if m["result"] == "failed"]
    by_step["referral"] = (
        [
            f"{m['module_code']}: failed, {m['sits_used']} sit(s) used, {m['sits_left']} left"
            for m in failed
        ],
        f"referred: {outcome['referred_modules'].replace(';', ', ') or 'none'}"
        + (f"; no sit left: {s['exhausted_modules']}" if s["exhausted_modules"] else ""),
    )

    lines = [
        f"credits earned {s['credits_earned']} (needed {p['award_credits'].display()})",
        f"credits below level {p['award_level'].display()}: {s['credits_below_level']} "
        f"(at most {p['max_credits_below_level'].display()})",
        f"credits compensated {s['credits_compensated']} "
        f"(at most {p['max_compensated_credits'].display()})",
        "every core module passed" if not s["core_not_passed"] else "a core module is not passed",
    ]
    if s["missing_modules"]:
        lines.append(f"marks missing: {s['missing_modules']}")
    if s["unmet"]:
        lines.append(f"selection: {s['unmet']}")
    by_step["status"] = (lines, f"status {outcome['status']}")

    if outcome["status"] != "awarded":
        by_step["classification"] = ([], "no classification (not awarded)")
    else:
        bands = p["bands"].display()
        lines = [
            f"bands: {bands}",
            f"POWA {_mark(s['powa'])} → {_band(evaluation, s['powa_band'])}",
        ]
        if s["project_mark"] is not None:
            lines.append(
                f"project {p['project_module'].display()} {_mark(s['project_mark'])} → "
                f"{_band(evaluation, s['project_band'])}"
            )
        by_step["classification"] = (
            lines,
            f"{outcome['classification']}"
            + (" (lowered by the project mark)" if s["project_lowered"] else ""),
        )
    by_step["award"] = ([], f"award: {outcome['award'] or 'none'}")
    by_step["dic"] = (
        [f"associateship: {evaluation.spec.ownership.associateship or 'none'}"],
        "DIC: yes" if outcome["dic"] else "DIC: no",
    )
    flags = outcome["flags"]
    by_step["borderline"] = (
        [],
        f"flagged for the board: {flags.replace(';', ', ')}" if flags else "no flag",
    )

    steps = [
        TraceStep(
            step.name,
            step.label,
            step.clause,
            by_step[step.name][0],
            by_step[step.name][1],
            [_use(p, name) for name in step.parameters],
        )
        for step in STEPS
    ]
    assumed = [_use(p, n) for n in outcome["assumed_parameters"].split(";") if n]
    return Trace(student_id, outcome, steps, assumed)


def _band(evaluation: Evaluation, index: int) -> str:
    bands = evaluation.spec.award.bands
    return bands[index].name if index < len(bands) else "below every band"

"""A small scalar oracle for docs/rules.md: plain loops and exact Decimals.

Written from docs/rules.md alone (never from the engine), so that a
disagreement with the vectorised engine points at a bug or an ambiguity.
It lives in tests/ and is never imported by src/.

    classify(rows, spec, registrations=None, params=Params(), skills=None) -> list[dict]

`rows` are marks rows as the CSV contract gives them (dicts of strings:
student_id, module_code, and optionally component, attempt, mark, flag,
late_hours); `registrations` are (student_id, module_code) rows; `skills`, if given,
(student_id, course) rows of completed professional skills courses. The result is
one contract dict per student, in student_id order, with the keys of the
classification output (docs/rules.md, Output: powa and project_mark are
two-decimal strings or "", credits ints, dic a bool; empty is "", never None).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations
from typing import Any

from registrar.spec.model import Category, Specification

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Params:
    """The parameters of docs/rules.md, with their defaults."""

    pass_mark_level_7: Decimal = Decimal("50.00")  # FHEQ level 7 (and above)
    pass_mark_levels_4_6: Decimal = Decimal("40.00")
    zone_width: Decimal = Decimal("10.00")
    borderline_margin: Decimal = Decimal("1.00")
    max_sits: int = 2
    late_cap_hours: Decimal = Decimal("24")
    # None: the resit cap is the module's pass mark (rules.md, step 6)
    resit_cap: Decimal | None = None
    # None: taken from the specification's award rules
    compensation_limit: int | None = None
    # the switches the regulations leave open (issue 8, point 4), at their defaults
    resit_mark_stands: str = "better_of"  # or "resit_replaces": the latest attempt stands
    late_beyond_cap: Decimal | None = None  # None: zero; else marks deducted per day beyond
    rounding: str = ROUND_HALF_UP  # or ROUND_HALF_EVEN
    borderline_effect: str = "flag"  # or "uplift": the POWA's band raised by one

    def pass_mark(self, level: int) -> Decimal:
        return self.pass_mark_level_7 if level >= 7 else self.pass_mark_levels_4_6


def round_half_up(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """Round once, to two places, half up (69.995 → 70.00; 69.994 → 69.99), or by
    `rounding` (a `decimal` rounding mode: the `rounding` parameter)."""
    return value.quantize(CENT, rounding=rounding)


def fmt(value: Decimal | None) -> str:
    """Two decimals, or "" for no value (docs/rules.md, Output: never null)."""
    return "" if value is None else str(round_half_up(value))


def read_csv_text(text: str) -> list[dict[str, str]]:
    """CSV text (header row) → list of row dicts; a BOM is dropped."""
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@dataclass
class Attempt:
    number: int
    rows: list[dict[str, str]] = field(default_factory=list)


@dataclass
class ModuleOutcome:
    code: str
    ects: int
    level: int
    category: Category
    standing: Decimal | None = None  # the standing mark, rounded
    sits_used: int = 0  # complete attempts not set aside
    result: str = "none"  # passed | zone | failed | none (no standing mark, or pending)
    compensated: bool = False


def _row_mark(row: Mapping[str, str], pass_mark: Decimal, params: Params) -> Decimal | None:
    """Rules 1 and 3: a row's mark after NS and late work (MC handled per attempt)."""
    flag = (row.get("flag") or "").strip().upper()
    if flag == "NS":
        return ZERO
    raw = (row.get("mark") or "").strip()
    if raw == "":
        return None
    mark = Decimal(raw)
    late = Decimal((row.get("late_hours") or "").strip() or "0")
    if late > params.late_cap_hours:
        if params.late_beyond_cap is None:
            return ZERO  # more than 24 hours late
        # capped, then less the deduction for each day or part of a day beyond the window
        days = math.ceil((late - params.late_cap_hours) / 24)
        return max(ZERO, min(mark, pass_mark) - days * params.late_beyond_cap)
    if late > 0:
        return min(mark, pass_mark)  # up to and including 24 hours: capped at the pass mark
    return mark


class ComponentFailed(Decimal):
    """An attempt's mark held below the pass mark by a failed must-pass component."""


def _attempt_mark(
    attempt: Attempt,
    spec_components: dict[str, Decimal],
    pass_mark: Decimal,
    params: Params,
    minimums: dict[str, Decimal] | None = None,
) -> Decimal | None:
    """Rule 4: the attempt's module mark (rounded once), or None if incomplete."""
    whole = [r for r in attempt.rows if not (r.get("component") or "").strip()]
    parts = [r for r in attempt.rows if (r.get("component") or "").strip()]
    if whole and parts:
        raise ValueError("whole-module and component rows mixed in one attempt")
    if whole:
        return _row_mark(whole[0], pass_mark, params)
    if not spec_components:
        return None
    by_name = {(r.get("component") or "").strip(): r for r in parts}
    total = ZERO
    failed = False
    for name, weight in spec_components.items():
        if name not in by_name:
            return None  # a component is missing: the attempt is incomplete
        mark = _row_mark(by_name[name], pass_mark, params)
        if mark is None:
            return None
        threshold = minimums.get(name) if minimums else None
        failed |= threshold is not None and mark < threshold
        total += mark * weight
    mark = round_half_up(total / sum(spec_components.values()), params.rounding)
    # a must-pass component below its mark holds the attempt 0.01 below the pass mark
    return ComponentFailed(min(mark, pass_mark - CENT)) if failed else mark


def _module_outcome(
    code: str, attempts: list[Attempt], spec: Specification, params: Params
) -> ModuleOutcome:
    module = spec.module(code)
    if module is None:
        raise ValueError(f"unknown module {code}")
    pass_mark = params.pass_mark(module.fheq_level)
    cap = params.resit_cap if params.resit_cap is not None else pass_mark
    components = {c.name: c.weight for c in module.components}
    minimums = {c.name: c.must_pass for c in module.components if c.must_pass is not None}
    out = ModuleOutcome(code, module.ects, module.fheq_level, module.category)
    counted: list[Decimal] = []
    component_failed: list[bool] = []
    pending = False
    for attempt in sorted(attempts, key=lambda a: a.number):
        flags = {(r.get("flag") or "").strip().upper() for r in attempt.rows}
        if "MC" in flags:
            continue  # rule 2: the whole attempt is set aside
        mark = _attempt_mark(attempt, components, pass_mark, params, minimums)
        if mark is None:
            pending = True  # rule 4: incomplete — marks to come; uses no sit
            continue
        out.sits_used += 1  # rule 6: this attempt's sit number
        failed = isinstance(mark, ComponentFailed)
        if out.sits_used >= 2:
            mark = min(mark, cap)  # a resit counts capped
        counted.append(mark)
        component_failed.append(failed)
    if pending:
        return out  # rule 4: a pending module has no standing mark
    if counted:
        # the best counted mark, or the latest (resit_mark_stands)
        out.standing = max(counted) if params.resit_mark_stands == "better_of" else counted[-1]
        m = out.standing
        # standing on an attempt whose must-pass component failed: never compensated
        standing_on = [f for c, f in zip(counted, component_failed, strict=True) if c == m]
        blocked = (
            all(standing_on) if params.resit_mark_stands == "better_of" else component_failed[-1]
        )
        if m >= pass_mark:
            out.result = "passed"
        elif (
            m >= pass_mark - params.zone_width and module.category != Category.CORE and not blocked
        ):
            out.result = "zone"
        else:
            out.result = "failed"
    return out


def _choose_compensated(zone: list[ModuleOutcome], limit: int) -> set[str]:
    """Rule 11: most credits within the limit; then higher sorted marks; then lower codes."""
    best: tuple[Any, ...] | None = None
    chosen: set[str] = set()
    for size in range(len(zone) + 1):
        for subset in combinations(zone, size):
            credits = sum(m.ects for m in subset)
            if credits > limit:
                continue
            marks = tuple(sorted((m.standing or ZERO for m in subset), reverse=True))
            codes = tuple(sorted(m.code for m in subset))
            if best is None or _better(credits, marks, codes, best):
                best = (credits, marks, codes)
                chosen = {m.code for m in subset}
    return chosen


def _better(
    credits: int, marks: tuple[Decimal, ...], codes: tuple[str, ...], best: tuple[Any, ...]
) -> bool:
    if credits != best[0]:
        return credits > best[0]
    if marks != best[1]:
        return marks > best[1]
    return codes < best[2]


def _modules_of(
    student: str,
    marked: Iterable[str],
    spec: Specification,
    registrations: dict[str, list[str]] | None,
) -> list[str]:
    """'Which modules a student takes' (rules.md)."""
    if registrations is not None:
        return sorted(set(registrations.get(student, [])))
    codes = set(marked)
    for module in spec.modules:
        if module.category in (Category.CORE, Category.COMPULSORY) and module.runs_in(spec.year):
            codes.add(module.code)
    return sorted(codes)


def _selection_met(codes: list[str], spec: Specification) -> bool:
    for stage in spec.stages:
        for rule in stage.selection:
            pool = [
                m
                for m in spec.modules
                if m.category == rule.category
                and (rule.group is None or m.group == rule.group)
                and m.runs_in(spec.year)
            ]
            taken = [m for m in pool if m.code in codes]
            if rule.choose == "all":
                if len(taken) != len(pool):
                    return False
            elif len(taken) != rule.choose:
                return False
    return True


def classify_student(
    student: str,
    rows: list[dict[str, str]],
    spec: Specification,
    registered: list[str],
    params: Params = Params(),
    completed: set[str] | None = None,
) -> dict[str, Any]:
    """The contract dict for one student from their marks rows and modules; `completed`
    the professional skills courses done (None: not checked, #professional-skills)."""
    attempts: dict[str, dict[int, Attempt]] = {code: {} for code in registered}
    for row in rows:
        code = row["module_code"].strip()
        number = int((row.get("attempt") or "").strip() or "1")
        attempts.setdefault(code, {}).setdefault(number, Attempt(number)).rows.append(row)
    outcomes = [
        _module_outcome(code, list(attempts.get(code, {}).values()), spec, params)
        for code in registered
    ]
    award = spec.award
    reasons: list[str] = []

    # Rule 10: POWA over the modules that have a standing mark.
    with_mark = [o for o in outcomes if o.standing is not None]
    credits_with_mark = sum(o.ects for o in with_mark)
    powa: Decimal | None = None
    if credits_with_mark:
        powa = round_half_up(
            sum((o.standing * o.ects for o in with_mark if o.standing is not None), ZERO)
            / credits_with_mark,
            params.rounding,
        )

    # Rule 11: compensation, only when the POWA reaches the award level's pass mark.
    award_pass = params.pass_mark(award.min_level)
    limit = (
        params.compensation_limit
        if params.compensation_limit is not None
        else award.max_compensated_credits
    )
    zone = [o for o in outcomes if o.result == "zone"]
    if zone and powa is not None and powa >= award_pass:
        chosen = _choose_compensated(zone, limit)
        for o in zone:
            o.compensated = o.code in chosen
    for o in zone:
        if not o.compensated:
            o.result = "failed"

    # Rule 12: credits.
    credits_earned = sum(o.ects for o in outcomes if o.result == "passed" or o.compensated)
    credits_compensated = sum(o.ects for o in outcomes if o.compensated)
    below_level = sum(
        o.ects
        for o in outcomes
        if (o.result == "passed" or o.compensated) and o.level < award.min_level
    )

    # Rule 13: referred modules.
    failed = [o for o in outcomes if o.result == "failed"]
    referred = sorted(o.code for o in failed if o.sits_used < params.max_sits)
    dead = sorted(o.code for o in failed if o.sits_used >= params.max_sits)
    missing = sorted(o.code for o in outcomes if o.standing is None)

    # Rule 14: status, the first that applies.
    core_passed = all(o.result == "passed" for o in outcomes if o.category == Category.CORE)
    # rules.md#professional-skills: every listed course, when completions are given
    outstanding = (
        []
        if completed is None
        else [c.code for c in award.required_courses if c.code not in completed]
    )
    if dead:
        status = "failed"
        reasons.append("failed with no attempt left: " + ", ".join(dead))
    elif missing or not _selection_met(registered, spec) or outstanding:
        status = "incomplete"
        if missing or not _selection_met(registered, spec):
            reasons.append("no standing mark: " + ", ".join(missing) if missing else "selection")
        if outstanding:
            reasons.append("skills: " + ", ".join(outstanding))
    elif referred:
        status = "referred"
        reasons.append("referred: " + ", ".join(referred))
    elif (
        credits_earned >= award.min_credits
        and below_level <= award.max_credits_below_min_level
        and credits_compensated <= limit
        and core_passed
    ):
        status = "awarded"
    else:  # rules.md 14: every module decided, the award still out of reach
        status = "failed"
        reasons.append("award requirements not met")

    # Rules 15, 16 and 18: classification, award, flags for the board.
    classification = ""
    award_name = ""
    flags: list[str] = []
    project = next((o for o in outcomes if o.code == award.project_module), None)
    if status == "awarded":
        award_name = award.name
        powa_band = _band(powa, spec)
        project_band = 0
        if project is not None and project.standing is not None:
            project_band = _band(project.standing, spec)
        names = [b.name for b in award.bands]
        # within the margin below the threshold of a band higher than the POWA's
        borderline = powa is not None and any(
            b.min_mark - params.borderline_margin <= powa < b.min_mark
            for b in award.bands[:powa_band]
        )
        if borderline:
            flags.append("borderline")
        effective = powa_band
        if borderline and params.borderline_effect == "uplift":
            effective = powa_band - 1  # the POWA's band raised by one
        band = max(effective, project_band)  # index 0 is the highest band: max is the lower
        classification = names[band] if band < len(names) else ""
        if band > effective:
            flags.append("project_lowered")
    elif status == "failed":
        earned = [e for e in award.exit_awards if e.min_credits <= credits_earned]
        if earned:
            award_name = max(earned, key=lambda e: e.min_credits).name

    return {
        "student_id": student,
        "status": status,
        "award": award_name,
        "classification": classification,
        "powa": fmt(powa),
        "project_mark": fmt(project.standing if project is not None else None),
        "credits_earned": credits_earned,
        "credits_compensated": credits_compensated,
        "referred_modules": ";".join(referred),
        "dic": status == "awarded" and award_name == spec.programme.award,
        "reasons": "; ".join(reasons),
        "flags": ";".join(flags),  # not in the CSV contract: rules.md step 18
    }


def _band(mark: Decimal | None, spec: Specification) -> int:
    """Index into the bands (0 = highest); len(bands) when below every band."""
    bands = spec.award.bands
    if mark is None:
        return len(bands)
    for index, band in enumerate(bands):
        if mark >= band.min_mark:
            return index
    return len(bands)


def classify(
    rows: Iterable[Mapping[str, str]],
    spec: Specification,
    registrations: Iterable[Mapping[str, str]] | None = None,
    params: Params = Params(),
    skills: Iterable[Mapping[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Every student of the marks (and registrations) → contract dicts, by student_id."""
    done: dict[str, set[str]] | None = None
    if skills is not None:
        done = {}
        for row in skills:
            done.setdefault(row["student_id"].strip(), set()).add(row["course"].strip())
    by_student: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_student.setdefault(row["student_id"].strip(), []).append(dict(row))
    regs: dict[str, list[str]] | None = None
    if registrations is not None:
        regs = {}
        for reg in registrations:
            regs.setdefault(reg["student_id"].strip(), []).append(reg["module_code"].strip())
        for student in regs:
            by_student.setdefault(student, [])
    results = []
    for student in sorted(by_student):
        student_rows = by_student[student]
        registered = _modules_of(
            student, (r["module_code"].strip() for r in student_rows), spec, regs
        )
        completed = None if done is None else done.get(student, set())
        results.append(classify_student(student, student_rows, spec, registered, params, completed))
    return results

"""What a student sees of a board run: their marks, results, outcome, explanation and what-if.

Everything is read from the run, never from the live marks: the marks from the
run's stored `marks_csv`, module results and standing marks from the engine's
evaluation of what it stored (`evaluation_of`), the outcome from its proposal
plus the board's decision (`Outcome`), the explanation from the engine's trace
(`explanation_of`) and the marks still needed from the engine's what-if. Nothing
here decides anything: it selects one student's rows and words them for the
student, in full sentences, with the clause each step implements, and no
internal column name.

A student sees only a released run (`released_results`); `results_of` reads any
run and is for the registry (transcripts check the release themselves).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from registrar.boards.domain.reading import (
    Outcome,
    evaluation_of,
    explanation_of,
    outcome_of,
    outcome_words,
    released_run_for,
    what_if_of,
)
from registrar.boards.models import BoardRun
from registrar.people.models import Student
from registrar.programmes.domain.versions import specification_of
from registrar.rules.engine import StudentView
from registrar.rules.numbers import hundredths_text
from registrar.rules.parameters import Parameter
from registrar.rules.trace import Trace
from registrar.spec.model import Specification

NOT_RELEASED = "your results have not been released yet"

FLAG_WORDS = {
    "": "",
    "NS": "not submitted",
    "MC": "mitigating circumstances upheld",
}

# The result of a module, as a student reads it (keys are this module's vocabulary).
RESULT_WORDS = {
    "passed": "Passed",
    "passed at resit": "Passed at resit",
    "compensated": "Passed by compensation",
    "referred": "Referred: resit due",
    "failed": "Failed",
    "pending": "Incomplete: marks to come",
    "missing": "No mark yet",
}

HEADLINES = {
    "referred": "Referred: a resit is due",
    "incomplete": "Incomplete: marks are still to come",
    "failed": "Not awarded",
}

# The same, short, for the transcript's table (its notes explain them).
RESULT_SHORT = {
    "passed": "Passed",
    "passed at resit": "Passed (resit)",
    "compensated": "Compensated",
    "referred": "Referred",
    "failed": "Failed",
    "pending": "Incomplete",
    "missing": "No mark",
}

KIND_WORDS = {
    "outstanding": "marks still to come",
    "resit": "resit",
    "to choose": "still to be chosen",
}

# Student-facing titles of the engine's steps (rules/steps.py); the board's step is ours.
STEP_TITLES = {
    "row_mark": "Late work, non-submission and mitigating circumstances",
    "module_mark": "Your module marks",
    "sit": "First sits and resits",
    "standing_mark": "The mark that stands for each module",
    "module_result": "Module results",
    "powa": "Your overall average (POWA)",
    "compensation": "Compensation",
    "credits": "Credits earned",
    "referral": "Resits due",
    "status": "The requirements for the award",
    "classification": "Classification",
    "award": "Award",
    "dic": "Associateship",
    "borderline": "Close to a higher band",
}


class NotInRunError(LookupError):
    """The run did not evaluate this student."""


@dataclass(frozen=True)
class MarkLine:
    """One stored marks row of the run: a component's (or the whole module's) mark."""

    component: str  # "" = the whole module
    attempt: int
    mark: str  # "72.00", or "" with a flag
    flag: str  # "", "NS" or "MC"
    late_hours: str  # "" or "30.00"

    @property
    def flag_words(self) -> str:
        return FLAG_WORDS.get(self.flag, self.flag)

    def as_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "attempt": self.attempt,
            "mark": self.mark,
            "flag": self.flag,
            "late_hours": self.late_hours,
        }


@dataclass(frozen=True)
class ModuleLine:
    """A module the student took in the run: its credits, level, term, standing mark, result."""

    code: str
    title: str
    category: str
    term: str
    level: int
    ects: int
    cats: int
    standing: str  # "70.90", or "" when no mark stands
    result: str  # a key of RESULT_WORDS
    sits_used: int
    marks: list[MarkLine]

    @property
    def result_words(self) -> str:
        return RESULT_WORDS[self.result]

    @property
    def result_short(self) -> str:
        return RESULT_SHORT[self.result]

    def as_dict(self) -> dict[str, Any]:
        return {
            "module_code": self.code,
            "title": self.title,
            "category": self.category,
            "term": self.term,
            "fheq_level": self.level,
            "ects": self.ects,
            "cats": self.cats,
            "standing_mark": self.standing,
            "result": self.result,
            "result_words": self.result_words,
            "sits_used": self.sits_used,
            "marks": [m.as_dict() for m in self.marks],
        }


@dataclass(frozen=True)
class ExplainedStep:
    """One step of the engine's trace, in sentences for the student, with its source."""

    title: str
    sentences: list[str]
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "sentences": self.sentences, "source": self.source}


@dataclass(frozen=True)
class Needed:
    """A module still open (marks to come, or a resit) and the least mark for each band."""

    code: str
    title: str
    kind: str  # "outstanding", "resit" or "to choose" (the what-if's kinds)
    attempt: int
    components: list[str]  # the components the mark is for; empty = the whole module
    minimum: list[tuple[str, str]]  # (band, "57.50" or "not reachable"), highest band first

    @property
    def kind_words(self) -> str:
        return KIND_WORDS.get(self.kind, self.kind)

    def as_dict(self) -> dict[str, Any]:
        return {
            "module_code": self.code,
            "title": self.title,
            "kind": self.kind,
            "attempt": self.attempt,
            "components": self.components,
            "minimum": dict(self.minimum),
        }


@dataclass(frozen=True)
class StudentResults:
    """A student's results in one board run, as the student (and their transcript) sees them."""

    student: Student
    run: BoardRun
    spec: Specification
    outcome: Outcome
    dic: bool
    powa: str
    project_mark: str
    credits_earned: int
    credits_compensated: int
    modules: list[ModuleLine]
    explanation: list[ExplainedStep] = field(default_factory=list)
    needed: list[Needed] = field(default_factory=list)
    needed_notes: list[str] = field(default_factory=list)

    @property
    def outcome_words(self) -> str:
        """`awarded MRes Merit`, `referred`, … as the board decided."""
        return outcome_words(self.outcome.status, self.outcome.award, self.outcome.classification)

    @property
    def headline(self) -> str:
        """`Awarded MRes with Merit`, `Referred: resit due`, … as the board decided."""
        o = self.outcome
        if o.status == "awarded":
            award = o.award or self.spec.award.name
            return f"Awarded {award} with {o.classification}" if o.classification else award
        if o.status == "failed" and o.award:
            return f"Not awarded the {self.spec.award.name}; exit award {o.award}"
        return HEADLINES.get(o.status, o.status)

    @property
    def board_date(self) -> datetime | None:
        """When the board's decisions became final: the run's lock."""
        return self.run.locked_at

    @property
    def released_at(self) -> datetime | None:
        return self.run.released_at

    @property
    def cats_earned(self) -> int:
        return self.credits_earned * self.spec.programme.cats_per_ects

    def as_dict(self) -> dict[str, Any]:
        programme = self.spec.programme
        return {
            "student_id": self.student.student_id,
            "name": self.student.name,
            "programme": {
                "code": programme.code,
                "title": programme.title,
                "award": programme.award,
                "cohort": self.spec.year,
                "institution": self.spec.ownership.awarding_institution,
            },
            "run": self.run.pk,
            "board_date": _iso(self.board_date),
            "released_at": _iso(self.released_at),
            "outcome": {
                "headline": self.headline,
                "status": self.outcome.status,
                "award": self.outcome.award,
                "classification": self.outcome.classification,
                "dic": self.dic,
                "decision": self.outcome.decision_text,
                "decision_reason": self.outcome.decision_reason,
            },
            "powa": self.powa,
            "project_mark": self.project_mark,
            "credits_earned": self.credits_earned,
            "credits_compensated": self.credits_compensated,
            "modules": [m.as_dict() for m in self.modules],
            "explanation": [s.as_dict() for s in self.explanation],
            "still_needed": [n.as_dict() for n in self.needed],
            "notes": self.needed_notes,
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def local_date(value: datetime | None) -> str:
    """`3 July 2026` in the application's time zone, or empty."""
    if value is None:
        return ""
    day = timezone.localtime(value)
    return f"{day.day} {day:%B %Y}"


# Reading the run


def released_results(student: Student, *, detail: bool = True) -> StudentResults | None:
    """The student's results in the latest released run that evaluated them; None before release.

    `detail` adds the explanation and the marks still needed (the engine's what-if).
    """
    run = released_run_for(student)
    if run is None:
        return None
    return results_of(run, student, detail=detail)


def results_of(run: BoardRun, student: Student, *, detail: bool = True) -> StudentResults:
    """The student's results in `run`, released or not (NotInRunError if the run lacks them)."""
    outcome = outcome_of(run, student)
    stored = evaluation_of(run)
    view = stored.evaluation.of_student(student.student_id)
    if outcome is None or view is None:
        raise NotInRunError(f"board run {run.pk} did not evaluate student {student.student_id}")
    spec = specification_of(run.version)
    result = view.result
    modules = _modules(spec, view, _stored_marks(run, student.student_id))
    explanation: list[ExplainedStep] = []
    needed: list[Needed] = []
    notes: list[str] = []
    if detail:
        trace = explanation_of(run, student.student_id)
        explanation = explain_for_student(spec, stored.parameters, trace, view, outcome)
        if outcome.status in ("referred", "incomplete"):
            needed, notes = _still_needed(run, spec, student.student_id)
    return StudentResults(
        student=student,
        run=run,
        spec=spec,
        outcome=outcome,
        dic=dic_of(outcome, spec),
        powa=result["powa"],
        project_mark=result["project_mark"],
        credits_earned=int(result["credits_earned"]),
        credits_compensated=int(result["credits_compensated"]),
        modules=modules,
        explanation=explanation,
        needed=needed,
        needed_notes=notes,
    )


def dic_of(outcome: Outcome, spec: Specification) -> bool:
    """The associateship as the board decided: the engine's when the board agreed; otherwise
    it comes with the programme's own award when the board awards it (docs/rules.md#dic)."""
    if outcome.agrees:
        return outcome.proposal["dic"] == "true"
    return (
        outcome.status == "awarded"
        and outcome.award == spec.award.name
        and spec.ownership.associateship is not None
    )


def _stored_marks(run: BoardRun, student_id: str) -> dict[str, list[MarkLine]]:
    """The student's rows of the run's stored marks CSV, per module, by attempt and component."""
    by_module: dict[str, list[MarkLine]] = {}
    for row in csv.DictReader(io.StringIO(run.marks_csv)):
        if row["student_id"] != student_id:
            continue
        by_module.setdefault(row["module_code"], []).append(
            MarkLine(
                component=row["component"],
                attempt=int(row["attempt"]),
                mark=row["mark"],
                flag=row["flag"],
                late_hours=row["late_hours"],
            )
        )
    for lines in by_module.values():
        lines.sort(key=lambda m: (m.attempt, m.component))
    return by_module


def _result(module: dict[str, Any]) -> str:
    if module["result"] == "missing":
        return "pending" if module["pending"] else "missing"
    if module["referred"]:
        return "referred"
    if module["result"] == "passed" and module["sits_used"] >= 2:
        return "passed at resit"
    return str(module["result"])


def _modules(
    spec: Specification, view: StudentView, marks: dict[str, list[MarkLine]]
) -> list[ModuleLine]:
    lines = []
    for m in view.modules.to_dicts():
        code = m["module_code"]
        module = spec.module(code)
        lines.append(
            ModuleLine(
                code=code,
                title=module.title if module else code,
                category=m["category"],
                term=(module.term.replace("-", "–") if module else ""),
                level=int(m["level"]),
                ects=int(m["ects"]),
                cats=int(m["ects"]) * spec.programme.cats_per_ects,
                standing=hundredths_text(m["standing"]),
                result=_result(m),
                sits_used=int(m["sits_used"]),
                marks=marks.get(code, []),
            )
        )
    return lines


def _still_needed(
    run: BoardRun, spec: Specification, student_id: str
) -> tuple[list[Needed], list[str]]:
    """The engine's what-if on the run's stored inputs: the least mark for each band."""
    found = what_if_of(run, student_id)
    needed = []
    for target in found.targets:
        module = spec.module(target.module_code)
        needed.append(
            Needed(
                code=target.module_code,
                title=module.title if module else target.module_code,
                kind=target.kind,
                attempt=target.attempt,
                components=list(target.components),
                minimum=list(target.minimum.items()),
            )
        )
    return needed, list(found.notes)


# The explanation, in sentences


def readable_clause(clause: str) -> str:
    """A step's clause as a student reads it: which document, which rules.

    `docs/rules.md#module-mark, docs/rules.md#rounding; spec 'no more than 15 credits'` →
    `Registrar's reading of the regulations (module mark and rounding); the programme
    specification, “no more than 15 credits”`.
    """
    parts = []
    for part in (p.strip() for p in clause.split(";")):
        if part.startswith("docs/rules.md#"):
            names = [
                _anchor_words(a.strip().removeprefix("docs/rules.md#")) for a in part.split(",")
            ]
            parts.append(f"Registrar's reading of the regulations ({_listing(names)})")
        elif part.startswith("spec "):
            parts.append("the programme specification, " + _quoted(part.removeprefix("spec ")))
        elif part:
            parts.append(_quoted(part))
    return "; ".join(parts)


# Anchors of docs/rules.md read as words; these few are written as the documents write them.
_ANCHOR_WORDS = {"powa": "POWA", "dic": "DIC", "ns": "NS", "mc": "MC"}


def _anchor_words(anchor: str) -> str:
    """`late-work` → `late work`, `powa` → `POWA`."""
    return " ".join(_ANCHOR_WORDS.get(word, word) for word in anchor.split("-"))


def _quoted(text: str) -> str:
    """'Passing a module' → “Passing a module” (straight quotes to typographic ones)."""
    out = []
    opening = True
    for char in text:
        if char == "'":
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def _m(value: int | None) -> str:
    return hundredths_text(value) if value is not None else "none"


def _attempt_words(attempt: int) -> str:
    return "first attempt" if attempt == 1 else f"attempt {attempt}"


def _listing(items: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


class _Words:
    """Sentences for one student's steps, read off the engine's frames for that student."""

    def __init__(
        self,
        spec: Specification,
        parameters: dict[str, Parameter],
        view: StudentView,
    ) -> None:
        self.spec = spec
        self.p = parameters
        self.rows = view.rows.sort("module_code", "attempt", "component").to_dicts()
        self.attempts = view.attempts.sort("module_code", "attempt").to_dicts()
        self.modules = view.modules.sort("module_code").to_dicts()
        self.s = view.student
        self.result = view.result

    def title(self, code: str) -> str:
        module = self.spec.module(code)
        return f"{code} {module.title}" if module else code

    def row_mark(self) -> list[str]:
        sentences = []
        for r in self.rows:
            effect = r["row_effect"]
            if effect == "none":
                continue
            what = r["component"] or "the whole module"
            where = f"{self.title(r['module_code'])}, {what} ({_attempt_words(r['attempt'])})"
            late = hundredths_text(r["late"])
            if effect == "not_submitted":
                sentences.append(f"{where} was not submitted, so it counts {_m(r['row_mark'])}.")
            elif effect == "late_capped":
                sentences.append(
                    f"{where} was marked {_m(r['mark'])} and submitted {late} hours late, so "
                    f"it is capped at the pass mark: {_m(r['row_mark'])}."
                )
            elif effect == "late_zero":
                sentences.append(
                    f"{where} was submitted {late} hours late, after the late-submission "
                    "window closed, so it counts 0.00."
                )
            elif effect == "set_aside":
                sentences.append(
                    f"{where}: mitigating circumstances were upheld, so this attempt is set "
                    "aside; it does not count as one of your attempts."
                )
        return sentences or [
            "None of your marks was changed for late submission, non-submission or "
            "mitigating circumstances."
        ]

    def module_mark(self) -> list[str]:
        weights = {(m.code, c.name): c.weight for m in self.spec.modules for c in m.components}
        sentences = []
        for a in self.attempts:
            code = a["module_code"]
            where = f"{self.title(code)} ({_attempt_words(a['attempt'])})"
            if a["set_aside"]:
                continue
            if a["whole"]:
                sentences.append(f"{where}: marked as a whole, {_m(a['mark'])}.")
            elif not a["complete"]:
                module = self.spec.module(code)
                total = len(module.components) if module else a["n_given"]
                sentences.append(
                    f"{where}: not complete yet, {a['n_given']} of {total} components marked."
                )
            else:
                given = {
                    r["component"]: r["row_mark"]
                    for r in self.rows
                    if r["module_code"] == code and r["attempt"] == a["attempt"]
                }
                parts = [
                    f"{name} {_m(given[name])} weighted {weight}%"
                    for (module_code, name), weight in weights.items()
                    if module_code == code and name in given
                ]
                sentences.append(
                    f"{where}: {_listing(parts)} give a module mark of {_m(a['mark'])} "
                    "(rounded once to two decimal places, half up)."
                )
        return sentences

    def sit(self) -> list[str]:
        sentences = []
        for a in self.attempts:
            if a["set_aside"] or not a["complete"] or a["sit"] < 2:
                continue
            where = f"{self.title(a['module_code'])} ({_attempt_words(a['attempt'])})"
            if a["counted"] != a["mark"]:
                sentences.append(
                    f"{where} is a resit: its mark {_m(a['mark'])} counts as "
                    f"{_m(a['counted'])}, because a resit is capped at the pass mark."
                )
            else:
                sentences.append(f"{where} is a resit and counts {_m(a['counted'])}.")
        if any(a["set_aside"] for a in self.attempts):
            sentences.append(
                "An attempt set aside for mitigating circumstances is not counted as a sit: "
                "the next attempt is treated as a first sit and is not capped."
            )
        if not sentences:
            sentences.append("Every mark is from a first sit and counts as marked.")
        return sentences

    def standing_mark(self) -> list[str]:
        sentences = []
        for m in self.modules:
            counted = [
                _m(a["counted"])
                for a in self.attempts
                if a["module_code"] == m["module_code"]
                and not a["set_aside"]
                and a["counted"] is not None
            ]
            if m["pending"]:
                sentences.append(
                    f"{self.title(m['module_code'])}: no mark stands yet, because an attempt "
                    "is not complete."
                )
            elif len(counted) > 1:
                sentences.append(
                    f"{self.title(m['module_code'])}: the best of {_listing(counted)} stands, "
                    f"{_m(m['standing'])}."
                )
        return sentences or ["Each module's mark is the mark of its only attempt."]

    def module_result(self) -> list[str]:
        zone = self.p["compensation_zone"].display()
        sentences = []
        for m in self.modules:
            where = f"{self.title(m['module_code'])} ({m['ects']} ECTS)"
            mark, pass_mark = _m(m["standing"]), _m(m["pass"])
            verdict = m["mark_result"]
            if verdict == "passed":
                sentences.append(f"{where}: {mark}, at least the pass mark {pass_mark}: passed.")
            elif verdict == "zone":
                sentences.append(
                    f"{where}: {mark} is below the pass mark {pass_mark} but within {zone} "
                    "of it, in the compensation zone."
                )
            elif verdict == "failed":
                core = (
                    " A core module must be passed; it cannot be compensated."
                    if m["category"] == "core"
                    else ""
                )
                sentences.append(f"{where}: {mark} is below the pass mark {pass_mark}.{core}")
            else:
                sentences.append(f"{where}: no result yet, its marks are not all in.")
        return sentences

    def powa(self) -> list[str]:
        s = self.s
        if s["powa"] is None:
            return ["No module has a mark yet, so there is no overall average yet."]
        terms = " + ".join(
            f"{_m(m['standing'])} × {m['ects']}" for m in self.modules if m["standing"] is not None
        )
        return [
            "Your Programme Overall Weighted Average (POWA) is the average of your modules' "
            "standing marks, each weighted by its ECTS credits: "
            f"({terms}) / {s['powa_den']} = {_m(s['powa'])}, rounded once to two decimal "
            "places, half up."
        ]

    def compensation(self) -> list[str]:
        zone = [m for m in self.modules if m["mark_result"] == "zone"]
        if not zone:
            return ["No module is in the compensation zone, so none needs compensating."]
        award_level = self.p["award_level"].value
        award_pass = next((m["pass"] for m in self.modules if m["level"] == award_level), None)
        limit = self.p["max_compensated_credits"].display()
        listed = _listing([f"{m['module_code']} ({_m(m['standing'])})" for m in zone])
        if not self.s["may_compensate"]:
            return [
                f"{listed} {'is' if len(zone) == 1 else 'are'} in the compensation zone, but "
                f"your POWA {_m(self.s['powa'])} is below the pass mark {_m(award_pass)}, so "
                "no module can be compensated."
            ]
        sentences = []
        chosen = [m for m in zone if m["compensated"]]
        left = [m for m in zone if not m["compensated"]]
        if chosen:
            sentences.append(
                f"{_listing([m['module_code'] for m in chosen])} "
                f"{'is' if len(chosen) == 1 else 'are'} compensated: your POWA "
                f"{_m(self.s['powa'])} is at least the pass mark {_m(award_pass)}, and up to "
                f"{limit} ECTS may be compensated."
            )
        if left:
            sentences.append(
                f"{_listing([m['module_code'] for m in left])} cannot be compensated as well "
                f"(it would take you over {limit} ECTS, or the module is core), so "
                f"{'it counts' if len(left) == 1 else 'they count'} as failed."
            )
        return sentences

    def credits(self) -> list[str]:
        earned = self.s["credits_earned"]
        cats = earned * self.spec.programme.cats_per_ects
        compensated = self.s["credits_compensated"]
        sentence = f"You have earned {earned} ECTS credits ({cats} CATS)"
        if compensated:
            sentence += f", {compensated} of them by compensation"
        return [sentence + "."]

    def referral(self) -> list[str]:
        sentences = []
        for m in self.modules:
            if m["referred"]:
                left = m["sits_left"]
                sentences.append(
                    f"{self.title(m['module_code'])} is not passed and you have {left} "
                    f"attempt{'s' if left != 1 else ''} left: you are referred in it and "
                    "resit it."
                )
            elif m["exhausted"]:
                sentences.append(
                    f"{self.title(m['module_code'])} is not passed and no attempt is left."
                )
        return sentences or ["No module is referred: no resit is due."]

    def status(self) -> list[str]:
        p, s, award = self.p, self.s, self.spec.award
        sentences = [
            f"The {award.name} needs {p['award_credits'].display()} ECTS credits, at most "
            f"{p['max_credits_below_level'].display()} of them below level "
            f"{p['award_level'].display()} and at most {p['max_compensated_credits'].display()} "
            "compensated, and every core module passed."
        ]
        status = self.result["status"]
        if status == "awarded":
            sentences.append(
                f"You have {s['credits_earned']} ECTS credits and meet every requirement."
            )
        elif status == "incomplete":
            if s["missing_modules"]:
                sentences.append(
                    f"Marks are still to come for {s['missing_modules']}, so your result is "
                    "incomplete until they are in."
                )
            if s["unmet"]:
                sentences.append(
                    "Your modules do not yet meet the programme's rule for choosing them, so "
                    "your result is incomplete."
                )
            if s.get("skills_missing"):
                sentences.append(
                    "The professional skills courses "
                    f"{_listing(s['skills_missing'].split(', '))} are not yet recorded as "
                    "completed, so your result is incomplete until they are."
                )
        elif status == "referred":
            referred = self.result["referred_modules"].split(";")
            sentences.append(
                f"You have a resit due in {_listing(referred)}, so your result waits on "
                f"{'it' if len(referred) == 1 else 'them'}: you are referred."
            )
        else:
            if s["exhausted_modules"]:
                sentences.append(
                    f"{s['exhausted_modules']} cannot be passed any more (no attempt is left), "
                    f"so the {award.name} cannot be awarded."
                )
            else:
                sentences.append(
                    f"With {s['credits_earned']} ECTS credits the requirements are not met, so "
                    f"the {award.name} cannot be awarded."
                )
        return sentences

    def classification(self) -> list[str]:
        if self.result["status"] != "awarded":
            return []
        bands = self.spec.award.bands
        listed = _listing([f"{b.name} from {b.min_mark:.2f}" for b in bands])
        sentences = [f"The classification bands are {listed}."]

        def band(index: int) -> str:
            return bands[index].name if index < len(bands) else "below every band"

        s = self.s
        sentence = f"Your POWA {_m(s['powa'])} is in the {band(s['powa_band'])} band"
        project = self.spec.award.project_module
        if project and s["project_mark"] is not None:
            sentence += (
                f"; your project, {self.title(project)}, {_m(s['project_mark'])}, is in the "
                f"{band(s['project_band'])} band. The project must meet the band as well, so "
                f"your classification is {self.result['classification']}"
            )
            if s["project_lowered"]:
                sentence += ", lowered by the project mark"
        else:
            sentence += f": your classification is {self.result['classification']}"
        sentences.append(sentence + ".")
        return sentences

    def award(self) -> list[str]:
        award = self.result["award"]
        if not award:
            return ["No award." if self.result["status"] == "failed" else "No award yet."]
        if award != self.spec.award.name:
            return [f"Exit award: {award}."]
        return [f"Award: {award}."]

    def dic(self) -> list[str]:
        name = self.spec.ownership.associateship
        if name is None:
            return []
        if self.result["dic"]:
            return [f"With the {self.result['award']} you receive the {name}."]
        return [f"The {name} comes with the {self.spec.award.name} when it is awarded."]

    def borderline(self) -> list[str]:
        if not self.s["borderline"]:
            return []
        margin = self.p["borderline_margin"].display()
        return [
            f"Your POWA is within {margin} of the next band up, so the exam board looked at "
            "your results closely before deciding."
        ]


def explain_for_student(
    spec: Specification,
    parameters: dict[str, Parameter],
    trace: Trace,
    view: StudentView,
    outcome: Outcome,
) -> list[ExplainedStep]:
    """The trace's steps (in its order, with its clauses) in sentences for the student,
    then the board's decision. A step with nothing to say to this student is left out."""
    words = _Words(spec, parameters, view)
    steps = []
    for step in trace.steps:
        sentences = getattr(words, step.name)()
        if sentences:
            steps.append(
                ExplainedStep(
                    title=STEP_TITLES.get(step.name, step.label),
                    sentences=sentences,
                    source=readable_clause(step.clause),
                )
            )
    proposed = outcome_words(
        outcome.proposal["status"], outcome.proposal["award"], outcome.proposal["classification"]
    )
    if outcome.agrees:
        board = [f"The exam board agreed the outcome the regulations give: {proposed}."]
    else:
        board = [
            f"The regulations give {proposed}; the exam board decided "
            f"{outcome_words(outcome.status, outcome.award, outcome.classification)}.",
            f"The board's reason: {outcome.decision_reason}",
        ]
    steps.append(
        ExplainedStep(
            title="The exam board's decision",
            sentences=board,
            source="the exam board, which may differ from the regulations' outcome with a reason",
        )
    )
    assumed = [
        _assumed_words(parameters[use.name]) for use in trace.assumed if use.name in parameters
    ]
    if assumed:
        steps.append(
            ExplainedStep(
                title="Rules still to be confirmed",
                sentences=[
                    "These rules are Registrar's reading of the regulations until the registry "
                    "confirms them; your outcome relies on them:",
                    *assumed,
                ],
                source="the academic regulations, as read by Registrar",
            )
        )
    return steps


def _assumed_words(parameter: Parameter) -> str:
    """The parameter's description, without the regulations file's internal value names;
    its value when that is a number or a word a student reads."""
    description = re.sub(r"\s*\([^)]*_[^)]*\)", "", parameter.description).rstrip(".")
    value = parameter.display()
    if "_" in value or value in ("true", "false") or f"({value})" in description:
        return description + "."
    return f"{description}: {value}."

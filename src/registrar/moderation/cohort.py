"""Moderation of every module of a cohort, read off one evaluation by the engine.

**Which mark.** A module's distribution is of each registered student's
*first-attempt module mark*: the engine's module mark for attempt 1 (the
weighted mean of the components, rounded once, after not-submitted work scores
0.00 and late work is capped or zeroed; docs/rules.md#not-submitted, #late-work,
#module-mark). Moderation asks how the module's assessment marked its students
when they sat it; a resit is a later, different sitting whose counted mark is
capped at the pass mark, so it would blur that picture. Each student's *standing
mark* (the counted mark that stands over their attempts, docs/rules.md#standing-mark)
and the engine's module result
(passed, compensated, failed, missing, after compensation) are given beside it.

A registered student without a first-attempt mark is either **missing** (no
marks yet, or some components still to come: `no marks`, `incomplete`) or
**set aside** (attempt 1 set aside by upheld mitigating circumstances, `MC`,
whatever marks it holds). Neither is in the distribution; the states partition
the registered students: n + missing + set aside = registered.

**Against the rest of the cohort.** For the students with a mark in the module,
the mean of their first-attempt marks in their other modules, every (student,
module) mark counted once whatever its credits; the difference is the module's
mean minus that mean, from the exact values, rounded once. The cohort mean is
the mean of every first-attempt module mark in the cohort. Per student, the
same: the mean of their other modules' marks and the difference from it.

The students are those the evaluation holds: a board evaluates the cohort's
enrolled students on their registrations (stored.py). No Django here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import polars as pl

from registrar.moderation.statistics import (
    Bands,
    Distribution,
    bands,
    describe,
    difference,
    exact_mean,
    round_once,
)
from registrar.rules.engine import Evaluation
from registrar.spec.model import Category

MARKED = "marked"
NO_MARKS = "no marks"
INCOMPLETE = "incomplete"
SET_ASIDE = "set aside"
MISSING_STATES = (NO_MARKS, INCOMPLETE)

# What the engine did to a row of the first attempt (docs/rules.md#not-submitted, #late-work).
EFFECTS = {
    "not_submitted": "not submitted (NS), scored 0.00",
    "late_capped": "late, capped at the pass mark",
    "late_zero": "late beyond the window, scored 0.00",
}


def _decimal(hundredths: int | None) -> Decimal | None:
    return None if hundredths is None else Decimal(hundredths).scaleb(-2)


@dataclass(frozen=True)
class StudentMark:
    """One registered student's marks on the module."""

    student_id: str
    state: str  # marked, no marks, incomplete, set aside
    mark: Decimal | None  # the first-attempt module mark, when marked
    effects: tuple[str, ...]  # keys of EFFECTS that applied to the first attempt's rows
    standing: Decimal | None  # the standing mark after any resits (None while pending)
    result: str  # the engine's module result
    attempts: int  # the highest attempt with marks (0: none)
    other_mean: Decimal | None  # mean of their first-attempt marks in their other modules
    other_marks: int  # how many marks that mean is of
    difference: Decimal | None  # mark − other_mean, from the exact values

    @property
    def effect_words(self) -> tuple[str, ...]:
        return tuple(EFFECTS[e] for e in self.effects)


@dataclass(frozen=True)
class ModuleModeration:
    """A module's moderation: its first-attempt distribution, bands and comparison."""

    code: str
    title: str
    category: str
    ects: int
    level: int
    pass_mark: Decimal
    zone_low: Decimal | None  # the zone is [zone_low, pass_mark); None: no zone (core)
    students: tuple[StudentMark, ...]
    distribution: Distribution
    bands: Bands
    others_mean: Decimal | None
    others_marks: int
    difference: Decimal | None

    @property
    def registered(self) -> int:
        return len(self.students)

    @property
    def missing(self) -> int:
        return sum(1 for s in self.students if s.state in MISSING_STATES)

    @property
    def set_aside(self) -> int:
        return sum(1 for s in self.students if s.state == SET_ASIDE)

    @property
    def zone_high(self) -> Decimal | None:
        return None if self.zone_low is None else self.pass_mark - Decimal("0.01")

    def marks(self) -> list[Decimal]:
        return [s.mark for s in self.students if s.mark is not None]

    def bin_kind(self, low: Decimal, high: Decimal) -> str:
        """Where a histogram bin lies: `fail`, `zone`, `pass`, or `mixed` when it straddles."""
        fail_below = self.pass_mark if self.zone_low is None else self.zone_low
        if high < fail_below:
            return "fail"
        if low >= self.pass_mark:
            return "pass"
        if self.zone_low is not None and low >= self.zone_low and high < self.pass_mark:
            return "zone"
        return "mixed"


@dataclass(frozen=True)
class CohortModeration:
    """Every module's moderation, and the cohort's mean over all first-attempt marks."""

    modules: tuple[ModuleModeration, ...]
    mean: Decimal | None
    marks: int  # how many first-attempt module marks the cohort mean is of
    students: int  # students evaluated

    def module(self, code: str) -> ModuleModeration | None:
        return next((m for m in self.modules if m.code == code), None)


def _text_codes(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col("module_code").cast(pl.String))


def moderate(evaluation: Evaluation) -> CohortModeration:
    """The moderation of every module that runs this year or has registrations."""
    spec = evaluation.spec
    zone = evaluation.parameters["compensation_zone"].value
    assert isinstance(zone, Decimal)
    ids = dict(evaluation.students.select("sid", "student_id").iter_rows())
    pass_by_code = {
        code: Decimal(p).scaleb(-2)
        for code, p in evaluation.modules_table.select(
            pl.col("module_code").cast(pl.String), "pass"
        ).iter_rows()
    }

    taken = _text_codes(evaluation.modules).select(
        "sid", "module_code", "standing", "result", "last_attempt"
    )
    first: dict[tuple[int, str], tuple[bool, bool, int | None]] = {
        (sid, code): (set_aside, complete, mark)
        for sid, code, set_aside, complete, mark in _text_codes(
            evaluation.attempts.filter(pl.col("attempt") == 1)
        )
        .select("sid", "module_code", "set_aside", "complete", "mark")
        .iter_rows()
    }
    effects: dict[tuple[int, str], set[str]] = defaultdict(set)
    for sid, code, effect in (
        _text_codes(evaluation.rows.filter(pl.col("attempt") == 1))
        .filter(pl.col("row_effect").is_in(list(EFFECTS)))
        .select("sid", "module_code", "row_effect")
        .iter_rows()
    ):
        effects[sid, code].add(effect)

    # each student's first-attempt marks, by module
    rows: dict[str, list[tuple[int, str, Decimal | None, int, str]]] = defaultdict(list)
    by_student: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for sid, code, standing, result, last_attempt in taken.iter_rows():
        set_aside, complete, hundredths = first.get((sid, code), (False, False, None))
        if (sid, code) not in first:
            state = NO_MARKS
        elif set_aside:
            state = SET_ASIDE
        elif not complete or hundredths is None:
            state = INCOMPLETE
        else:
            state = MARKED
            by_student[sid][code] = Decimal(hundredths).scaleb(-2)
        rows[code].append((sid, state, _decimal(standing), last_attempt, result))

    all_marks = [m for marks in by_student.values() for m in marks.values()]
    modules: list[ModuleModeration] = []
    for module in spec.modules:
        if not module.runs_in(spec.year) and module.code not in rows:
            continue
        students: list[StudentMark] = []
        others: list[Decimal] = []
        for sid, state, standing, last_attempt, result in rows.get(module.code, []):
            mark = by_student[sid].get(module.code)
            elsewhere = [m for c, m in by_student[sid].items() if c != module.code]
            if mark is not None:
                others += elsewhere
            own_other = exact_mean(elsewhere)
            students.append(
                StudentMark(
                    student_id=ids[sid],
                    state=state,
                    mark=mark,
                    effects=tuple(e for e in EFFECTS if e in effects.get((sid, module.code), ())),
                    standing=standing,
                    result=result,
                    attempts=last_attempt,
                    other_mean=None if own_other is None else round_once(own_other),
                    other_marks=len(elsewhere),
                    difference=difference(None if mark is None else Fraction(mark), own_other),
                )
            )
        students.sort(key=lambda s: s.student_id)
        marks = [s.mark for s in students if s.mark is not None]
        pass_mark = pass_by_code[module.code]
        zone_low = (
            None if module.category == Category.CORE else max(pass_mark - zone, Decimal("0.00"))
        )
        others_exact = exact_mean(others)
        modules.append(
            ModuleModeration(
                code=module.code,
                title=module.title,
                category=module.category.value,
                ects=module.ects,
                level=module.fheq_level,
                pass_mark=pass_mark,
                zone_low=zone_low,
                students=tuple(students),
                distribution=describe(marks),
                bands=bands(marks, pass_mark, zone_low),
                others_mean=None if others_exact is None else round_once(others_exact),
                others_marks=len(others),
                difference=difference(exact_mean(marks), others_exact),
            )
        )
    cohort = exact_mean(all_marks)
    return CohortModeration(
        modules=tuple(modules),
        mean=None if cohort is None else round_once(cohort),
        marks=len(all_marks),
        students=len(ids),
    )

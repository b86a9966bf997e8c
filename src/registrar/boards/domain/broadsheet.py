"""The broadsheet of a board run: students × modules with standing marks, the proposal and flags.

Built once per run from the run's stored results and the engine's re-derived
evaluation of what it stored (`reading.evaluation_of`), then cached: a run's
stored inputs never change, so neither does its broadsheet. The board's decisions
change, so they are joined at reading time (`select_rows`), with one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from registrar.boards.domain.reading import Outcome, evaluation_of, outcomes, proposals
from registrar.boards.models import BoardRun
from registrar.rules.numbers import hundredths_text
from registrar.rules.parameters import hundredths_value
from registrar.spec.model import Category

# The flags a board looks for, in the order they are shown; each with a short tag and a
# sentence (`{margin}` is the regulations' borderline margin).
FLAGS: tuple[tuple[str, str, str], ...] = (
    ("borderline", "borderline", "within {margin} of a higher band"),
    ("project_lowered", "project", "classification lowered by the project mark"),
    ("compensated", "compensated", "a module compensated"),
    ("referred", "referred", "referred (a resit is due)"),
    ("mc", "MC", "mitigating circumstances upheld on an attempt"),
    ("incomplete", "incomplete", "marks missing or selection incomplete"),
)
FLAG_KEYS = tuple(key for key, _, _ in FLAGS)
# Filters beyond the engine's flags: how the board's decision stands.
DECISION_FILTERS = ("differs", "agreed", "undecided")
SORTS = ("id", "powa", "status")
STATUS_ORDER = {"awarded": 0, "referred": 1, "incomplete": 2, "failed": 3}
ELECTIVES = "electives"


@dataclass(frozen=True)
class ModuleColumn:
    key: str  # the module code, or ELECTIVES for the column holding every elective taken
    label: str
    title: str
    ects: int | None


@dataclass(frozen=True)
class ModuleCell:
    code: str
    mark: str  # the standing mark with two decimals; "" when it has none
    result: str  # passed, compensated, referred, failed (no sit left) or missing
    mc: bool  # an attempt of the module was set aside for mitigating circumstances

    @property
    def note(self) -> str:
        """A short mark of the result beside the mark (nothing for a plain pass)."""
        return {"compensated": "C", "referred": "R", "failed": "F", "missing": "—"}.get(
            self.result, ""
        )


@dataclass(frozen=True)
class SheetRow:
    student_id: str
    cells: tuple[tuple[ModuleCell, ...], ...]  # one tuple per column (usually one cell)
    proposal: dict[str, str]  # the run's stored classification row
    flags: tuple[str, ...]  # FLAG_KEYS that apply, in that order

    @property
    def powa_key(self) -> int:
        """The POWA in hundredths for sorting (-1 when there is none)."""
        powa = self.proposal["powa"]
        return int(powa.replace(".", "")) if powa else -1


@dataclass(frozen=True, eq=False)  # compared (and hashed) by identity: one per run
class Broadsheet:
    run_pk: int
    columns: tuple[ModuleColumn, ...]
    rows: tuple[SheetRow, ...]  # in student ID order
    margin: str  # the borderline margin, e.g. "1.00"

    def flag_sentence(self, key: str) -> str:
        return next(text for k, _, text in FLAGS if k == key).format(margin=self.margin)

    def flag_tag(self, key: str) -> str:
        return next(tag for k, tag, _ in FLAGS if k == key)


def _columns(run: BoardRun) -> tuple[ModuleColumn, ...]:
    spec = evaluation_of(run).evaluation.spec
    fixed = [
        ModuleColumn(m.code, m.code, m.title, m.ects)
        for m in spec.modules
        if m.category in (Category.CORE, Category.COMPULSORY) and m.runs_in(spec.year)
    ]
    if any(m.category == Category.ELECTIVE for m in spec.modules):
        fixed.append(ModuleColumn(ELECTIVES, "Elective", "the elective(s) taken", None))
    return tuple(fixed)


@lru_cache(maxsize=4)
def _broadsheet(run_pk: int, created_at: str) -> Broadsheet:
    run = BoardRun.objects.select_related("version").get(pk=run_pk)
    stored = evaluation_of(run)
    evaluation = stored.evaluation
    columns = _columns(run)
    position = {c.key: i for i, c in enumerate(columns)}
    elective_at = position.get(ELECTIVES)
    ids = evaluation.students.select("sid", "student_id")
    set_aside = (
        evaluation.attempts.filter(pl.col("set_aside"))
        .select("sid", "module_code")
        .unique()
        .with_columns(pl.lit(True).alias("mc"))
    )
    modules = (
        evaluation.modules.select(
            "sid", "module_code", "standing", "result", "referred", "exhausted"
        )
        .join(set_aside, on=["sid", "module_code"], how="left")
        .join(ids, on="sid", how="left")
        .with_columns(pl.col("module_code").cast(pl.String), pl.col("mc").fill_null(False))
        .sort("student_id", "module_code")
    )
    cells: dict[str, list[list[ModuleCell]]] = {}
    for student_id, code, standing, result, referred, exhausted, mc in modules.select(
        "student_id", "module_code", "standing", "result", "referred", "exhausted", "mc"
    ).iter_rows():
        shown = "referred" if referred else "failed" if exhausted else result
        cell = ModuleCell(
            code, hundredths_text(standing) if standing is not None else "", shown, mc
        )
        at = position.get(code, elective_at)
        if at is None:
            continue
        cells.setdefault(student_id, [[] for _ in columns])[at].append(cell)
    had_mc = dict(evaluation.students.select("student_id", "had_mc").iter_rows())
    rows = []
    for student_id, proposal in sorted(proposals(run).items()):
        engine_flags = set(filter(None, proposal.get("flags", "").split(";")))
        applies = {
            "borderline": "borderline" in engine_flags,
            "project_lowered": "project_lowered" in engine_flags,
            "compensated": int(proposal["credits_compensated"] or 0) > 0,
            "referred": proposal["status"] == "referred" or bool(proposal["referred_modules"]),
            "mc": bool(had_mc.get(student_id)),
            "incomplete": proposal["status"] == "incomplete",
        }
        rows.append(
            SheetRow(
                student_id,
                tuple(tuple(c) for c in cells.get(student_id, [[] for _ in columns])),
                proposal,
                tuple(key for key in FLAG_KEYS if applies[key]),
            )
        )
    margin = hundredths_text(hundredths_value(stored.parameters, "borderline_margin"))
    return Broadsheet(run_pk, columns, tuple(rows), margin)


def broadsheet_of(run: BoardRun) -> Broadsheet:
    """The run's broadsheet (built from what it stored, then cached)."""
    return _broadsheet(run.pk, run.created_at.isoformat())


@dataclass(frozen=True)
class BoardRow:
    """A broadsheet row with the board's decision on it."""

    sheet: SheetRow
    outcome: Outcome

    @property
    def student_id(self) -> str:
        return self.sheet.student_id

    @property
    def decided(self) -> bool:
        return self.outcome.decision is not None

    @property
    def differs(self) -> bool:
        return not self.outcome.agrees


def select_rows(
    run: BoardRun,
    *,
    status: str = "",
    flag: str = "",
    sort: str = "id",
    descending: bool = False,
) -> list[BoardRow]:
    """The run's rows with decisions, filtered by proposed `status` and by `flag` (a FLAG_KEY or
    one of DECISION_FILTERS), sorted by `sort` (id; powa, highest first; status, in the order
    awarded, referred, incomplete, failed), reversed by `descending`. Unknown values are
    ignored (no filter, sort by id)."""
    sheet = broadsheet_of(run)
    by_student = {o.student_id: o for o in outcomes(run)}
    rows = [BoardRow(row, by_student[row.student_id]) for row in sheet.rows]
    if status in STATUS_ORDER:
        rows = [r for r in rows if r.sheet.proposal["status"] == status]
    if flag in FLAG_KEYS:
        rows = [r for r in rows if flag in r.sheet.flags]
    elif flag == "differs":
        rows = [r for r in rows if r.differs]
    elif flag == "agreed":
        rows = [r for r in rows if r.decided and not r.differs]
    elif flag == "undecided":
        rows = [r for r in rows if not r.decided]
    if sort == "powa":
        # highest first; ties (and no POWA, last) in student ID order
        rows.sort(key=lambda r: (-r.sheet.powa_key, r.student_id))
    elif sort == "status":
        rows.sort(key=lambda r: (STATUS_ORDER.get(r.sheet.proposal["status"], 9), r.student_id))
    if descending:
        rows.reverse()
    return rows

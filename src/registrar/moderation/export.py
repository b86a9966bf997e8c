"""One module's moderation written out: JSON-ready data (the API) and CSV (the download).

Marks and statistics are two-decimal strings ("62.35"); an absent value is None in
the data and empty in the CSV. The CSV holds two tables one after the other,
separated by an empty line: `statistic,value` rows, then one row per registered
student. The per-student comparison with the student's other modules is written
only when `with_other_modules` (it tells a reader about marks in other modules).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from registrar.moderation.cohort import CohortModeration, ModuleModeration

STUDENT_COLUMNS = (
    "student_id",
    "family_name",
    "given_name",
    "first_attempt_mark",
    "state",
    "effects",
    "attempts",
    "standing_mark",
    "result",
)
COMPARISON_COLUMNS = ("other_modules_mean", "other_modules_marks", "difference")


@dataclass(frozen=True)
class Context:
    """What the module's data is about, from the records."""

    programme_id: int
    programme: str  # "G5ZB 2025-26"
    names: dict[str, tuple[str, str]]  # student_id → (given name, family name)
    with_other_modules: bool


def text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def module_data(
    module: ModuleModeration, cohort: CohortModeration, context: Context
) -> dict[str, Any]:
    d = module.distribution
    students = []
    for s in module.students:
        given, family = context.names.get(s.student_id, ("", ""))
        row: dict[str, Any] = {
            "student_id": s.student_id,
            "family_name": family,
            "given_name": given,
            "first_attempt_mark": text(s.mark),
            "state": s.state,
            "effects": list(s.effects),
            "attempts": s.attempts,
            "standing_mark": text(s.standing),
            "result": s.result,
        }
        if context.with_other_modules:
            row |= {
                "other_modules_mean": text(s.other_mean),
                "other_modules_marks": s.other_marks,
                "difference": text(s.difference),
            }
        students.append(row)
    return {
        "programme_id": context.programme_id,
        "programme": context.programme,
        "module_code": module.code,
        "module_title": module.title,
        "category": module.category,
        "ects": module.ects,
        "level": module.level,
        "mark": "first attempt",
        "pass_mark": text(module.pass_mark),
        "zone_low": text(module.zone_low),
        "zone_high": text(module.zone_high),
        "registered": module.registered,
        "n": d.n,
        "missing": module.missing,
        "set_aside": module.set_aside,
        "mean": text(d.mean),
        "median": text(d.median),
        "standard_deviation": text(d.standard_deviation),
        "minimum": text(d.minimum),
        "maximum": text(d.maximum),
        "passed": module.bands.passed,
        "in_zone": module.bands.in_zone,
        "failed": module.bands.failed,
        "histogram": [{"low": text(b.low), "high": text(b.high), "count": b.count} for b in d.bins],
        "other_modules_mean": text(module.others_mean),
        "other_modules_marks": module.others_marks,
        "difference": text(module.difference),
        "cohort_mean": text(cohort.mean),
        "cohort_marks": cohort.marks,
        "students": students,
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def module_csv(module: ModuleModeration, cohort: CohortModeration, context: Context) -> str:
    """The statistics, an empty line, then the students (LF line ends)."""
    data = module_data(module, cohort, context)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("statistic", "value"))
    for key, value in data.items():
        if key in ("histogram", "students"):
            continue
        writer.writerow((key, _cell(value)))
    for b in data["histogram"]:
        writer.writerow((f"bin {b['low']}-{b['high']}", b["count"]))
    writer.writerow(())
    columns = STUDENT_COLUMNS + (COMPARISON_COLUMNS if context.with_other_modules else ())
    writer.writerow(columns)
    for row in data["students"]:
        writer.writerow(tuple(_cell(row[c]) for c in columns))
    return buffer.getvalue()

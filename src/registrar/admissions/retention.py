"""How long the registry keeps an unsuccessful application's personal data: a dated parameter.

A file `regulations/<institution>/admissions/retention.yaml` holds it (beside the English
tests). Like a regulation parameter (`registrar.rules.parameters`) it says where it comes
from (`reference`), whether that source states it or we assume it (`status`), and its
`values`, keyed by the academic year of entry from which each takes effect: a cohort reads
the latest not after its own year. Pure: the date an application is due comes from its
cohort and the file, not from the database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints

from registrar.rules.parameters import YEAR, Status
from registrar.spec.loading import read_model
from registrar.spec.model import AcademicYear, Strict, Text
from registrar.spec.problems import Problem

MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]


class Period(Strict):
    years: int = Field(ge=1, le=100)
    cycle_closes: MonthDay  # the day, in the entry year's first calendar year, the cycle closes


class Retention(Strict):
    description: Text
    unit: Text
    status: Status
    reference: Text
    values: dict[AcademicYear, Period] = Field(min_length=1)

    def at(self, cohort: str) -> Period | None:
        """The period in force for a cohort entering in `cohort` (`DatedParameter.at`)."""
        taking_effect = [y for y in self.values if y <= cohort]
        return self.values[max(taking_effect)] if taking_effect else None

    def due(self, cohort: str) -> dt.date | None:
        """The day from which an unsuccessful application of the cohort may be erased: `years`
        after its cycle closed (None: no period in force for the cohort)."""
        period = self.at(cohort)
        match = YEAR.fullmatch(cohort)
        if period is None or match is None:
            return None
        month, day = (int(n) for n in period.cycle_closes.split("-"))
        return dt.date(int(match[1]) + period.years, month, day)


class RetentionFile(Strict):
    institution: Text
    title: Text
    source: Text
    retention: Retention


class RetentionError(Exception):
    """The retention file is wrong or missing; `problems` lists every problem in the house form."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_retention(path: Path) -> Retention:
    """Read and check a retention file; RetentionError lists every problem."""
    found, doc, problems = read_model(path, RetentionFile, "a retention file", RetentionError)
    for year, period in found.retention.values.items():
        at = ("retention", "values", year)
        match = YEAR.fullmatch(year)
        if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
            problems.append(
                Problem(
                    path,
                    doc.line_of(at),
                    at,
                    f"{year!r} is not an academic year",
                    "write one like 2025-26",
                )
            )
        month, day = (int(n) for n in period.cycle_closes.split("-"))
        try:
            dt.date(2001, month, day)  # not a leap year: 02-29 is refused
        except ValueError:
            where = (*at, "cycle_closes")
            problems.append(
                Problem(
                    path,
                    doc.line_of(where),
                    where,
                    f"{period.cycle_closes!r} is not a day of the year",
                    "write the month and day, e.g. 09-30",
                )
            )
    if problems:
        raise RetentionError(sorted(problems, key=lambda p: p.line))
    return found.retention


def retention_path(institution: str) -> Path | None:
    """`regulations/<institution>/admissions/retention.yaml`, from the current directory, then
    the repository (as `english_tests_path` finds the English tests)."""
    root = Path(__file__).resolve().parents[3]
    relative = Path(institution, "admissions", "retention.yaml")
    bases = (Path.cwd() / "regulations", root / "regulations")
    return next((b / relative for b in bases if (b / relative).is_file()), None)

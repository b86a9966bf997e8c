"""The registry's English language tests: each test's minima per level, dated, with sources.

A file `regulations/<institution>/admissions/english.yaml` holds them (a folder of its own, so
that the institution's only framework file stays the default regulations). Like a regulation
parameter (`registrar.rules.parameters`), each test's minima at a level say where they come
from (`reference`), whether that source states them or we assume them (`status`), and their
`values`, keyed by the academic year of entry from which each takes effect: a cohort reads
the latest not after its own year.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import Field

from registrar.rules.parameters import YEAR, Status
from registrar.spec.loading import read_model
from registrar.spec.model import AcademicYear, Specification, Strict, Text, discipline_key
from registrar.spec.problems import Finding, Problem

Score = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=1)]


class Minima(Strict):
    overall: Score
    element: Score  # the least in every element


class DatedMinima(Strict):
    status: Status
    reference: Text
    values: dict[AcademicYear, Minima] = Field(min_length=1)

    def at(self, year: str) -> Minima | None:
        """The minima in force for a cohort entering in `year` (`DatedParameter.at`)."""
        taking_effect = [y for y in self.values if y <= year]
        return self.values[max(taking_effect)] if taking_effect else None


class EnglishTest(Strict):
    name: Text
    also: tuple[Text, ...] = ()  # other names an application may give it
    elements: list[Text] = Field(min_length=1)
    maximum: Minima  # the highest score overall and in an element
    levels: dict[Text, DatedMinima] = Field(min_length=1)

    def named(self, name: str) -> bool:
        return discipline_key(name) in {discipline_key(n) for n in [self.name, *self.also]}


class EnglishTests(Strict):
    institution: Text
    title: Text
    source: Text
    levels: dict[Text, Text] = Field(min_length=1)  # level → how the registry words it
    tests: list[EnglishTest] = Field(min_length=1)

    def test(self, name: str) -> EnglishTest | None:
        return next((t for t in self.tests if t.named(name)), None)


@dataclass(frozen=True)
class Equivalent:
    """The minima of one test for the level of a specification's requirement."""

    test: EnglishTest
    level: str
    minima: Minima
    status: Status
    reference: str


def level_of(tests: EnglishTests, spec: Specification) -> str | None:
    """The level whose minima in the specification's test are the specification's own."""
    english = spec.entry_requirements.english
    stated = tests.test(english.test)
    if stated is None:
        return None
    for level, dated in stated.levels.items():
        minima = dated.at(spec.year)
        if minima is not None and (minima.overall, minima.element) == (
            english.overall,
            english.minimum_per_element,
        ):
            return level
    return None


def equivalent(tests: EnglishTests, spec: Specification, test: EnglishTest) -> Equivalent | None:
    """`test`'s minima at the level of the specification's requirement, for its cohort."""
    level = level_of(tests, spec)
    dated = test.levels.get(level) if level is not None else None
    minima = dated.at(spec.year) if dated is not None else None
    if level is None or dated is None or minima is None:
        return None
    return Equivalent(test, level, minima, dated.status, dated.reference)


def _findings(tests: EnglishTests) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for t, test in enumerate(tests.tests):
        for name in [test.name, *test.also]:
            key = discipline_key(name)
            if key in seen:
                yield Finding(
                    ("tests", t, "name"),
                    f"the test name {name!r} is used twice (also by {seen[key]})",
                    "give each test, and each of its other names, once",
                )
            seen[key] = test.name
        top = test.maximum
        for level, dated in test.levels.items():
            where = ("tests", t, "levels", level)
            if level not in tests.levels:
                yield Finding(
                    where,
                    f"the level {level!r} is not one of the file's levels "
                    f"({', '.join(tests.levels)})",
                    "use a level listed under levels, or add it there",
                )
            for year, minima in dated.values.items():
                at = (*where, "values", year)
                match = YEAR.fullmatch(year)
                if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
                    yield Finding(at, f"{year!r} is not an academic year", "write one like 2025-26")
                if minima.overall > top.overall or minima.element > top.element:
                    yield Finding(
                        at,
                        f"the minima {minima.overall} overall, {minima.element} per element are "
                        f"above the test's maximum ({top.overall}, {top.element})",
                        "correct the minima or the test's maximum",
                    )
                same_scale = top.overall == top.element
                if same_scale and minima.element > minima.overall:
                    yield Finding(
                        (*at, "element"),
                        f"the minimum in every element ({minima.element}) is above the overall "
                        f"minimum ({minima.overall})",
                        f"set element to at most {minima.overall}, or correct overall",
                    )


class EnglishTestsError(Exception):
    """The English tests file is wrong; `problems` lists every problem in the house form."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_english_tests(path: Path) -> EnglishTests:
    """Read and check an English tests file; EnglishTestsError lists every problem."""
    tests, doc, problems = read_model(
        path, EnglishTests, "an English tests file", EnglishTestsError
    )
    problems += [
        Problem(path, doc.line_of(f.path), f.path, f.message, f.fix) for f in _findings(tests)
    ]
    if problems:
        raise EnglishTestsError(sorted(problems, key=lambda p: p.line))
    return tests


def english_tests_path(spec: Specification) -> Path | None:
    """`regulations/<institution>/admissions/english.yaml`, from the current directory, then
    the repository (as `regulations_path` finds the regulations)."""
    root = Path(__file__).resolve().parents[3]
    relative = Path(spec.institution, "admissions", "english.yaml")
    bases = (Path.cwd() / "regulations", root / "regulations")
    return next((b / relative for b in bases if (b / relative).is_file()), None)

"""An application as data: the file `registrar admissions check` reads (docs/admissions.md).

It holds at least `degree`, `english` and `documents`; other fields (the applicant's name,
referees) may be present and are not read here. A field of the wrong type is a problem in
the house form at its line, and the file is not checked at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from registrar.admissions.documents import Document, read_document
from registrar.admissions.english import EnglishTests
from registrar.spec.loading import model_problems
from registrar.spec.model import Text
from registrar.spec.problems import Finding, Problem
from registrar.spec.yamlsource import SourceError, YamlDocument, load_yaml

Score = Annotated[Decimal, Field(ge=0, le=1000)]


class Open(BaseModel):
    """A record of an application: fields this check does not read are allowed."""

    model_config = ConfigDict(extra="allow", frozen=True)


class DegreeClass(StrEnum):
    FIRST = "first"
    UPPER_SECOND = "upper-second"
    LOWER_SECOND = "lower-second"
    THIRD = "third"
    INTERNATIONAL = "international"  # with its country and description: judged


class Degree(Open):
    classification: DegreeClass
    discipline: Text
    country: Text | None = None
    description: Text | None = None


class EnglishScores(Open):
    """A test's result: `overall`, and every other field an element's score."""

    test: Text
    overall: Score
    date: Text | None = None
    __pydantic_extra__: dict[str, Score]

    @property
    def elements(self) -> dict[str, Decimal]:
        return {name.casefold(): score for name, score in (self.model_extra or {}).items()}


def _one_or_more(value: object) -> object:
    """A document is one path or a list of them: one path is a list of one."""
    return [value] if isinstance(value, str) else value


Paths = Annotated[list[Text], BeforeValidator(_one_or_more)]


class Application(Open):
    degree: Degree
    english: EnglishScores | None = None  # none given: a waiver, for the tutor to judge
    # paths relative to the application file, one or a list per document
    documents: dict[str, Paths] = {}

    def paths(self, key: str) -> list[str]:
        """The files given for a document."""
        return list(self.documents.get(key, []))


class ApplicationError(Exception):
    """The application cannot be read; `problems` lists why, in the house form."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _english_findings(english: EnglishScores, tests: EnglishTests) -> Iterator[Finding]:
    """Scores the registry's tests cannot have: an element it does not have, or above its top."""
    test = tests.test(english.test)
    if test is None:
        return  # an unknown test is the tutor's judgement (requirements.py)
    elements = {e.casefold() for e in test.elements}
    top = test.maximum
    if english.overall > top.overall:
        yield Finding(
            ("english", "overall"),
            f"{english.overall} is above the highest {test.name} score ({top.overall})",
            f"give the overall score from 0 to {top.overall}",
        )
    for name, score in (english.model_extra or {}).items():
        if name.casefold() not in elements:
            yield Finding(
                ("english", name),
                f"{test.name} has no element {name!r} (its elements: {', '.join(test.elements)})",
                "give the score of each element under its name, or correct the spelling",
            )
        elif score > top.element:
            yield Finding(
                ("english", name),
                f"{score} is above the highest {test.name} {name} score ({top.element})",
                f"give the score from 0 to {top.element}",
            )


def _findings(application: Application, tests: EnglishTests | None) -> Iterator[Finding]:
    if application.english is not None and tests is not None:
        yield from _english_findings(application.english, tests)
    degree = application.degree
    if degree.classification == DegreeClass.INTERNATIONAL:
        for name in ("country", "description"):
            if getattr(degree, name) is None:
                yield Finding(
                    ("degree", name),
                    f"an international degree needs its {name}",
                    f"add {name}: to degree (e.g. "
                    + ("country: India" if name == "country" else "description: BTech, 8.9/10")
                    + ")",
                )


@dataclass(frozen=True)
class ApplicationFile:
    """An application read from a file: the data, and where each field of it is."""

    application: Application
    doc: YamlDocument

    def documents(self) -> dict[str, list[Document]]:
        """Every file the application gives, read from beside the application file."""
        folder = self.doc.path.parent
        return {
            key: [read_document(folder, given) for given in self.application.paths(key)]
            for key in self.application.documents
        }


def read_application(path: Path, tests: EnglishTests | None = None) -> ApplicationFile:
    """The application in `path`; ApplicationError when it cannot be read as one.

    With the registry's English `tests`, a score for an element the test does not have, or
    above the test's highest, is a problem of the file too."""
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise ApplicationError(
            [Problem(path, 1, ("(file)",), f"the file {what}", "give the application's YAML file")]
        )
    try:
        doc = load_yaml(path)
    except SourceError as error:
        raise ApplicationError(error.problems) from error
    if doc.duplicates:
        dup = doc.duplicates[0]
        raise ApplicationError(
            [
                Problem(
                    path,
                    dup.line,
                    dup.path,
                    f"this field is given twice (first at line {dup.first_line})",
                    "keep one of the two",
                )
            ]
        )
    try:
        application = Application.model_validate(doc.data)
    except ValidationError as error:
        raise ApplicationError(model_problems(doc, error, "an application")) from error
    found = [
        Problem(path, doc.line_of(f.path), f.path, f.message, f.fix)
        for f in _findings(application, tests)
    ]
    if found:
        raise ApplicationError(found)
    return ApplicationFile(application, doc)


__all__ = [
    "Application",
    "ApplicationError",
    "ApplicationFile",
    "Degree",
    "DegreeClass",
    "EnglishScores",
    "read_application",
]

"""An application checked against a specification's entry requirements, item by item.

Each requirement is `met`, `not met` or `needs judgement`, with the specification's wording
as its reason. Nothing is decided here: the admissions tutor decides, and this says what
the tutor must look at. Pure: the documents come in as content (`Document`), so that the
command line (files) and the web application (uploads) check alike.

The readings (docs/admissions.md#how-each-requirement-is-read):
- classification: the class the specification normally asks for, or above, is met; a
  class it lists in `judged_below` ("normally") needs judgement; a lower one is not met;
  an international degree's equivalence needs judgement.
- discipline: an accepted discipline by name (case and punctuation aside) is met, unless
  the discipline is itself a judgement ('relevant engineering'); a name containing an
  accepted one ('Theoretical Physics'), or another natural science ('may also be
  considered'), needs judgement; anything else is not met.
- English: the specification's test against its own minima; another test against the
  registry's minima at the same level; an unknown test, or none (a waiver), needs judgement.
- documents: each given, readable and a PDF by its content; the research statement
  within its page limit, a trailing references section left out of the count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from registrar.admissions.application import Application, Degree, DegreeClass, EnglishScores
from registrar.admissions.documents import Document
from registrar.admissions.english import EnglishTests, equivalent
from registrar.admissions.pdf import UnreadablePdfError, count_pages, is_pdf
from registrar.spec.model import (
    Classification,
    DegreeRequirement,
    ResearchStatement,
    Specification,
    discipline_key,
    document_key,
)


class Result(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    JUDGEMENT = "needs judgement"


@dataclass(frozen=True)
class Requirement:
    """One requirement's result for an application, and why."""

    name: str
    result: Result
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "result": str(self.result), "reason": self.reason}


def overall(requirements: Iterable[Requirement]) -> Result:
    """Not met if any is not met; else needs judgement if any does; else met."""
    results = {r.result for r in requirements}
    if Result.NOT_MET in results:
        return Result.NOT_MET
    return Result.JUDGEMENT if Result.JUDGEMENT in results else Result.MET


CLASSIFICATION = "degree classification"
DISCIPLINE = "degree discipline"
ENGLISH = "English language"
RESEARCH_STATEMENT = "research statement"


def _quoted(text: str) -> str:
    return f'"{" ".join(text.split())}"'


def _a(label: str) -> str:
    """'a first-class ...', 'an upper second-class ...'."""
    return f"{'an' if label[0] in 'aeiou' else 'a'} {label}"


def _in_words(spec: Specification) -> str:
    """The academic requirement as worded, for a specification that does not structure it."""
    return _quoted(" ".join(spec.entry_requirements.academic))


# --- the degree ------------------------------------------------------------------------------


def _classification(spec: Specification, degree: Degree) -> Requirement:
    required = spec.entry_requirements.degree
    if required is None:
        return Requirement(
            CLASSIFICATION,
            Result.JUDGEMENT,
            f"the specification states its academic requirement in words only: {_in_words(spec)}",
        )
    wording = _quoted(required.quote)
    if degree.classification == DegreeClass.INTERNATIONAL:
        what = (
            f"{' '.join(str(degree.description).split())} ({' '.join(str(degree.country).split())})"
        )
        if not required.international_equivalent:
            return Requirement(
                CLASSIFICATION,
                Result.NOT_MET,
                f"an international degree, {what}, where the specification asks for {wording}",
            )
        return Requirement(
            CLASSIFICATION,
            Result.JUDGEMENT,
            f"whether {what} is equivalent to a UK {required.classification.label} degree is "
            f"the admissions tutor's judgement: the specification asks for {wording}",
        )
    given = Classification(degree.classification.value)
    if given.rank <= required.classification.rank:
        return Requirement(
            CLASSIFICATION,
            Result.MET,
            f"{_a(given.label)} degree: the specification asks for {wording}",
        )
    if given in required.judged_below:
        return Requirement(
            CLASSIFICATION,
            Result.JUDGEMENT,
            f"{_a(given.label)} degree is below the {required.classification.label} degree the "
            f"specification normally asks for ({wording}): an exception is the admissions "
            "tutor's judgement",
        )
    return Requirement(
        CLASSIFICATION,
        Result.NOT_MET,
        f"{_a(given.label)} degree is below what the specification asks for: {wording}",
    )


def _contains(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def _discipline(spec: Specification, degree: Degree) -> Requirement:
    required: DegreeRequirement | None = spec.entry_requirements.degree
    given = degree.discipline
    if required is None:
        return Requirement(
            DISCIPLINE,
            Result.JUDGEMENT,
            f"the specification states its academic requirement in words only: {_in_words(spec)}",
        )
    key = discipline_key(given)
    disciplines = required.disciplines
    wording = _quoted(disciplines.quote)
    for accepted in disciplines.accepted:
        if key in {discipline_key(n) for n in accepted.names}:
            if accepted.judged:
                return Requirement(
                    DISCIPLINE,
                    Result.JUDGEMENT,
                    f"{given!r} counts as {accepted.name} if the admissions tutor judges it so: "
                    f"the specification asks for a degree {wording}",
                )
            return Requirement(
                DISCIPLINE,
                Result.MET,
                f"{given!r} is {accepted.name}: the specification asks for a degree {wording}",
            )
    for accepted in disciplines.accepted:
        named = next((n for n in accepted.names if _contains(key, discipline_key(n))), None)
        if named is not None:
            return Requirement(
                DISCIPLINE,
                Result.JUDGEMENT,
                f"{given!r} names {named} but is not itself an accepted discipline; whether it "
                f"is {accepted.name} is the admissions tutor's judgement: the specification asks "
                f"for a degree {wording}",
            )
    considered = disciplines.considered
    if considered is not None:
        science = next(
            (n for n in considered.disciplines if _contains(key, discipline_key(n))), None
        )
        if science is not None:
            return Requirement(
                DISCIPLINE,
                Result.JUDGEMENT,
                f"{given!r} is another natural science ({science}); the admissions tutor judges "
                f"the mathematical or computing grounding: {_quoted(considered.quote)}",
            )
    also = (
        f", nor another natural science ({_quoted(considered.quote)})"
        if considered is not None
        else ""
    )
    return Requirement(
        DISCIPLINE,
        Result.NOT_MET,
        f"{given!r} is not a discipline the specification accepts ({wording}){also}",
    )


# --- English ----------------------------------------------------------------------------------


def _english(
    spec: Specification, english: EnglishScores | None, tests: EnglishTests | None
) -> Requirement:
    required = spec.entry_requirements.english
    wording = _quoted(required.description)
    if english is None:
        return Requirement(
            ENGLISH,
            Result.JUDGEMENT,
            f"no English test is given: the specification asks for {wording}; a waiver (e.g. a "
            "degree taught in English) is the admissions tutor's judgement",
        )
    known = tests.test(english.test) if tests is not None else None
    own = discipline_key(english.test) == discipline_key(required.test) or (
        known is not None and known.named(required.test)
    )
    source = ""
    if own:
        name, least, each = required.test, required.overall, required.minimum_per_element
    elif known is None:
        kept = ", ".join(t.name for t in tests.tests) if tests is not None else "none"
        return Requirement(
            ENGLISH,
            Result.JUDGEMENT,
            f"{english.test!r} is not a test the registry keeps minima for ({kept}): whether "
            f"it shows {wording} is the admissions tutor's judgement",
        )
    else:
        found = equivalent(tests, spec, known) if tests is not None else None
        if found is None:
            return Requirement(
                ENGLISH,
                Result.JUDGEMENT,
                f"the registry keeps no {known.name} minima equivalent to {wording} for "
                f"{spec.year} entry: the admissions tutor judges the result",
            )
        name, least, each = known.name, found.minima.overall, found.minima.element
        level = tests.levels[found.level] if tests is not None else found.level
        source = (
            f"; the registry's {known.name} equivalent ({level.casefold()}, {found.status}): "
            f"{least} overall, at least {each} in every element"
        )
    elements = known.elements if known is not None else sorted(english.elements)
    short: list[str] = []
    if english.overall < least:
        short.append(f"{english.overall} overall is below {least}")
    if not elements:
        short.append("no element's score is given")
    scores: list[Decimal] = []
    for element in elements:
        score = english.elements.get(element.casefold())
        if score is None:
            short.append(f"no {element} score is given")
        else:
            scores.append(score)
            if score < each:
                short.append(f"{element} {score} is below {each}")
    asked = f"the specification asks for {wording}{source}"
    if short:
        return Requirement(ENGLISH, Result.NOT_MET, f"{name}: {'; '.join(short)}: {asked}")
    return Requirement(
        ENGLISH,
        Result.MET,
        f"{name} {english.overall} overall, at least {min(scores)} in every element: {asked}",
    )


# --- documents --------------------------------------------------------------------------------


def _unreadable(files: Sequence[Document]) -> list[str]:
    """Why each file that is not a readable PDF fails."""
    out: list[str] = []
    for file in files:
        if file.content is None:
            out.append(f"{file.given} {file.why}")
        elif not file.content:
            out.append(f"{file.given} is empty")
        elif not is_pdf(file.content):
            out.append(f"{file.given} is not a PDF (its content does not begin %PDF-)")
    return out


def _label(name: str) -> str:
    """'Personal statement' → 'personal statement'; an acronym ('CV') stays."""
    return name if name.isupper() else name[0].lower() + name[1:]


def _document(spec: Specification, name: str, files: Sequence[Document]) -> Requirement:
    label = _label(name)
    submissions = spec.entry_requirements.admissions_test.submissions
    asked = f"the specification asks for it ({_quoted(submissions)})"
    if not files:
        return Requirement(
            label,
            Result.NOT_MET,
            f"not given (documents.{document_key(name)}): {asked}",
        )
    wrong = _unreadable(files)
    if wrong:
        return Requirement(label, Result.NOT_MET, f"{'; '.join(wrong)}: each must be a PDF")
    given = ", ".join(f.given for f in files)
    return Requirement(label, Result.MET, f"{given}: a PDF, as {asked}")


def _statement(
    spec: Specification, statement: ResearchStatement, files: Sequence[Document]
) -> Requirement:
    limit = _quoted(f"{statement.limit}")
    if not files:
        return Requirement(
            RESEARCH_STATEMENT,
            Result.NOT_MET,
            f"not given (documents.research_statement): the specification asks for a research "
            f"statement ({limit})",
        )
    if len(files) > 1:
        return Requirement(
            RESEARCH_STATEMENT,
            Result.NOT_MET,
            f"{len(files)} files are given; the research statement is one PDF ({limit})",
        )
    wrong = _unreadable(files)
    file = files[0]
    if wrong or file.content is None:
        return Requirement(
            RESEARCH_STATEMENT, Result.NOT_MET, f"{'; '.join(wrong)}: it must be a PDF"
        )
    try:
        pages = count_pages(file.content, statement.excludes)
    except UnreadablePdfError as error:
        return Requirement(
            RESEARCH_STATEMENT,
            Result.NOT_MET,
            f"{file.given} cannot be read as a PDF ({error}): it must be a PDF of at most {limit}",
        )
    if pages.total == 0:
        return Requirement(RESEARCH_STATEMENT, Result.NOT_MET, f"{file.given} has no pages")
    excluded = (
        f" (of {pages.total} in all: {', '.join(statement.excludes)} from page "
        f"{pages.excluded_from} not counted)"
        if pages.excluded_from is not None
        else ""
    )
    counted = "1 page" if pages.counted == 1 else f"{pages.counted} pages"
    if pages.counted > statement.max_pages:
        return Requirement(
            RESEARCH_STATEMENT,
            Result.NOT_MET,
            f"{file.given} has {counted}{excluded}, more than the specification allows: {limit}",
        )
    return Requirement(
        RESEARCH_STATEMENT,
        Result.MET,
        f"{file.given} has {counted}{excluded}: the specification allows {limit}",
    )


def check_application(
    spec: Specification,
    application: Application,
    documents: Mapping[str, Sequence[Document]],
    tests: EnglishTests | None,
) -> list[Requirement]:
    """Every entry requirement of `spec`, checked for `application`, in the document's order.

    `documents` holds the files given under each key of the application's `documents`;
    `tests` are the registry's English tests (None: only the specification's own test is
    known)."""
    test = spec.entry_requirements.admissions_test
    out = [
        _classification(spec, application.degree),
        _discipline(spec, application.degree),
        _english(spec, application.english, tests),
    ]
    if test.research_statement is not None:
        out.append(
            _statement(spec, test.research_statement, documents.get("research_statement", ()))
        )
    out += [_document(spec, name, documents.get(document_key(name), ())) for name in test.documents]
    return out


def check_document(spec: Specification, key: str, files: Sequence[Document]) -> Requirement:
    """The requirement of one document (its key, e.g. `research_statement`, `cv`), checked
    as `check_application` checks it: what an upload page asks before it keeps a file."""
    test = spec.entry_requirements.admissions_test
    if key == "research_statement" and test.research_statement is not None:
        return _statement(spec, test.research_statement, files)
    name = next((n for n in test.documents if document_key(n) == key), key)
    return _document(spec, name, files)

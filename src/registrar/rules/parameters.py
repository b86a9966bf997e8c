"""Regulation parameters: a dated YAML tree, its loader and the values for one cohort.

A regulations file (`regulations/<institution>/<framework>.yaml`) holds the
institution's parameters. Each parameter says what it is (`description`,
`unit`), where it comes from (`reference`), whether that source states it or
we assume it until the registry confirms (`status`), and its `values`, keyed by
the academic year from which each takes effect. The value used for a cohort is
the one keyed by the latest year not after the cohort's year.

Programme parameters (credits, bands, project module, compensation limit) are
not here: they come from the programme specification and are read into the
same `Parameter` shape by `programme_parameters`, with status `stated`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any

from registrar.spec.model import Specification
from registrar.spec.problems import FieldPath, Problem, shown
from registrar.spec.yamlsource import SourceError, YamlDocument, load_yaml

YEAR = re.compile(r"([0-9]{4})-([0-9]{2})")

# A regulations problem is a problem in the house form: `FILE:LINE: error: field: what. Fix: how.`
ParameterProblem = Problem


class Status(StrEnum):
    STATED = "stated"  # a source says it
    ASSUMED = "assumed"  # our reading until the registry confirms it


class ParameterError(Exception):
    """A regulations file is wrong, or has no value for a cohort; `problems` lists all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def file(self) -> Path:
        return self.problems[0].file

    @property
    def line(self) -> int:
        return self.problems[0].line

    @property
    def field(self) -> str:
        return self.problems[0].field


# --- value kinds ---------------------------------------------------------------------------

Value = Decimal | int | bool | str | dict[int, Decimal]

# The range of every number a regulations file can hold.
MARK_LOW, MARK_HIGH = Decimal(0), Decimal(100)
LATE_HOURS_HIGH = Decimal(8760)  # a late-work window of at most a year
COMPENSATION_ZONE_HIGH = Decimal(50)  # marks below the pass mark
BORDERLINE_MARGIN_HIGH = Decimal(10)  # marks below a band's threshold
MAX_SITS_HIGH = 10


class BadValueError(ValueError):
    """A value a parameter cannot take: what is wrong with it, and what to write instead."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def _decimal(raw: Any, low: Decimal, high: Decimal) -> Decimal:
    """A number from `low` to `high` with at most two decimal places."""
    between = f"write a number from {low} to {high} with at most two decimal places"
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise BadValueError(f"not a number (got {shown(raw)})", between)
    try:
        value = Decimal(str(raw))
    except InvalidOperation as error:
        raise BadValueError(f"not a number (got {shown(raw)})", between) from error
    if not value.is_finite():
        raise BadValueError(f"not a finite number (got {shown(raw)})", between)
    # the range first: quantizing a number of hundreds of digits fails
    if not low <= value <= high:
        raise BadValueError(f"{shown(raw)} is out of range", between)
    if value != value.quantize(Decimal("0.01")):
        raise BadValueError(
            f"{shown(raw)} has more than two decimal places", "use at most two decimal places"
        )
    return value.quantize(Decimal("0.01"))


def _bounded(low: Decimal, high: Decimal) -> Callable[[Any], Value]:
    def parse(raw: Any) -> Value:
        return _decimal(raw, low, high)

    return parse


def _whole(low: int, high: int) -> Callable[[Any], Value]:
    def parse(raw: Any) -> Value:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise BadValueError(
                f"not a whole number (got {shown(raw)})",
                f"write a whole number from {low} to {high}",
            )
        if not low <= raw <= high:
            raise BadValueError(
                f"{shown(raw)} is out of range", f"write a whole number from {low} to {high}"
            )
        return raw

    return parse


def _flag(raw: Any) -> Value:
    if not isinstance(raw, bool):
        raise BadValueError(f"not true or false (got {shown(raw)})", "write true or false")
    return raw


def _marks_by_level(raw: Any) -> Value:
    example = "write a mapping from FHEQ level to mark, e.g. {7: 50.00}"
    if not isinstance(raw, dict) or not raw:
        raise BadValueError(f"not a mapping from FHEQ level to mark (got {shown(raw)})", example)
    out: dict[int, Decimal] = {}
    for level, mark in raw.items():
        if isinstance(level, bool) or not isinstance(level, int) or not 3 <= level <= 8:
            raise BadValueError(
                f"FHEQ level {shown(level)} is not a whole number from 3 to 8",
                "key each pass mark by an FHEQ level from 3 to 8",
            )
        out[level] = _decimal(mark, MARK_LOW, MARK_HIGH)
    return out


def _choice(*allowed: str) -> Callable[[Any], Value]:
    def parse(raw: Any) -> Value:
        if raw not in allowed:
            options = ", ".join(repr(a) for a in allowed)
            raise BadValueError(
                f"{shown(raw)} is not one of the choices", f"write one of {options}"
            )
        return str(raw)

    return parse


def _late_beyond(raw: Any) -> Value:
    """'zero', or the marks deducted per day (or part of a day) beyond the window."""
    if raw == "zero":
        return "zero"
    try:
        return _decimal(raw, MARK_LOW, MARK_HIGH)
    except BadValueError as error:
        raise BadValueError(
            error.message,
            "write zero, or the marks deducted per day late beyond the window "
            "(0 to 100, e.g. 10.00)",
        ) from error


@dataclass(frozen=True)
class Kind:
    """What a parameter's values must be."""

    parse: Callable[[Any], Value]


# The institutional parameters the engine reads, and what each value must be.
# In the order the engine applies them (a row, an attempt, a module, a student): the
# assumed parameters an outcome depended on are disclosed in this order.
KINDS: dict[str, Kind] = {
    "pass_mark": Kind(_marks_by_level),
    "rounding": Kind(_choice("half_up_2dp", "half_even_2dp")),
    "non_submission_mark": Kind(_bounded(MARK_LOW, MARK_HIGH)),
    "late_capped_up_to_hours": Kind(_bounded(Decimal(0), LATE_HOURS_HIGH)),
    "late_beyond_cap": Kind(_late_beyond),
    "mitigating_circumstances": Kind(_choice("set_aside")),
    "resit_capped_at_pass_mark": Kind(_flag),
    "resit_mark_stands": Kind(_choice("better_of", "resit_replaces")),
    "max_sits": Kind(_whole(1, MAX_SITS_HIGH)),
    "compensation_zone": Kind(_bounded(Decimal(0), COMPENSATION_ZONE_HIGH)),
    "compensation_requires_pass_average": Kind(_flag),
    "borderline_margin": Kind(_bounded(Decimal(0), BORDERLINE_MARGIN_HIGH)),
    "borderline_effect": Kind(_choice("flag", "uplift")),
}

TOP_KEYS = ("institution", "framework", "title", "source", "parameters")
PARAMETER_KEYS = ("description", "unit", "status", "reference", "values")


@dataclass(frozen=True)
class Parameter:
    """One parameter's value for a cohort, with where it comes from."""

    name: str
    description: str
    unit: str
    status: Status
    reference: str
    value: Value
    effective_from: str  # the academic year the value is keyed by
    origin: str  # the file (or specification) it was read from
    line: int = 1  # where it is in that file

    def display(self) -> str:
        return display_value(self.value)


def display_value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"level {lvl}: {mark}" for lvl, mark in sorted(value.items()))
    return str(value)


@dataclass(frozen=True)
class DatedParameter:
    """A parameter as written: every dated value."""

    name: str
    description: str
    unit: str
    status: Status
    reference: str
    values: dict[str, Value]  # academic year -> value
    line: int

    def at(self, year: str) -> tuple[str, Value] | None:
        taking_effect = [y for y in self.values if y <= year]
        if not taking_effect:
            return None
        latest = max(taking_effect)
        return latest, self.values[latest]


@dataclass(frozen=True)
class Regulations:
    """A regulations file: institution-wide dated parameters."""

    path: Path
    institution: str
    framework: str
    title: str
    source: str
    parameters: dict[str, DatedParameter]

    def parameter(self, name: str, year: str) -> Parameter:
        """The value of `name` in force for a cohort starting in `year`."""
        dated = self.parameters.get(name)
        if dated is None:
            raise ParameterError(
                [
                    Problem(
                        self.path,
                        1,
                        ("parameters", name),
                        "this parameter is missing; the engine needs a value for it",
                        f"add {name} under parameters, with a value for {year} or earlier",
                    )
                ]
            )
        found = dated.at(year)
        if found is None:
            raise ParameterError(
                [
                    Problem(
                        self.path,
                        dated.line,
                        ("parameters", name),
                        f"no value takes effect by {year} (the earliest is for "
                        f"{min(dated.values)})",
                        f"add a value for {year} or earlier",
                    )
                ]
            )
        effective, value = found
        return Parameter(
            name,
            dated.description,
            dated.unit,
            dated.status,
            dated.reference,
            value,
            effective,
            str(self.path),
            dated.line,
        )

    def for_year(self, year: str) -> dict[str, Parameter]:
        """Every parameter the engine reads, in force for `year`; ParameterError lists all gaps."""
        problems: list[Problem] = []
        out: dict[str, Parameter] = {}
        for name in KINDS:
            try:
                out[name] = self.parameter(name, year)
            except ParameterError as error:
                problems += error.problems
        if problems:
            raise ParameterError(problems)
        return out


class _Reader:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, path: FieldPath, message: str, fix: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line_of(path), path, message, fix))

    def text(self, data: Mapping[Any, Any], path: FieldPath, key: str) -> str:
        value = data.get(key)
        if key not in data:
            self.problem((*path, key), "this required key is missing", f"add {key}: with a text")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"not a text (got {shown(value)})", "write a non-empty text")
            return ""
        return value.strip()

    def unknown_keys(
        self, data: Mapping[Any, Any], path: FieldPath, known: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in known:
                self.problem(
                    (*path, str(key)),
                    f"unknown key (expected one of: {', '.join(known)})",
                    "remove it or correct its spelling",
                )


def _year(reader: _Reader, where: FieldPath, year: Any) -> bool:
    """Whether `year` is an academic year such as 2025-26 (the second half the next year)."""
    match = YEAR.fullmatch(year) if isinstance(year, str) else None
    if match is None or (int(match[1]) + 1) % 100 != int(match[2]):
        reader.problem(
            where,
            f"{shown(year)} is not an academic year",
            "write the academic year the value takes effect from, like 2025-26",
        )
        return False
    return True


def _parameter(reader: _Reader, name: str, raw: Any) -> DatedParameter | None:
    path: FieldPath = ("parameters", name)
    if not isinstance(raw, dict):
        reader.problem(
            path,
            f"not a mapping (got {shown(raw)})",
            f"write a mapping with the keys {', '.join(PARAMETER_KEYS)}",
        )
        return None
    before = len(reader.problems)
    reader.unknown_keys(raw, path, PARAMETER_KEYS)
    description = reader.text(raw, path, "description")
    unit = reader.text(raw, path, "unit")
    reference = reader.text(raw, path, "reference")
    status_raw = reader.text(raw, path, "status")
    status = Status.ASSUMED
    if status_raw:
        try:
            status = Status(status_raw)
        except ValueError:
            reader.problem(
                (*path, "status"),
                f"{shown(status_raw)} is not a status",
                "write stated (a source says it) or assumed (our reading)",
            )
    values: dict[str, Value] = {}
    raw_values = raw.get("values")
    if "values" not in raw:
        reader.problem(
            (*path, "values"),
            "this required key is missing",
            "add values: with the value for each academic year, e.g. {2025-26: ...}",
        )
    elif not isinstance(raw_values, dict) or not raw_values:
        reader.problem(
            (*path, "values"),
            f"not a mapping from academic year to value (got {shown(raw_values)})",
            "write the value for each academic year, e.g. {2025-26: ...}",
        )
    else:
        kind = KINDS[name]
        for year, value in raw_values.items():
            where = (*path, "values", str(year))
            if not _year(reader, where, year):
                continue
            if value is None:
                reader.problem(where, "this year has no value", "give one or remove the year")
                continue
            try:
                values[year] = kind.parse(value)
            except BadValueError as error:
                reader.problem(where, error.message, error.fix)
    if len(reader.problems) > before:
        return None
    return DatedParameter(
        name, description, unit, status, reference, values, reader.doc.line_of(path)
    )


def load_regulations(path: Path) -> Regulations:
    """Read and check a regulations file; ParameterError lists every problem."""
    try:
        doc = load_yaml(path)
    except SourceError as error:
        raise ParameterError(error.problems) from error
    reader = _Reader(doc)
    reader.problems.extend(doc.duplicate_problems())
    data = doc.data
    reader.unknown_keys(data, (), TOP_KEYS)
    institution = reader.text(data, (), "institution")
    framework = reader.text(data, (), "framework")
    title = reader.text(data, (), "title")
    source = reader.text(data, (), "source")
    parameters: dict[str, DatedParameter] = {}
    raw_parameters = data.get("parameters")
    if not isinstance(raw_parameters, dict):
        reader.problem(
            ("parameters",),
            f"not a mapping of parameters (got {shown(raw_parameters)})",
            "write parameters: with one mapping per parameter",
        )
    else:
        for name, raw in raw_parameters.items():
            if name not in KINDS:
                reader.problem(
                    ("parameters", str(name)),
                    f"unknown parameter (expected one of: {', '.join(KINDS)})",
                    "remove it or correct its spelling",
                )
                continue
            parameter = _parameter(reader, name, raw)
            if parameter is not None:
                parameters[name] = parameter
    if reader.problems:
        reader.problems.sort(key=lambda p: p.line)
        raise ParameterError(reader.problems)
    return Regulations(path, institution, framework, title, source, parameters)


# --- reading resolved values -----------------------------------------------------------------


def int_value(parameters: dict[str, Parameter], name: str) -> int:
    """A whole-number parameter (credits, sits)."""
    value = parameters[name].value
    assert isinstance(value, int)
    assert not isinstance(value, bool)
    return value


def flag_value(parameters: dict[str, Parameter], name: str) -> bool:
    """A true/false parameter."""
    value = parameters[name].value
    assert isinstance(value, bool)
    return value


def hundredths_value(parameters: dict[str, Parameter], name: str) -> int:
    """A mark or hours parameter in integer hundredths (24 hours → 2400)."""
    value = parameters[name].value
    assert not isinstance(value, bool | int | str | dict)
    return int(value * 100)


def pass_marks(parameters: dict[str, Parameter]) -> dict[int, int]:
    """Pass mark in hundredths by FHEQ level."""
    value = parameters["pass_mark"].value
    assert isinstance(value, dict)
    return {level: int(mark * 100) for level, mark in value.items()}


SPEC_REFERENCE = "programme specification, Progression and Classification"


def programme_parameters(
    spec: Specification, origin: str = "programme specification"
) -> dict[str, Parameter]:
    """The programme's own parameters, read from its specification (all stated)."""
    award = spec.award
    year = spec.details.cohort

    def stated(name: str, description: str, unit: str, value: Value, reference: str) -> Parameter:
        return Parameter(name, description, unit, Status.STATED, reference, value, year, origin)

    bands = ", ".join(f"{b.name} ≥ {b.min_mark:.2f}" for b in award.bands)
    return {
        "award_credits": stated(
            "award_credits",
            f"credits needed for the {award.name}",
            "ECTS",
            award.min_credits,
            SPEC_REFERENCE,
        ),
        "award_level": stated(
            "award_level",
            "FHEQ level of the award",
            "FHEQ level",
            award.min_level,
            SPEC_REFERENCE,
        ),
        "max_credits_below_level": stated(
            "max_credits_below_level",
            f"most credits that may come from below level {award.min_level}",
            "ECTS",
            award.max_credits_below_min_level,
            SPEC_REFERENCE,
        ),
        "max_compensated_credits": stated(
            "max_compensated_credits",
            "most credits that may be passed by compensation",
            "ECTS",
            award.max_compensated_credits,
            SPEC_REFERENCE,
        ),
        "bands": stated(
            "bands",
            "classification bands, highest first",
            "mark",
            bands,
            f"{SPEC_REFERENCE} (classification bands)",
        ),
        "project_module": stated(
            "project_module",
            "the designated project module, whose mark must also reach the band",
            "module code",
            award.project_module or "none",
            f"{SPEC_REFERENCE} ('the designated dissertation or final major project module "
            "meeting the threshold')",
        ),
        "core_never_compensated": stated(
            "core_never_compensated",
            "core modules must be taken and passed; they are never compensated",
            "rule",
            True,
            "programme specification, Programme Structure, footnote 1",
        ),
    }


def regulations_path(spec: Specification) -> Path | None:
    """The regulations the specification names (`regulations: imperial/taught` →
    regulations/imperial/taught.yaml), from the current directory, then the repository.

    A specification that names none answers to its institution's regulations when the
    institution has exactly one framework file; otherwise there is no default (None).
    """
    root = Path(__file__).resolve().parents[3]
    bases = (Path.cwd() / "regulations", root / "regulations")
    if spec.regulations is not None:
        relative = Path(*spec.regulations.split("/")).with_suffix(".yaml")
        return next((b / relative for b in bases if (b / relative).is_file()), None)
    for base in bases:
        found = sorted((base / spec.institution).glob("*.yaml"))
        if len(found) == 1:
            return found[0]
    return None


def regulations_missing(spec: Specification) -> str:
    """Why `regulations_path(spec)` found nothing, in words every caller can show."""
    named = spec.regulations or f"{spec.institution}/<framework>"
    return f"no regulations found for {named} (regulations/{named}.yaml)"

"""Read a specification file into the model and collect every problem in it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from registrar.spec.checks import run_checks
from registrar.spec.model import Specification
from registrar.spec.problems import FieldPath, Problem, Severity, SpecificationError
from registrar.spec.yamlsource import SourceError, YamlDocument, load_yaml

# What to do about each kind of model error; the rest fall back to the default.
_FIXES: dict[str, str] = {
    "missing": "add this field",
    "extra_forbidden": "remove this field or correct its spelling",
    "string_pattern_mismatch": "write it in the expected format",
    "enum": "use one of the allowed values",
    "literal_error": "use one of the allowed values",
    "int_parsing": "write a whole number",
    "int_type": "write a whole number",
    "decimal_parsing": "write a number",
    "decimal_max_places": "use no more decimal places than that",
    "greater_than": "use a larger value",
    "greater_than_equal": "use a larger value",
    "less_than_equal": "use a smaller value",
    "too_short": "add at least one entry",
    "string_too_short": "write a non-empty value",
    "list_type": "write a list",
    "dict_type": "write a mapping of fields",
    "model_type": "write a mapping of fields",
    "string_type": "write text",
}


@dataclass(frozen=True)
class LoadResult:
    path: Path
    specification: Specification | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == Severity.WARNING]


def _model_path(error: ErrorDetails) -> FieldPath:
    # Pydantic adds the branch it tried for unions ("literal['all']", "int"); drop them.
    return tuple(p for p in error["loc"] if isinstance(p, int) or ("[" not in p and p != "int"))


def _model_problem(
    doc: YamlDocument, error: ErrorDetails, what: str = "a specification"
) -> Problem:
    path = _model_path(error)
    kind = error["type"]
    message = error["msg"][0].lower() + error["msg"][1:]
    if kind == "missing":
        message = "this required field is missing"
    elif kind == "extra_forbidden":
        message = f"this field is not part of {what}"
    elif "input" in error and not isinstance(error["input"], dict | list):
        message += f" (got {error['input']!r})"
    return Problem(
        doc.path, doc.line_of(path), path, message, _FIXES.get(kind, "correct this value")
    )


def model_problems(doc: YamlDocument, error: ValidationError, what: str) -> list[Problem]:
    """A model's validation errors on a YAML document as problems in the house form, each at
    its line, in line order: for any strict model read from YAML (`what` names the kind of
    file, e.g. "an application")."""
    found = [_model_problem(doc, e, what) for e in error.errors(include_url=False)]
    return sorted(_dedupe(found), key=lambda p: p.line)


M = TypeVar("M", bound=BaseModel)


def read_model(
    path: Path, model: type[M], what: str, error: Callable[[list[Problem]], Exception]
) -> tuple[M, YamlDocument, list[Problem]]:
    """A registry data file read into `model`: the model, its document (for line numbers)
    and the problems found so far (keys given twice). Raises `error(problems)`, every
    problem in the house form, when the file cannot be read or does not fit the model."""
    try:
        doc = load_yaml(path)
    except SourceError as source:
        raise error(source.problems) from source
    problems = doc.duplicate_problems()
    try:
        return model.model_validate(doc.data), doc, problems
    except ValidationError as invalid:
        raise error(problems + model_problems(doc, invalid, what)) from invalid


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[FieldPath, str]] = set()
    out = []
    for problem in problems:
        key = (problem.path, problem.message)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def read_specification(path: Path) -> LoadResult:
    """Load and check `path`. Raises SourceError only if it is not readable YAML."""
    doc = load_yaml(path)
    problems = doc.duplicate_problems("field")
    try:
        spec = Specification.model_validate(doc.data)
    except ValidationError as error:
        problems += [_model_problem(doc, e) for e in error.errors(include_url=False)]
        return LoadResult(path, None, sorted(_dedupe(problems), key=lambda p: p.line))
    for finding in run_checks(spec):
        problems.append(
            Problem(
                path,
                doc.line_of(finding.path),
                finding.path,
                finding.message,
                finding.fix,
                finding.severity,
            )
        )
    return LoadResult(path, spec, sorted(problems, key=lambda p: p.line))


def load_specification(path: Path) -> Specification:
    """The specification in `path`, or SpecificationError / SourceError."""
    result = read_specification(path)
    if result.errors or result.specification is None:
        raise SpecificationError(result.errors)
    return result.specification


def specification_from_data(data: dict[str, Any], origin: str = "<data>") -> Specification:
    """Validate already-parsed data (e.g. stored in a database) without line numbers."""
    doc = YamlDocument(path=Path(origin), data=data)
    try:
        spec = Specification.model_validate(data)
    except ValidationError as error:
        raise SpecificationError(
            [_model_problem(doc, e) for e in error.errors(include_url=False)]
        ) from error
    errors = [
        Problem(doc.path, 1, f.path, f.message, f.fix)
        for f in run_checks(spec)
        if f.severity == Severity.ERROR
    ]
    if errors:
        raise SpecificationError(errors)
    return spec


__all__ = [
    "LoadResult",
    "SourceError",
    "SpecificationError",
    "load_specification",
    "model_problems",
    "read_specification",
    "specification_from_data",
]

"""`registrar admissions check`: an application file against a programme's entry requirements.

Exit status (a contract, docs/admissions.md): 0 every requirement met, 3 some need
judgement and none is not met, 1 some are not met, 2 the application (or the programme's
specification) cannot be read, as one line per problem in the house form.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from registrar.admissions.application import ApplicationError, read_application
from registrar.admissions.english import (
    EnglishTests,
    EnglishTestsError,
    english_tests_path,
    load_english_tests,
)
from registrar.admissions.requirements import Result, check_application, overall
from registrar.cli.output import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, err, fail, out
from registrar.spec.loading import SpecificationError, load_specification
from registrar.spec.model import Specification
from registrar.spec.problems import unbroken
from registrar.spec.yamlsource import SourceError, load_yaml

EXIT_JUDGEMENT = 3  # some requirement needs the admissions tutor's judgement, none fails

EXIT_BY_RESULT = {
    Result.MET: EXIT_OK,
    Result.JUDGEMENT: EXIT_JUDGEMENT,
    Result.NOT_MET: EXIT_INVALID,
}

app = typer.Typer(
    help="Admissions: applications against the entry requirements.", no_args_is_help=True
)


def _print_problems(problems: list[object]) -> None:
    for problem in problems:
        err.print(str(problem), markup=False)


def _specification_file(path: Path) -> Specification:
    try:
        return load_specification(path)
    except SpecificationError as error:  # SourceError too: the file is not YAML
        _print_problems(list(error.problems))
        raise typer.Exit(EXIT_UNREADABLE) from None


def _database_in_use() -> bool:
    """Whether there is a database to look in: DATABASE_URL, or the SQLite file exists."""
    if os.environ.get("DATABASE_URL"):
        return True
    var = Path(os.environ.get("REGISTRAR_VAR", Path.cwd() / "var"))
    return (var / "registrar.sqlite3").is_file()


def _from_database(code: str, cohort: str) -> Specification | None:
    """The latest published specification of the database's programme CODE/COHORT."""
    if not _database_in_use():
        return None
    from registrar.cli.web import django_ready

    django_ready()
    from registrar.programmes.domain.versions import PublishRefusedError, current_specification
    from registrar.programmes.models import Programme

    found = Programme.objects.filter(code=code, cohort=cohort).first()
    if found is None:
        return None
    try:
        return current_specification(found)
    except PublishRefusedError:  # the programme has no published version yet
        return None


def _programme_folders() -> list[Path]:
    root = Path(__file__).resolve().parents[3]
    folders = [Path.cwd() / "programmes", root / "programmes"]
    return [f for i, f in enumerate(folders) if f.is_dir() and f not in folders[:i]]


def _from_repository(code: str, cohort: str) -> Path | None:
    """The specification in programmes/ whose programme.code and details.cohort match."""
    for folder in _programme_folders():
        for path in sorted(folder.rglob("*.yaml")):
            try:
                data = load_yaml(path).data
            except SourceError:
                continue
            programme, details = data.get("programme"), data.get("details")
            if (
                isinstance(programme, dict)
                and isinstance(details, dict)
                and str(programme.get("code")) == code
                and str(details.get("cohort")) == cohort
            ):
                return path
    return None


def resolve_specification(text: str) -> Specification:
    """`--programme`: a specification YAML file, or CODE/COHORT in the database, else in the
    repository's programmes/ folder."""
    path = Path(text)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        if not path.is_file():
            fail(f"{text}: no such specification file", EXIT_UNREADABLE)
        return _specification_file(path)
    code, slash, cohort = text.partition("/")
    if not (code and slash and cohort):
        fail(
            f"--programme {text!r} is neither CODE/COHORT (e.g. G5ZB/2025-26) nor a "
            "specification file",
            EXIT_UNREADABLE,
        )
    stored = _from_database(code, cohort)
    if stored is not None:
        return stored
    found = _from_repository(code, cohort)
    if found is None:
        fail(
            f"no programme {text} in the database or in programmes/; publish its "
            "specification, or give the specification's YAML file",
            EXIT_UNREADABLE,
        )
    return _specification_file(found)


def _english_tests(spec: Specification) -> EnglishTests | None:
    path = english_tests_path(spec)
    if path is None:
        return None
    try:
        return load_english_tests(path)
    except EnglishTestsError as error:
        _print_problems(list(error.problems))
        raise typer.Exit(EXIT_UNREADABLE) from None


@app.command("check")
def check(
    application: Path = typer.Argument(..., help="The application YAML (docs/admissions.md)."),
    programme: str = typer.Option(
        ...,
        "--programme",
        help="CODE/COHORT, e.g. G5ZB/2025-26 (the database's, else programmes/), or a "
        "specification YAML.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Check an application against the programme's entry requirements, item by item.

    Each requirement is met, not met or needs judgement, with the specification's wording.
    Exit status: 0 all met, 3 some need judgement (none not met), 1 some not met, 2 the
    file cannot be read.
    """
    spec = resolve_specification(programme)
    tests = _english_tests(spec)
    try:
        read = read_application(application, tests)
    except ApplicationError as error:
        _print_problems(list(error.problems))
        raise typer.Exit(EXIT_UNREADABLE) from None
    results = check_application(spec, read.application, read.documents(), tests)
    if as_json:
        report = {"requirements": [r.as_dict() for r in results]}
        out.print(json.dumps(report, indent=2), markup=False)
    else:
        width = max(len(str(r)) for r in Result)
        for requirement in results:
            out.print(
                unbroken(
                    f"{requirement.result!s:<{width}}  {requirement.name}: {requirement.reason}"
                ),
                markup=False,
            )
        counts = ", ".join(f"{sum(r.result == kind for r in results)} {kind}" for kind in Result)
        out.print(
            unbroken(
                f"{application}: {counts} ({spec.programme.code}/{spec.year}): {overall(results)}"
            ),
            markup=False,
        )
    raise typer.Exit(EXIT_BY_RESULT[overall(results)])

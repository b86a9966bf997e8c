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


def _application_number(given: str) -> int:
    number = given.strip().upper().removeprefix("A")
    if not number.isdigit():
        fail(f"{given!r} is not an application reference: give one like A00012 (or 12)")
    return int(number)


@app.command("export")
def export(
    application_id: str = typer.Argument(
        ..., metavar="APPLICATION_ID", help="The application's reference, e.g. A00012 (or 12)."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="The ZIP file to write."),
) -> None:
    """Write an applicant's data as one ZIP: application.json (every field, the decision,
    conditions, referees, the ledger entries about it) and the documents they uploaded.
    Refused (exit 1) for an unknown or an erased application."""
    from registrar.cli.web import django_ready

    django_ready()
    from registrar.admissions.domain.applying import AdmissionsRefusedError
    from registrar.admissions.domain.privacy import export_application
    from registrar.admissions.models import Application

    found = (
        Application.objects.select_related("programme", "applicant")
        .filter(pk=_application_number(application_id))
        .first()
    )
    if found is None:
        fail(f"no application {application_id}")
    try:
        archive = export_application(application=found, actor=None)
    except AdmissionsRefusedError as refused:
        fail(str(refused))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(archive)
    documents = found.documents.filter(referee__isnull=True).count()
    out.print(
        f"Exported application {found.reference} ({found.programme.code}/"
        f"{found.programme.cohort}) to {output}: application.json and {documents} "
        f"document{'s' if documents != 1 else ''}.",
        markup=False,
    )


@app.command("erase")
def erase(
    before: str = typer.Option(
        ...,
        "--before",
        metavar="DATE",
        help="Erase the applications whose retention period ended before DATE (YYYY-MM-DD, "
        "not after today).",
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="List what would be erased; change nothing."
    ),
) -> None:
    """Erase the personal data and documents of every application whose decision is final
    (rejected, or an offer declined) and whose retention period (regulations/<institution>/
    admissions/retention.yaml) ended before DATE, keeping an anonymised record for the
    reports. Prints each application as it goes, then a summary. Running it again erases
    nothing more. Exit 1 for a date that is not one, or after today."""
    import datetime as dt

    from registrar.cli.web import django_ready

    try:
        day = dt.date.fromisoformat(before)
    except ValueError:
        fail(f"--before {before!r} is not a date: write it as YYYY-MM-DD, e.g. 2031-10-01")
    django_ready()
    from registrar.admissions.domain.applying import AdmissionsRefusedError
    from registrar.admissions.domain.privacy import erase_due
    from registrar.admissions.models import Application

    doing = "would erase" if dry_run else "erased"

    def progress(application: Application, due: dt.date) -> None:
        out.print(
            f"{doing} {application.reference} ({application.programme.code}/"
            f"{application.programme.cohort}, {application.get_status_display().lower()}, "
            f"due since {due.isoformat()})",
            markup=False,
        )

    try:
        done = erase_due(before=day, actor=None, dry_run=dry_run, progress=progress)
    except AdmissionsRefusedError as refused:
        fail(str(refused))
    count = len(done)
    noun = f"application{'s' if count != 1 else ''}"
    if dry_run:
        out.print(f"Dry run: {count} {noun} would be erased; nothing changed.", markup=False)
    else:
        out.print(
            f"Erased {count} {noun} due before {day.isoformat()}; their anonymised records "
            "still count in the reports.",
            markup=False,
        )

"""`registrar serve`, `registrar demo`, `registrar import-students`: the web application's commands.

Django is imported inside each command, so `registrar spec ...` never needs it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typer

from registrar.cli.output import EXIT_UNREADABLE, err, fail, out

DEFAULT_SPEC = Path("programmes/imperial/mres-ai-ml/2025-26.yaml")


def django_ready(*, migrate: bool = True) -> None:
    """Configure Django and bring the database up to date."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registrar.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if not os.environ.get("DATABASE_URL"):
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


PROGRAMME = typer.Option(
    "", help="Programme cohort as CODE/COHORT, e.g. G5ZB/2025-26 (default: the only one)."
)


def find_programme(text: str) -> Any:
    """The Programme named `CODE/COHORT`, or the only one when `text` is empty; else a clear stop.

    Call after `django_ready()`.
    """
    from registrar.programmes.models import Programme

    code, _, cohort = text.partition("/")
    if text:
        found = Programme.objects.filter(code=code, cohort=cohort).first()
        if found is None:
            fail(f"no programme {text}; publish its specification first (registrar publish)")
        return found
    only = list(Programme.objects.all()[:2])
    if len(only) != 1:
        fail("there is not exactly one programme; say which with --programme CODE/COHORT")
    return only[0]


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
) -> None:
    """Migrate the database, then serve the web application (Ctrl-C stops it)."""
    django_ready()
    from django.core.management import call_command

    out.print(f"Serving Registrar on http://{host}:{port}/ (Ctrl-C to stop)", markup=False)
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)


def demo(
    spec: Path = typer.Option(DEFAULT_SPEC, help="The programme specification to load."),
) -> None:
    """Migrate, load the programme, a demo cohort and one account per role; print the logins.

    Running it again keeps the data: nothing is duplicated.
    """
    if not spec.is_file():
        fail(f"{spec}: no such file; run from the repository or pass --spec", EXIT_UNREADABLE)
    django_ready()
    from registrar.demo import load_demo
    from registrar.spec.loading import SpecificationError

    try:
        lines = load_demo(spec)
    except SpecificationError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False)
        fail(f"{spec} is not a valid specification")
    for line in lines:
        out.print(line, markup=False)


def import_students_command(
    file: Path = typer.Argument(..., help="Students CSV to import."),
    programme: str = PROGRAMME,
    commit: bool = typer.Option(False, "--commit", help="Write the changes (default: preview)."),
) -> None:
    """Preview (default) or commit a students CSV; any bad row refuses the whole file."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{file}: cannot read it ({error})", EXIT_UNREADABLE)
    django_ready()
    from registrar.people.domain.imports import ImportRefusedError, import_students, preview_import

    found = find_programme(programme)
    try:
        if commit:
            result = import_students(programme=found, text=text, file=str(file), actor=None)
        else:
            result = preview_import(programme=found, text=text, file=str(file))
            if not result.ok:
                raise ImportRefusedError(result)
    except ImportRefusedError as refused:
        for problem in refused.preview.errors:
            err.print(str(problem), markup=False)
        count = len(refused.preview.errors)
        fail(f"{count} problem{'s' if count != 1 else ''}; nothing was imported")
    for row in result.rows:
        detail = "; ".join(f"{k}: {a} → {b}" for k, (a, b) in row.changes.items())
        out.print(f"line {row.line}: {row.action} {row.student_id} {detail}".rstrip(), markup=False)
    verb = "imported" if commit else "would import (run again with --commit)"
    out.print(
        f"{file}: {verb}: {result.count('add')} added, {result.count('update')} updated, "
        f"{result.count('unchanged')} unchanged",
        markup=False,
    )


def publish(
    spec: Path = typer.Argument(..., help="The specification YAML to publish."),
    note: str = typer.Option("", help="What changed and why, shown with the version."),
) -> None:
    """Publish a specification as the next version of its programme cohort.

    Published versions never change; the programme page shows what changed from the
    previous version. Exit 1 if the file is invalid or identical to the latest version.
    """
    if not spec.is_file():
        fail(f"{spec}: no such file", EXIT_UNREADABLE)
    django_ready()
    from registrar.programmes.domain.diff import diff_data
    from registrar.programmes.domain.versions import PublishRefusedError, publish_specification
    from registrar.spec.loading import SpecificationError

    try:
        version = publish_specification(actor=None, path=spec, note=note)
    except SpecificationError as error:
        for problem in error.problems:
            err.print(str(problem), markup=False)
        fail(f"{spec} is not a valid specification; nothing was published")
    except PublishRefusedError as refused:
        fail(str(refused))
    out.print(f"Published {version}.", markup=False)
    previous = version.programme.versions.filter(number=version.number - 1).first()
    if previous is not None:
        for change in diff_data(previous.data, version.data):
            out.print(f"  {change.kind}: {change.path}", markup=False)

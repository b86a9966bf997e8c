"""`registrar serve`, `check`, `demo`, `import-students`, `publish`: the web commands.

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
    dev: bool = typer.Option(
        False, "--dev", help="Django's autoreloading development server, debug on."
    ),
    workers: int = typer.Option(0, help="Worker processes (default: 2 per core + 1, at most 9)."),
    threads: int = typer.Option(4, help="Threads per worker process."),
) -> None:
    """Migrate, gather the static files, then serve the web application (Ctrl-C stops it).

    The production server is gunicorn; static files are served compressed and
    fingerprinted by WhiteNoise. `--dev` serves with Django's development server
    instead, reloading on code changes and showing debug pages: never in production.
    """
    if dev:
        os.environ["REGISTRAR_WEB_DEBUG"] = "1"
    django_ready()
    from django.core.management import call_command

    if dev:
        out.print(f"Development server on http://{host}:{port}/ (debug on)", markup=False)
        call_command("runserver", f"{host}:{port}", use_reloader=True)
        return
    from django.db import connections

    from registrar.web import server

    call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()  # the workers are forked: each opens its own
    count = workers or server.default_workers()
    out.print(
        f"Serving Registrar on http://{host}:{port}/ with {count} workers of {threads} threads "
        "(Ctrl-C to stop)",
        markup=False,
    )
    server.run(host=host, port=port, workers=count, threads=threads)


def check(
    deploy: bool = typer.Option(False, "--deploy", help="Add Django's deployment checks."),
) -> None:
    """Run Django's system checks on the settings from the environment; exit 1 on any warning.

    With --deploy, the deployment checks too (debug, secret key, HTTPS, cookies,
    headers): run it with the production environment before serving.
    """
    django_ready(migrate=False)
    from django.core import checks

    found = [
        message
        for message in checks.run_checks(include_deployment_checks=deploy)
        if message.level >= checks.WARNING and not message.is_silenced()
    ]
    for message in found:
        severity = "error" if message.is_serious() else "warning"
        where = str(message.obj) if message.obj is not None else "settings"
        text = " ".join(f"{message.msg}{f' Fix: {message.hint}' if message.hint else ''}".split())
        err.print(f"{where}: {severity}: {message.id}: {text}", markup=False)
    if found:
        fail(f"{len(found)} problem{'s' if len(found) != 1 else ''} found by the checks")
    kind = "deployment checks" if deploy else "checks"
    out.print(f"No problems found by the {kind}.", markup=False)


def demo(
    spec: Path = typer.Option(DEFAULT_SPEC, help="The programme specification to load."),
) -> None:
    """Migrate, load the programme, a demo cohort and one account per role; print the logins.

    Running it again keeps the data: nothing is duplicated.
    """
    if not spec.is_file():
        fail(f"{spec}: no such file; run from the repository or pass --spec", EXIT_UNREADABLE)
    # The demo's notices are written as files (var/mail), not printed among its lines.
    os.environ.setdefault("REGISTRAR_EMAIL_BACKEND", "file")
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

"""`registrar admissions export` and `registrar admissions erase`: exit codes, messages,
files (issue 11, point 6). In-process on the test database, as the other records commands."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from registrar.admissions.domain.deciding import decide
from registrar.admissions.models import Application
from registrar.cli import app
from tests.admissions.world import applicant, submitted

pytestmark = pytest.mark.django_db
runner = CliRunner()


def registrar(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture
def rejected(programme):
    application = submitted(programme, applicant("ada"))
    return decide(application=application, decision="reject", reason="no", actor=None)


def test_export_writes_the_zip_creating_its_folder(rejected, tmp_path):
    target = tmp_path / "out" / "ada.zip"

    result = registrar("admissions", "export", rejected.reference, "-o", str(target))

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Exported application {rejected.reference} (G5ZB/2025-26) to {target}: "
        "application.json and 4 documents.\n"
    )
    with zipfile.ZipFile(target) as archive:
        data = json.loads(archive.read("application.json"))
        assert (len(archive.namelist()), data["application"]["family_name"]) == (5, "Lovelace")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("A99999", "error: no application A99999\n"),
        (
            "twelve",
            "error: 'twelve' is not an application reference: give one like A00012 (or 12)\n",
        ),
    ],
)
def test_export_of_an_unknown_application_exits_1(programme, tmp_path, given, message):
    result = registrar("admissions", "export", given, "-o", str(tmp_path / "x.zip"))

    assert (result.exit_code, result.stderr, (tmp_path / "x.zip").exists()) == (1, message, False)


def test_erase_dry_run_lists_then_erases_with_progress_and_a_summary(rejected, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2031, 10, 1))
    line = f"{rejected.reference} (G5ZB/2025-26, rejected, due since 2031-09-30)\n"

    dry = registrar("admissions", "erase", "--before", "2031-10-01", "--dry-run")
    assert (dry.exit_code, dry.stdout) == (
        0,
        f"would erase {line}Dry run: 1 application would be erased; nothing changed.\n",
    )
    assert Application.objects.get(pk=rejected.pk).erased_at is None

    done = registrar("admissions", "erase", "--before", "2031-10-01")
    assert (done.exit_code, done.stdout) == (
        0,
        f"erased {line}Erased 1 application due before 2031-10-01; their anonymised records "
        "still count in the reports.\n",
    )
    assert Application.objects.get(pk=rejected.pk).erased_at is not None

    again = registrar("admissions", "erase", "--before", "2031-10-01")
    assert (again.exit_code, again.stdout) == (
        0,
        "Erased 0 applications due before 2031-10-01; their anonymised records still count "
        "in the reports.\n",
    )
    gone = registrar("admissions", "export", rejected.reference, "-o", "/tmp/never.zip")
    assert (gone.exit_code, gone.stderr.endswith(": no personal data is left to export\n")) == (
        1,
        True,
    )


@pytest.mark.parametrize(
    ("before", "message"),
    [
        (
            "2031-13-01",
            "error: --before '2031-13-01' is not a date: write it as YYYY-MM-DD, e.g. 2031-10-01\n",
        ),
        (
            "2999-01-01",
            "error: 2999-01-01 is after today: an application is erased only once its retention "
            "has passed; give a date not after today\n",
        ),
    ],
)
def test_erase_refuses_a_bad_or_future_date(rejected, before, message):
    result = registrar("admissions", "erase", "--before", before)

    assert (result.exit_code, result.stderr) == (1, message)
    assert Application.objects.get(pk=rejected.pk).erased_at is None

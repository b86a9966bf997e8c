"""Shared test fixtures: paths into the repository."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"


@pytest.fixture
def mres_path() -> Path:
    return MRES


# Records on a database (tests/web, api, people, programmes, registrations, audit, browser).
# Django is imported inside the fixtures, so tests that need no database never touch it.


def pytest_configure(config: pytest.Config) -> None:
    """Fast password hashing in tests (the real hasher takes a noticeable time per account)."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Files the pages keep between preview and commit (web/uploads.py) go to a folder of the run.
    settings.VAR_DIR = Path(tempfile.mkdtemp(prefix="registrar-tests-"))
    # Pages render without collectstatic's manifest; tests/web/test_storage.py checks the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def programme(db: None) -> object:
    """The MRes programme, its specification published as version 1; module choice closed."""
    from registrar.programmes.domain.versions import publish_specification

    return publish_specification(actor=None, path=MRES).programme


@pytest.fixture
def open_window(programme: object) -> object:
    from registrar.registrations.domain.window import open_choice_window

    return open_choice_window(programme=programme, actor=None)


@pytest.fixture
def account() -> object:
    """account(username, role) → a user with that role; the password is `<username>-pass`."""
    from registrar.people.domain.accounts import set_up_account
    from registrar.people.models import Role

    def make(username: str, role: str) -> object:
        return set_up_account(
            username=username, role=Role(role), password=f"{username}-pass", actor=None
        )

    return make


@pytest.fixture
def make_student(programme: object, account: object) -> object:
    """make_student(student_id, username=None) → an enrolled student with core and compulsory
    modules registered, linked to a student account when a username is given."""
    from registrar.people.models import Student
    from registrar.registrations.domain.choice import register_required_modules

    def make(student_id: str, username: str | None = None, **fields: str) -> object:
        user = account(username, "student") if username else None
        student = Student.objects.create(
            student_id=student_id,
            given_name=fields.pop("given_name", "Given" + student_id[-2:]),
            family_name=fields.pop("family_name", "Family" + student_id[-2:]),
            email=fields.pop("email", f"s{student_id}@example.ac.uk"),
            programme=programme,
            user=user,
            **fields,
        )
        register_required_modules(student=student, actor=None)
        return student

    return make


# Real headless Chromium, one per session: Playwright's sync API runs an event loop in this
# thread, which Django would otherwise take for async code, and a second one cannot start.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()

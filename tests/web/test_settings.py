"""The settings as a fresh installation reads them from the environment.

Each case imports the settings in a fresh process, with none of the caller's
REGISTRAR_* variables, so what is checked is the default a newcomer gets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler, OperationalError

from registrar.web.settings import sqlite_database
from tests.conftest import ROOT


def started(code: str, var: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a new process with a fresh installation's environment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("REGISTRAR_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {"REGISTRAR_VAR": str(var), "DJANGO_SETTINGS_MODULE": "registrar.web.settings"}
    env |= environ
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def fresh(code: str, var: Path, **environ: str) -> str:
    """Run `code` after django.setup() in a new process; its stdout."""
    setup = "import django; django.setup()\nfrom django.conf import settings\n"
    done = started(setup + code, var, **environ)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_debug_is_off_unless_asked_for(tmp_path):
    off = fresh("print(settings.DEBUG)", tmp_path)
    on = fresh("print(settings.DEBUG)", tmp_path, REGISTRAR_WEB_DEBUG="1")

    assert (off, on) == ("False\n", "True\n")


def test_mail_goes_to_the_console_unless_the_environment_names_smtp(tmp_path):
    show = "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT, "
    show += "settings.EMAIL_USE_TLS, settings.DEFAULT_FROM_EMAIL)"
    default = fresh(show, tmp_path)
    smtp = fresh(
        show,
        tmp_path,
        REGISTRAR_EMAIL_BACKEND="smtp",
        REGISTRAR_EMAIL_HOST="smtp.example.ac.uk",
        REGISTRAR_EMAIL_PORT="587",
        REGISTRAR_EMAIL_TLS="1",
        REGISTRAR_EMAIL_FROM="registry@example.ac.uk",
    )
    assert (default, smtp) == (
        "registrar.notices.console.EmailBackend localhost 25 False registry@localhost\n",
        "django.core.mail.backends.smtp.EmailBackend smtp.example.ac.uk 587 True "
        "registry@example.ac.uk\n",
    )


def test_an_unknown_mail_backend_is_refused_in_one_line(tmp_path):
    done = started("import registrar.web.settings", tmp_path, REGISTRAR_EMAIL_BACKEND="pigeon")
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: REGISTRAR_EMAIL_BACKEND='pigeon' is not "
        "one of console, smtp, file, none"
    )


def test_without_a_key_in_the_environment_one_is_made_once_under_var(tmp_path):
    first = fresh("print(settings.SECRET_KEY)", tmp_path).strip()
    second = fresh("print(settings.SECRET_KEY)", tmp_path).strip()
    given = fresh("print(settings.SECRET_KEY)", tmp_path, REGISTRAR_SECRET_KEY="k" * 60).strip()

    assert first == second == (tmp_path / "secret_key").read_text().strip()
    assert given == "k" * 60
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_passwords_are_hashed_with_argon2(tmp_path):
    hashed = fresh(
        "from django.contrib.auth.hashers import make_password\nprint(make_password('pw'))",
        tmp_path,
    )

    assert hashed.startswith("argon2$argon2id$")


HTTPS_PROBE = """
from django.test.utils import setup_test_environment
from django.test import Client, override_settings
from django.core.management import call_command
setup_test_environment()
call_command("migrate", verbosity=0)
client = Client()
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}):
    plain = client.get("/login/")
    secure = client.get("/login/", headers={"X-Forwarded-Proto": "https"})
cookie = secure.cookies["csrftoken"]
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "hsts": secure.headers.get("Strict-Transport-Security"),
    "csrf_cookie": [bool(cookie["secure"]), cookie["samesite"]],
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
}))
"""


def test_over_https_cookies_are_secure_hsts_is_sent_and_plain_http_is_redirected(tmp_path):
    found = json.loads(fresh("import json\n" + HTTPS_PROBE, tmp_path, REGISTRAR_HTTPS="1"))

    assert found == {
        "plain": [301, "https://testserver/login/"],
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "csrf_cookie": [True, "Lax"],
        "session_cookie_secure": True,
    }


def test_without_https_no_hsts_and_no_secure_cookies(tmp_path):
    found = json.loads(fresh("import json\n" + HTTPS_PROBE, tmp_path))

    assert found == {
        "plain": [200, None],
        "hsts": None,
        "csrf_cookie": [False, "Lax"],
        "session_cookie_secure": False,
    }


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Two connections to one SQLite file with the settings' options, and a table.

    A file of its own, not the test database: the point is how two connections meet.
    """
    path = tmp_path / "db.sqlite3"
    handler = ConnectionHandler(
        {
            "default": sqlite_database(path),
            "one": sqlite_database(path),
            "two": sqlite_database(path),
        }
    )
    with django_db_blocker.unblock():
        with handler["one"].cursor() as cursor:
            cursor.execute("create table counter (n integer)")
            cursor.execute("insert into counter values (0)")
        yield handler
        handler.close_all()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_file):
    with sqlite_file["one"].cursor() as cursor:
        mode = cursor.execute("pragma journal_mode").fetchone()[0]
        timeout = cursor.execute("pragma busy_timeout").fetchone()[0]

    assert (mode, timeout) == ("wal", 20_000)


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(sqlite_file):
    """Each reads the counter, pauses, then writes: a deferred transaction would fail to
    upgrade its read lock ("database is locked"); an immediate one waits its turn."""
    failures: list[str] = []

    def increment(alias: str) -> None:
        connection = sqlite_file[alias]
        try:
            # What transaction.atomic() does on SQLite (it names the default database only).
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                n = cursor.execute("select n from counter").fetchone()[0]
                time.sleep(0.3)
                cursor.execute("update counter set n = %s", [n + 1])
                connection.commit()
        except OperationalError as error:
            failures.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=increment, args=(alias,)) for alias in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with sqlite_file["one"].cursor() as cursor:
        total = cursor.execute("select n from counter").fetchone()[0]
    assert (failures, total) == ([], 2)

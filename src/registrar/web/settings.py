"""Django settings for Registrar: secure by default, set from the environment.

The database is a SQLite file under `var/` (or `$REGISTRAR_VAR`) unless
`DATABASE_URL` is set, in which case that database is used (PostgreSQL in CI).
Debug is off unless `REGISTRAR_WEB_DEBUG=1` (`registrar serve --dev` sets it);
`REGISTRAR_HTTPS=1` says a reverse proxy serves the site over HTTPS. The
variables are listed in docs/deploy.md.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from registrar.web.secret import secret_key

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("REGISTRAR_VAR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("REGISTRAR_WEB_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("REGISTRAR_SECRET_KEY") or secret_key(VAR_DIR)
ALLOWED_HOSTS = os.environ.get("REGISTRAR_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "registrar.audit",
    "registrar.people",
    "registrar.programmes",
    "registrar.registrations",
    "registrar.teaching",
    "registrar.projects",
    "registrar.assessment",
    "registrar.boards",
    "registrar.notices",
    "registrar.claims",
    "registrar.admissions",
    "registrar.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the frame-options middleware, so its answer for embedded documents stands.
    "registrar.web.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "registrar.web.urls"
WSGI_APPLICATION = "registrar.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "registrar.web.context.navigation",
            ]
        },
    }
]


def sqlite_database(path: Path) -> dict[str, object]:
    """A SQLite database at `path` that lets concurrent writers wait their turn.

    WAL lets pages read while one request writes; IMMEDIATE takes the write lock
    when a transaction begins, so a second writer waits up to `timeout` seconds
    instead of failing with "database is locked" when it upgrades a read lock.
    """
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # A connection is kept for a minute of requests; CONN_HEALTH_CHECKS replaces one the
        # server has closed meanwhile (a restart) before a request uses it, rather than
        # failing that request (tests/faults/test_postgres_restart.py). SQLite opens a file
        # per request (CONN_MAX_AGE 0): there is nothing to keep or check.
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return sqlite_database(VAR_DIR / "registrar.sqlite3")


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
# Argon2 first; the others stay so older hashes still verify (and are upgraded at sign-in).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Sign-in throttling (django-axes): five failures for one account, or from one
# address, lock that account or address out for 15 minutes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "registrar.web.throttling.locked_out"
AXES_CLIENT_IP_CALLABLE = "registrar.web.throttling.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves what collectstatic gathered (`registrar serve` runs it):
# compressed, and fingerprinted so browsers may keep each file for ever.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "registrar.web.storage.StaticFilesStorage"},
}
# Source maps are for developer tools alone: not worth compressing at each start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on a missing folder

# Email (notices, src/registrar/notices): written to the console unless the environment
# names another backend: `smtp` with the REGISTRAR_EMAIL_* server settings, or `file`
# (one file per message in REGISTRAR_EMAIL_FILE_PATH). docs/notices.md lists them.
_EMAIL_BACKENDS = {
    "console": "registrar.notices.console.EmailBackend",  # Django's, on standard error
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "none": "django.core.mail.backends.dummy.EmailBackend",
}
_EMAIL = os.environ.get("REGISTRAR_EMAIL_BACKEND", "console")
if _EMAIL not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"REGISTRAR_EMAIL_BACKEND={_EMAIL!r} is not one of {', '.join(_EMAIL_BACKENDS)}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_EMAIL]
EMAIL_FILE_PATH = os.environ.get("REGISTRAR_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("REGISTRAR_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("REGISTRAR_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("REGISTRAR_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("REGISTRAR_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("REGISTRAR_EMAIL_TLS", "0") == "1"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("REGISTRAR_EMAIL_FROM", "registry@localhost")
# The site's address, for links in emails.
REGISTRAR_SITE_URL = os.environ.get("REGISTRAR_SITE_URL", "http://127.0.0.1:8000")

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

# Headers on every response; the Content-Security-Policy is set in registrar.web.security.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Over HTTPS the reverse proxy terminates TLS and says so in X-Forwarded-Proto
# (deploy/nginx/registrar.conf); only then are cookies Secure and HSTS sent.
HTTPS = os.environ.get("REGISTRAR_HTTPS", "0") == "1"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# A refused request (403, 404, a bad Host) is one line in the log, not a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "registrar.web.security.OneLineRefusals"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "refusals": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["refusals"],
        },
    },
    "loggers": {
        "django.request": {"handlers": ["refusals"], "level": "WARNING", "propagate": False},
        "django.security": {"handlers": ["refusals"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

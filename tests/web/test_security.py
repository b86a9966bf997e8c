"""Security headers on every response, no inline script or style, one-line refusal logs."""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import re
import sys
from pathlib import Path

import pytest
from django.test import Client

from registrar.web import security

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
TEMPLATES = Path(security.__file__).resolve().parent.parent


def test_a_page_carries_the_security_headers(client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert {
        name: response.headers.get(name)
        for name in (
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
        )
    } == {
        "Content-Security-Policy": POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }


def test_the_session_cookie_is_http_only_and_same_site_and_so_is_csrf(account, client):
    account("amara", "student")

    client.post("/login/", {"username": "amara", "password": "amara-pass"})

    session = client.cookies["sessionid"]
    csrf = client.cookies["csrftoken"]
    assert (session["httponly"], session["samesite"], csrf["samesite"]) == (True, "Lax", "Lax")


def test_the_specification_document_may_be_framed_by_the_site_and_keeps_its_own_style(
    programme, account
):
    client = Client()
    client.force_login(account("registry", "administrator"))

    response = client.get(f"/programmes/{programme.pk}/versions/1/document/")

    style = re.search(rb"<style>(.*?)</style>", response.content, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1)).digest()).decode()
    assert response.headers["Content-Security-Policy"] == POLICY.replace(
        "style-src 'self'", f"style-src 'self' 'sha256-{digest}'"
    ).replace("frame-ancestors 'none'", "frame-ancestors 'self'")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_style_hashes_name_each_style_element_and_nothing_else():
    html = b"<p style='x'>a</p><style>p{}</style><style>\nb{}</style>"

    assert security.style_hashes(html) == " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in (b"p{}", b"\nb{}")
    )


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=", re.IGNORECASE)


def test_no_page_template_has_inline_script_style_or_event_handlers():
    """The policy allows no inline script or style: pages keep both in static files.

    The PDF broadsheet is WeasyPrint's input, never served as a page.
    """
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
        for path in sorted((TEMPLATES / "templates").rglob("*.html"))
        if path.name != "broadsheet_pdf.html"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INLINE.search(line)
    ]

    assert found == []


@pytest.fixture
def request_log():
    """What the configured handler of django.request writes, as text."""
    handler = logging.getLogger("django.request").handlers[0]
    stream = io.StringIO()
    previous, handler.stream = handler.stream, stream  # setStream flushes a closed one
    yield stream
    handler.stream = previous


def test_a_refused_request_logs_one_line_without_a_traceback(account, request_log):
    client = Client()
    client.force_login(account("amara", "student"))

    response = client.get("/students/")

    assert response.status_code == 403
    lines = request_log.getvalue().splitlines()
    assert [line.split(" ", 2)[2] for line in lines] == [
        "WARNING django.request: Forbidden (Permission denied): /students/"
    ]


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), None
    )
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    record.status_code = 500

    kept = security.OneLineRefusals().filter(record)

    assert (kept, record.exc_info is not None) == (True, True)

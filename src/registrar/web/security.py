"""Security headers Django does not set itself, and one-line logs of refused requests.

Django 5.2 has no Content-Security-Policy; this middleware sends one that allows
scripts, styles and frames from the site alone: no inline script or style anywhere.
The one exception is the published specification document, a standalone page with
its own <style> that the programme page shows in a frame: it may be framed by the
site, and its own style elements are allowed by their hashes, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# URL names of standalone documents the site shows in its own frames.
EMBEDDED_DOCUMENTS = frozenset({"version-document"})
STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def policy(**changes: str) -> str:
    return "; ".join(f"{name} {changes.get(name, value)}" for name, value in POLICY.items())


def style_hashes(html: bytes) -> str:
    """CSP sources for each <style> element of `html`, by its SHA-256."""
    digests = (hashlib.sha256(body).digest() for body in STYLE.findall(html))
    return " ".join(f"'sha256-{base64.b64encode(d).decode()}'" for d in digests)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and match.url_name in EMBEDDED_DOCUMENTS and not response.streaming:
            styles = style_hashes(response.content)
            response["Content-Security-Policy"] = policy(
                **{"style-src": f"'self' {styles}".rstrip(), "frame-ancestors": "'self'"}
            )
            response["X-Frame-Options"] = "SAMEORIGIN"
        else:
            response.setdefault("Content-Security-Policy", policy())
        return response


class OneLineRefusals(logging.Filter):
    """Drop the traceback from records of refused requests (status below 500).

    A 403 or 404 is the application working as meant; its traceback only buries
    the errors that matter. A 500 keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True

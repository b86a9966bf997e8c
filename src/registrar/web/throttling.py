"""Sign-in throttling with django-axes: where a request comes from, and the locked-out page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The address a request comes from.

    Behind the HTTPS proxy every request arrives from the proxy, so the address
    is the last one the proxy added to X-Forwarded-For (earlier ones are the
    client's to choose and not trusted).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.HTTPS and forwarded:
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The sign-in page, saying sign-in is paused and for how long (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registrar/locked_out.html", {"minutes": minutes}, status=429)

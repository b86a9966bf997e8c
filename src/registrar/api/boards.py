"""The API's boards endpoints (mounted by api/app.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["boards"])

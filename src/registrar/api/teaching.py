"""The API's teaching endpoints (mounted by api/app.py)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["teaching"])

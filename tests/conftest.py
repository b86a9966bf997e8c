"""Shared test fixtures: paths into the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"


@pytest.fixture
def mres_path() -> Path:
    return MRES

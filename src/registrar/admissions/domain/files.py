"""Application documents on disk: `VAR_DIR/admissions/<sha256>`, outside the web root.

Kept as long as the application (unlike the import pages' uploads, which expire after a
day); served only by the document page, which asks the rules table first.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

from registrar.web.uploads import DIGEST, write_private


def folder() -> Path:
    path = Path(settings.VAR_DIR) / "admissions"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep(data: bytes) -> str:
    """Store the bytes; their SHA-256, by which `load` finds them."""
    digest = hashlib.sha256(data).hexdigest()
    write_private(folder() / digest, data)
    return digest


def load(digest: str) -> bytes | None:
    if not DIGEST.fullmatch(digest):
        return None
    try:
        return (folder() / digest).read_bytes()
    except FileNotFoundError:
        return None

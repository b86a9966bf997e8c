"""The secret key: from `REGISTRAR_SECRET_KEY`, else one generated once and kept under VAR_DIR.

There is no built-in key: a key in the source would sign every session of every
installation alike.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

KEY_FILE = "secret_key"


def secret_key(var_dir: Path) -> str:
    """The key in `var_dir/secret_key`, made on first use (mode 0600, never replaced)."""
    path = var_dir / KEY_FILE
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # Written aside and linked into place, so two processes starting at once
        # (gunicorn's workers) never read a half-written key or keep different ones.
        draft = var_dir / f".{KEY_FILE}.{secrets.token_hex(8)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(50) + "\n")
        try:
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            draft.unlink()
    key = path.read_text(encoding="utf-8").strip()
    if not key:
        raise RuntimeError(f"{path}: the secret key file is empty; delete it to make a new one")
    return key

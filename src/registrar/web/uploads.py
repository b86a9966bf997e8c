"""Uploaded files kept between a preview and its commit: private, under VAR_DIR, named by hash.

The import pages used to carry the file back in a hidden form field, which Django's
form limit (2.5 MB) refused for a large cohort. Now a preview streams the upload to
`VAR_DIR/uploads/<sha256>` (outside the web root, mode 0600) and the commit names
only the hash, so the same file always commits the same way. Files older than a day
are removed when another is stored.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

MOST_BYTES = 50 * 1024 * 1024  # the largest file a page takes (a cohort of ~500,000 rows)
KEEP_SECONDS = 24 * 3600
DIGEST = re.compile(r"[0-9a-f]{64}")


class UploadTooLargeError(Exception):
    """The file is over MOST_BYTES; nothing was kept."""


def folder() -> Path:
    path = Path(settings.VAR_DIR) / "uploads"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def size_limit() -> str:
    return f"{MOST_BYTES // (1024 * 1024)} MB"


def store(upload: UploadedFile) -> tuple[str, bytes]:
    """Keep the upload by its SHA-256; returns the digest and the file's bytes."""
    if upload.size is not None and upload.size > MOST_BYTES:
        raise UploadTooLargeError(
            f"{upload.name} is {upload.size:,} bytes, more than the {size_limit()} a page "
            "takes; split it, or import it with the registrar command"
        )
    where = folder()
    name, data = keep(where, upload)
    _prune(where, keep=name)
    return name, data


def keep(where: Path, upload: UploadedFile) -> tuple[str, bytes]:
    """Write the upload privately into `where` (mode 0600), named by its SHA-256; returns the
    digest and the bytes. Nothing is pruned: callers that keep files for good use this."""
    digest = hashlib.sha256()
    chunks = []
    for chunk in upload.chunks():
        digest.update(chunk)
        chunks.append(chunk)
    data = b"".join(chunks)
    name = digest.hexdigest()
    write_private(where / name, data)
    return name, data


def write_private(target: Path, data: bytes) -> None:
    """Write `data` to `target` (mode 0600) whole or not at all; an existing file is kept
    (files are named by their hash: the same name is the same content)."""
    if target.exists():
        return
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".partial-")  # mode 0600
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    Path(partial).replace(target)


def load(digest: str, where: Path | None = None) -> bytes | None:
    """The stored file with this SHA-256 (in `where`, else the uploads folder), or None
    (an unknown or expired hash)."""
    if not DIGEST.fullmatch(digest):
        return None
    try:
        return ((where or folder()) / digest).read_bytes()
    except FileNotFoundError:
        return None


def _prune(where: Path, keep: str) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in where.iterdir():
        if path.name != keep and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)

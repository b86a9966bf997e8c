"""Files kept for good: claim evidence and feedback files, private under VAR_DIR/<kind>/.

Stored as `uploads.keep` stores a preview's file (named by SHA-256, mode 0600, outside
the web root) but never pruned. The type is judged by the file's first bytes, never by
its name or the browser's word: a page renamed `.pdf` is refused. Downloads go through
a view that asks the rules table first, as an attachment the browser may not sniff.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse

from registrar.web import uploads

# What a file starts with → its type. PDF, PNG and JPEG: what a doctor's note, a scan or
# a marked-up script is sent as.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ACCEPTED = "PDF, PNG or JPEG"


class DocumentRefusedError(ValueError):
    """The file was refused (too large, empty, or not of an accepted type); nothing was kept."""


@dataclass(frozen=True)
class Kept:
    name: str  # the file's name as sent, for the download
    digest: str
    content_type: str
    size: int


def folder(kind: str) -> Path:
    path = Path(settings.VAR_DIR) / kind
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def limit(most_bytes: int) -> str:
    """`10 MB`, or `100 bytes` below a megabyte."""
    mb = 1024 * 1024
    return f"{most_bytes // mb} MB" if most_bytes >= mb else f"{most_bytes:,} bytes"


def content_type(data: bytes) -> str | None:
    """The accepted type the bytes are, by their signature; None for any other."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            return kind
    return None


def keep_document(kind: str, upload: UploadedFile, *, most_bytes: int) -> Kept:
    """Keep `upload` under VAR_DIR/`kind`, or DocumentRefusedError saying why."""
    name = Path(upload.name or "file").name[:200]
    if upload.size is not None and upload.size > most_bytes:
        raise DocumentRefusedError(
            f"{name} is {upload.size:,} bytes, more than the {limit(most_bytes)} a file may be"
        )
    head = upload.read(16)
    upload.seek(0)
    found = content_type(head)
    if found is None:
        raise DocumentRefusedError(f"{name} is not a {ACCEPTED} file (judged by its content)")
    digest, data = uploads.keep(folder(kind), upload)
    return Kept(name, digest, found, len(data))


def read_document(kind: str, digest: str) -> bytes | None:
    return uploads.load(digest, folder(kind))


def download(kind: str, digest: str, name: str, declared: str) -> HttpResponse:
    """The kept file as an attachment; 404 when it is missing from the disk."""
    from django.http import Http404

    data = read_document(kind, digest)
    if data is None:
        raise Http404("the file is no longer stored")
    response = HttpResponse(data, content_type=declared)
    safe = name.replace('"', "").replace("\r", "").replace("\n", "")
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response

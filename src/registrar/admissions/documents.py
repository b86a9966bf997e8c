"""A document an application gives: what it calls the file, and the file's content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The largest document read (ours: the specification states none). A larger file is not
# read at all, and the requirement it is for is not met.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    """One file given for a document; `content` is None when it could not be read (`why`)."""

    given: str  # as the application names it, e.g. "research-statement.pdf"
    content: bytes | None
    why: str = ""  # 'does not exist', 'is larger than 20 MiB', ...


def read_document(folder: Path, given: str) -> Document:
    """The file `given` names, relative to `folder` (the application's own folder)."""
    path = folder / given
    try:
        if not path.is_file():
            why = "is a folder, not a file" if path.is_dir() else "does not exist"
            return Document(given, None, why)
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        return Document(given, None, f"cannot be read ({error.strerror or error})")
    if len(data) > MAX_DOCUMENT_BYTES:
        return Document(given, None, f"is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
    return Document(given, data)

"""Files kept for good (web/documents.py): the type by content, the size, private storage."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registrar.web.documents import (
    DocumentRefusedError,
    content_type,
    download,
    keep_document,
    read_document,
)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"<html>", None),
        (b"PK\x03\x04", None),  # a zip (or a Word file): not accepted
        (b"", None),
    ],
)
def test_the_type_is_judged_by_the_first_bytes(head, expected):
    assert content_type(head) == expected


def test_a_kept_file_is_private_and_read_back_by_its_digest(settings):
    kept = keep_document(
        "tests-kind", SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\nX"), most_bytes=100
    )

    path = settings.VAR_DIR / "tests-kind" / kept.digest
    assert (kept.name, kept.content_type, kept.size) == ("a.png", "image/png", 9)
    assert (path.stat().st_mode & 0o777, read_document("tests-kind", kept.digest)) == (
        0o600,
        b"\x89PNG\r\n\x1a\nX",
    )
    response = download("tests-kind", kept.digest, 'a"b.png', kept.content_type)
    assert (response["Content-Disposition"], response["X-Content-Type-Options"]) == (
        'attachment; filename="ab.png"',
        "nosniff",
    )


def test_a_file_too_large_or_of_another_type_is_refused():
    with pytest.raises(
        DocumentRefusedError, match=r"^big\.pdf is 101 bytes, more than the 100 bytes a file"
    ):
        keep_document(
            "tests-kind", SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 96), most_bytes=100
        )
    with pytest.raises(DocumentRefusedError, match=r"^x\.pdf is not a PDF, PNG or JPEG file"):
        keep_document("tests-kind", SimpleUploadedFile("x.pdf", b"MZ"), most_bytes=100)
    assert read_document("tests-kind", "0" * 64) is None

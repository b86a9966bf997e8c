"""The claims tests' world: the marks tests' cohort, a panel, and evidence files."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
PROJECT, ETHICS = "COMP70059", "COMP70076"
THESIS = "Research thesis"
DEADLINE = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
EXTENDED = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # 72 hours later
FROM, TO = date(2026, 2, 20), date(2026, 3, 4)


def pdf(name: str = "note.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def submit(student, *items, evidence=(), actor=None, statement="I was in hospital."):
    from registrar.claims.domain.claims import Affected, submit_claim

    return submit_claim(
        student=student,
        items=list(items) or [Affected(PROJECT, THESIS, 1, DEADLINE)],
        affected_from=FROM,
        affected_to=TO,
        statement=statement,
        evidence=list(evidence),
        actor=actor if actor is not None else student.user,
    )

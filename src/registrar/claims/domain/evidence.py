"""A claim's evidence files: kept privately (VAR_DIR/evidence), limited in size, number and type.

The type is judged by the file's content (`web.documents`): PDF, PNG or JPEG. Only the
student, the claim's panel and the registry may download it (`view_claim_evidence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from registrar.audit.domain import record
from registrar.claims.domain.errors import ClaimRefusedError
from registrar.claims.models import Claim, ClaimStatus, Evidence
from registrar.web.documents import DocumentRefusedError, content_type, keep_document

KIND = "evidence"
MOST_BYTES = 10 * 1024 * 1024
MOST_FILES = 10


def check_evidence(files: Sequence[UploadedFile], *, already: int) -> None:
    """Refuse (ClaimRefusedError) files beyond the number a claim holds, too large or of a
    type not accepted, before anything is kept."""
    if already + len(files) > MOST_FILES:
        raise ClaimRefusedError(f"a claim holds at most {MOST_FILES} evidence files")
    for upload in files:
        name = upload.name or "file"
        if upload.size is not None and upload.size > MOST_BYTES:
            raise ClaimRefusedError(
                f"{name} is {upload.size:,} bytes, more than the "
                f"{MOST_BYTES // (1024 * 1024)} MB an evidence file may be"
            )
        head = upload.read(16)
        upload.seek(0)
        if content_type(head) is None:
            raise ClaimRefusedError(
                f"{name} is not a PDF, PNG or JPEG file (judged by its content)"
            )


def keep_evidence(claim: Claim, upload: UploadedFile) -> Evidence:
    """Keep one checked file for `claim` (no ledger entry: the caller writes one)."""
    try:
        kept = keep_document(KIND, upload, most_bytes=MOST_BYTES)
    except DocumentRefusedError as refused:
        raise ClaimRefusedError(str(refused)) from refused
    return Evidence.objects.create(
        claim=claim,
        name=kept.name,
        digest=kept.digest,
        content_type=kept.content_type,
        size=kept.size,
    )


@transaction.atomic
def add_evidence(*, claim: Claim, files: Sequence[UploadedFile], actor: Any) -> list[Evidence]:
    """Add evidence to a claim not yet decided. Refuses a decided claim and what
    `check_evidence` refuses. Side effects: the files kept, an Evidence row each; one
    ledger entry `claim.evidence_added`."""
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status in (ClaimStatus.UPHELD, ClaimStatus.REJECTED):
        raise ClaimRefusedError(f"claim {claim.pk} is decided; evidence can no longer be added")
    if not files:
        raise ClaimRefusedError("choose a file to add")
    check_evidence(files, already=claim.evidence.count())
    kept = [keep_evidence(claim, upload) for upload in files]
    record(
        actor=actor,
        action="claim.evidence_added",
        subject=f"claim {claim.pk} of {claim.student.student_id}",
        data={"evidence": [e.name for e in kept]},
        student_id=claim.student.student_id,
    )
    return kept

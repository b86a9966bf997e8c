"""An application's records as the check reads them: the same `check_application` as
`registrar admissions check`, with the documents' bytes from storage instead of files."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from registrar.admissions.application import Application as ApplicationData
from registrar.admissions.documents import MAX_DOCUMENT_BYTES, Document
from registrar.admissions.domain.files import load
from registrar.admissions.english import (
    EnglishTests,
    EnglishTestsError,
    english_tests_path,
    load_english_tests,
)
from registrar.admissions.models import Application, Classification
from registrar.admissions.requirements import Requirement, check_application, check_document
from registrar.programmes.domain.versions import current_specification
from registrar.spec.model import Specification

log = logging.getLogger(__name__)


def specification(application: Application) -> Specification:
    return current_specification(application.programme)


def english_tests(spec: Specification) -> EnglishTests | None:
    """The registry's English tests for the specification's institution (none kept: None).

    A broken file is the registry's to mend, not the applicant's: it is logged (and reported
    by `manage.py check`, see apps.py) and the check goes on as if no file were kept, so an
    English test other than the specification's own needs the tutor's judgement."""
    path = english_tests_path(spec)
    if path is None:
        return None
    try:
        return load_english_tests(path)
    except EnglishTestsError as error:
        log.error("the English tests file cannot be used:\n%s", error)
        return None


def as_data(application: Application) -> ApplicationData:
    """The application as the application file would give it (docs/admissions.md)."""
    degree: dict[str, Any] = {
        "classification": application.classification,
        "discipline": application.discipline,
    }
    if application.classification == Classification.INTERNATIONAL:
        degree |= {"country": application.country, "description": application.description}
    data: dict[str, Any] = {"degree": degree, "documents": {}}
    if application.english_test:
        data["english"] = {
            "test": application.english_test,
            "overall": application.english_overall,
            **{k: Decimal(v) for k, v in application.english_elements.items()},
        }
    for document in application.documents.all():
        data["documents"].setdefault(document.kind, []).append(document.filename)
    return ApplicationData.model_validate(data)


def stored_documents(application: Application) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for document in application.documents.all():
        content = load(document.sha256)
        out.setdefault(document.kind, []).append(
            Document(document.filename, content, "" if content is not None else "is missing")
        )
    return out


def check(application: Application) -> list[Requirement]:
    """Every entry requirement, checked for the application as it stands."""
    spec = specification(application)
    return check_application(
        spec, as_data(application), stored_documents(application), english_tests(spec)
    )


def check_upload(application: Application, kind: str, filename: str, data: bytes) -> Requirement:
    """Whether an uploaded file would meet its document's requirement (type by content,
    size, the research statement's pages)."""
    if len(data) > MAX_DOCUMENT_BYTES:
        given: Sequence[Document] = [
            Document(filename, None, f"is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB")
        ]
    else:
        given = [Document(filename, data)]
    return check_document(specification(application), kind, given)

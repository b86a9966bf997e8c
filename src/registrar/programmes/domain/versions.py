"""Publishing a specification version, and reading the current one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.notices.domain.events import specification_changed
from registrar.programmes.models import Programme, SpecificationVersion
from registrar.spec.loading import load_specification, specification_from_data
from registrar.spec.model import Specification


class PublishRefusedError(Exception):
    """The specification was not published; the message says why."""


@transaction.atomic
def publish_specification(
    *, actor: Any, path: Path, note: str = "", source: str | None = None
) -> SpecificationVersion:
    """Publish the specification in `path` as the next version of its programme cohort.

    The file is validated with the specification library first (SpecificationError
    or SourceError propagate, listing every problem). The programme row for the
    cohort is created on first publication.

    Side effects: maybe one Programme row; one SpecificationVersion row; one audit
    entry `specification.published`; from the second version on, a notice of what changed
    to each enrolled student of the cohort (`notices.sent`). Refuses (PublishRefusedError)
    when the content is identical to the programme's latest version.
    """
    spec = load_specification(path)
    data = spec.model_dump(mode="json")
    programme, _ = Programme.objects.get_or_create(
        code=spec.programme.code,
        cohort=spec.year,
        defaults={"title": spec.programme.title, "institution": spec.institution},
    )
    latest = programme.versions.order_by("-number").first()
    if latest is not None and latest.data == data:
        raise PublishRefusedError(
            f"{path} is identical to {programme} version {latest.number}; nothing to publish"
        )
    version = SpecificationVersion.objects.create(
        programme=programme,
        number=(latest.number + 1) if latest else 1,
        source=source or str(path),
        yaml_text=path.read_text(encoding="utf-8"),
        data=data,
        note=note,
        published_by=user_of(actor),
    )
    record(
        actor=actor,
        action="specification.published",
        subject=f"{programme.code} {programme.cohort} v{version.number}",
        reason=note,
        data={"source": version.source, "number": version.number},
    )
    specification_changed(version=version, actor=actor)
    return version


def latest_version(programme: Programme) -> SpecificationVersion:
    version = programme.versions.order_by("-number").first()
    if version is None:
        raise PublishRefusedError(f"{programme} has no published specification yet")
    return version


@lru_cache(maxsize=32)
def _parsed(version_id: int, published_at: str) -> Specification:
    # Versions are immutable, so the parsed model is cached by identity and publication time.
    version = SpecificationVersion.objects.get(pk=version_id)
    return specification_from_data(version.data, origin=version.source)


def specification_of(version: SpecificationVersion) -> Specification:
    return _parsed(version.pk, version.published_at.isoformat())


def current_specification(programme: Programme) -> Specification:
    """The programme's latest published specification."""
    return specification_of(latest_version(programme))

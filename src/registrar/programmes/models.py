"""A programme cohort and the published versions of its specification.

A published version is immutable: its row refuses to be saved again or
deleted. A change to the specification is a new version.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class ImmutableVersionError(Exception):
    """A published specification version cannot be changed; publish a new version."""


class Programme(models.Model):
    """One programme for one entry cohort, e.g. G5ZB 2025-26."""

    code = models.CharField(max_length=20)
    cohort = models.CharField(max_length=7)
    title = models.CharField(max_length=200)
    institution = models.CharField(max_length=50)

    class Meta:
        ordering = ("code", "cohort")
        constraints = (
            models.UniqueConstraint(fields=["code", "cohort"], name="one_programme_per_cohort"),
        )

    def __str__(self) -> str:
        return f"{self.title} ({self.cohort} entry)"


class VersionQuerySet(models.QuerySet["SpecificationVersion"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableVersionError("published specification versions cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError("published specification versions cannot be deleted")


class SpecificationVersion(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    source = models.CharField(max_length=300, help_text="Where the YAML was read from.")
    yaml_text = models.TextField()
    data = models.JSONField()
    note = models.TextField(blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ("programme", "number")
        constraints = (
            models.UniqueConstraint(fields=["programme", "number"], name="one_number_per_version"),
        )

    def __str__(self) -> str:
        return f"{self.programme} version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableVersionError(
                f"{self} is published and cannot be changed; publish a new version instead"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableVersionError(f"{self} is published and cannot be deleted")

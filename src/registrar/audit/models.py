"""The ledger: who changed what, when, from what to what, and why. Entries are never changed.

Below the application, triggers refuse UPDATE and DELETE on the table (and TRUNCATE
on PostgreSQL): see guards.py. Each entry carries a SHA-256 chained to the entry
before it (chain.py), so a change made around the triggers shows in `registrar audit
verify`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from registrar.audit import chain


class AppendOnlyError(Exception):
    """Audit entries are written once and never changed or deleted."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditEntry(models.Model):
    # Set before the hash is taken (auto_now_add would set it after).
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=200, db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The record as it was and as it became (empty for a creation or a removal).
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    # What the entry is about, for the history pages (empty when it is about neither).
    student_id = models.CharField(max_length=20, blank=True, db_index=True)
    module_code = models.CharField(max_length=20, blank=True, db_index=True)
    # SHA-256 of this entry's content and the previous entry's hash (chain.py).
    hash = models.CharField(max_length=64, editable=False, default="")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ("-at", "-id")
        verbose_name_plural = "audit entries"
        # A row written around `save` (bulk_create, COPY) without its hash is refused.
        constraints = (models.CheckConstraint(condition=~models.Q(hash=""), name="entry_hashed"),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries cannot be changed")
        with transaction.atomic():
            chain.lock()
            self.hash = chain.entry_hash(
                {name: getattr(self, name) for name in chain.HASHED}, chain.last_hash()
            )
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")

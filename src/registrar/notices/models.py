"""A notice addressed to one person: shown in the application and sent by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    CHOICE_OPENED = "choice_opened", "Module choice opened"
    CHOICE_CLOSING = "choice_closing", "Module choice closing soon"
    ALLOCATION_CONFIRMED = "allocation_confirmed", "Project allocation confirmed"
    CLAIM_DECIDED = "claim_decided", "Mitigating circumstances claim decided"
    RESULTS_RELEASED = "results_released", "Results released"
    SPECIFICATION_CHANGED = "specification_changed", "Programme specification changed"
    REFERENCE_REQUESTED = "reference_requested", "Reference requested"


class Notice(models.Model):
    """One message to one person (a student, or a staff account).

    A student's notice is filed under their record, so it shows once they have a login
    too. `key` names the occasion a reminder is for, so it goes once per occasion.
    `sent_at` stays empty until the email is accepted by the mail server; `error` holds
    the last failure's one line (`registrar notices send` retries).
    """

    kind = models.CharField(max_length=32, choices=Kind.choices)
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="notices"
    )
    student = models.ForeignKey(
        "people.Student", null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    email = models.EmailField(max_length=320, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    key = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (
            models.Index(fields=["programme", "kind", "key"]),
            models.Index(fields=["sent_at"]),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email or self.user or self.student}"

    @property
    def delivery(self) -> str:
        """How the notice stands, in words for the registry's list."""
        if self.sent_at is not None:
            return "emailed"
        if not self.email:
            return "in the application only (no email address)"
        return f"not sent yet: {self.error}" if self.error else "waiting to be sent"

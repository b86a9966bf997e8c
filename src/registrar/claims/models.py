"""Mitigating-circumstances claims: what a student asks, the panel's decision and its remedy.

A claim names the assessments affected (`ClaimItem`: a module's component, or the whole
module, and the attempt), the dates, a statement and evidence files (`Evidence`, kept
privately under VAR_DIR/evidence). The registry routes it to a panel (accounts with the
exam-board role); a panel member upholds or rejects it. An upheld claim's remedy is
either a further uncapped attempt (the affected attempts flagged `MC`, through mark
entry) or an extension to a new deadline (the lateness the engine reads is measured
from it). Logic lives in `domain/`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ROUTED = "routed", "With the panel"
    UPHELD = "upheld", "Upheld"
    REJECTED = "rejected", "Rejected"


class Remedy(models.TextChoices):
    NONE = "", "—"
    FURTHER_ATTEMPT = "further_attempt", "A further uncapped attempt"
    EXTENSION = "extension", "An extension to a new deadline"


class Claim(models.Model):
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="claims")
    affected_from = models.DateField()
    affected_to = models.DateField()
    statement = models.TextField()
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    routed_at = models.DateTimeField(null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    remedy = models.CharField(max_length=16, choices=Remedy.choices, blank=True)
    extended_to = models.DateTimeField(null=True, blank=True)  # the new deadline

    class Meta:
        ordering = ("-submitted_at", "-id")

    def __str__(self) -> str:
        return f"claim {self.pk} of {self.student.student_id}"


class ClaimItem(models.Model):
    """One assessment a claim names: a component ("" = the whole module) of one attempt."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="items")
    module_code = models.CharField(max_length=20)
    component = models.CharField(max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    deadline = models.DateTimeField(null=True, blank=True)  # the published one, if it had one

    class Meta:
        ordering = ("module_code", "component", "attempt")
        constraints = (
            models.UniqueConstraint(
                fields=["claim", "module_code", "component", "attempt"], name="one_item_per_sit"
            ),
        )

    def __str__(self) -> str:
        return f"{self.module_code} {self.component or 'whole module'}, attempt {self.attempt}"


class Evidence(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(max_length=200)
    digest = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.name

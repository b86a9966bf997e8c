"""Marks as stored: one row per (student, module, component, attempt), the marks contract's row.

`component` is "" for a whole-module mark. `mark` is an exact decimal (two places)
or empty with a flag. `version` counts saves, for optimistic concurrency: a save
names the version it started from and is refused if another save came first.
`locked_by` is the locked board run that read the mark: a locked mark cannot change
(a resit is a new attempt, so a new row). Logic lives in `domain/`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Flag(models.TextChoices):
    NONE = "", "—"
    NOT_SUBMITTED = "NS", "Not submitted"
    MITIGATING = "MC", "Mitigating circumstances upheld"


class Mark(models.Model):
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="marks")
    module_code = models.CharField(max_length=20)
    component = models.CharField(max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    mark = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    flag = models.CharField(max_length=2, choices=Flag.choices, blank=True)
    late_hours = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    locked_by = models.ForeignKey(
        "boards.BoardRun", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "module_code", "component", "attempt")
        constraints = (
            models.UniqueConstraint(
                fields=["student", "module_code", "component", "attempt"], name="one_mark_per_sit"
            ),
        )

    def __str__(self) -> str:
        part = f" {self.component}" if self.component else ""
        return f"{self.student.student_id} {self.module_code}{part} attempt {self.attempt}"


class Feedback(models.Model):
    """A marker's feedback on one mark: a component ("" = the whole module) of one attempt.

    The student reads it once a released board run holds that mark (`domain/feedback.py`).
    A written examination has none (the specification's feedback policy). The optional
    file is kept privately under VAR_DIR/feedback, named by its SHA-256.
    """

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="feedback")
    module_code = models.CharField(max_length=20)
    component = models.CharField(max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    file_name = models.CharField(max_length=200, blank=True)
    file_digest = models.CharField(max_length=64, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    given_at = models.DateTimeField(auto_now=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "module_code", "component", "attempt")
        constraints = (
            models.UniqueConstraint(
                fields=["student", "module_code", "component", "attempt"],
                name="one_feedback_per_sit",
            ),
        )

    def __str__(self) -> str:
        part = f" {self.component}" if self.component else ""
        return f"feedback {self.student.student_id} {self.module_code}{part} attempt {self.attempt}"

"""Exam-board runs, the board's decisions, and the external examiner's comments and sign-off.

A run stores everything it read (the marks and registrations in their CSV
contracts, the specification version, the regulations' text, the engine version)
with their SHA-256 hashes, and the engine's results, so that it can be re-derived
exactly later (`domain/verify.py`). Logic lives in `domain/`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class BoardRun(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="board_runs"
    )
    version = models.ForeignKey(
        "programmes.SpecificationVersion", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    engine_version = models.CharField(max_length=100)
    regulations_source = models.CharField(max_length=300)
    regulations_text = models.TextField()
    marks_csv = models.TextField()
    registrations_csv = models.TextField()
    # the professional skills completions (student_id,course) the run passed the engine;
    # "" when it passed none: the courses were not checked (docs/rules.md#professional-skills)
    skills_csv = models.TextField(blank=True, default="")
    # {"marks", "registrations", "specification", "regulations"[, "skills"]}: SHA-256 digests
    hashes = models.JSONField()
    # the engine's proposal: the classification output contract as CSV
    results_csv = models.TextField()
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Board run {self.pk} of {self.programme}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class Decision(models.Model):
    """The board's decision on one student of a run; differing from the proposal needs a reason."""

    run = models.ForeignKey(BoardRun, on_delete=models.PROTECT, related_name="decisions")
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="board_decisions"
    )
    status = models.CharField(max_length=16)
    award = models.CharField(max_length=100, blank=True)
    classification = models.CharField(max_length=32, blank=True)
    agrees = models.BooleanField()
    reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("run", "student")
        constraints = (
            models.UniqueConstraint(fields=["run", "student"], name="one_decision_per_student"),
        )

    def __str__(self) -> str:
        return f"{self.run}: {self.student.student_id} {self.status}"


class ExaminerComment(models.Model):
    """An external examiner's comment on a run (on one student, or the run as a whole)."""

    run = models.ForeignKey(BoardRun, on_delete=models.PROTECT, related_name="comments")
    student = models.ForeignKey(
        "people.Student", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("run", "at", "id")

    def __str__(self) -> str:
        return f"{self.run}: comment by {self.author.get_username()}"


class SignOff(models.Model):
    """An external examiner's sign-off on a run."""

    run = models.ForeignKey(BoardRun, on_delete=models.PROTECT, related_name="sign_offs")
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("run", "at")
        constraints = (models.UniqueConstraint(fields=["run", "examiner"], name="sign_off_once"),)

    def __str__(self) -> str:
        return f"{self.run}: signed off by {self.examiner.get_username()}"

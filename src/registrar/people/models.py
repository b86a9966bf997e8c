"""Accounts with one role each, student records, and API tokens. Logic lives in `domain/`."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    PROGRAMME_LEAD = "programme_lead", "Programme lead"
    MODULE_LEADER = "module_leader", "Module leader"
    PROJECT_SUPERVISOR = "project_supervisor", "Project supervisor"
    ADMINISTRATOR = "administrator", "Programme administrator"
    EXAM_BOARD = "exam_board", "Exam-board member"
    EXTERNAL_EXAMINER = "external_examiner", "External examiner"
    APPLICANT = "applicant", "Applicant"
    ADMISSIONS_TUTOR = "admissions_tutor", "Admissions tutor"


class Account(models.Model):
    """The role a login account holds in Registrar."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account"
    )
    role = models.CharField(max_length=32, choices=Role.choices)

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"


class StudentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    INTERRUPTED = "interrupted", "Interrupted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Student(models.Model):
    """A student's record on one programme cohort."""

    student_id = models.CharField("student ID", max_length=20, unique=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField()
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="students"
    )
    status = models.CharField(
        max_length=16, choices=StudentStatus.choices, default=StudentStatus.ENROLLED
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student",
    )

    class Meta:
        ordering = ("family_name", "given_name", "student_id")

    def __str__(self) -> str:
        return f"{self.student_id} {self.name}"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ApiToken(models.Model):
    """A bearer token for scripts. Only its SHA-256 digest is stored.

    A token works until `expires_at` (chosen when it is issued) or until it is revoked;
    a revoked token is kept, with when and by whom, so the Account page and the ledger
    can still say what it was.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

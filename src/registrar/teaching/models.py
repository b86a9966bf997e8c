"""Who teaches and marks what: module leaders on modules, supervisors on students' projects.

These rows scope what staff see and mark (people/rules.py). Logic lives in `domain/`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ModuleLeader(models.Model):
    """`user` leads (and marks) the module `module_code` of a programme cohort."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="module_leaders"
    )
    module_code = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_modules"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("programme", "module_code", "user__username")
        constraints = (
            models.UniqueConstraint(
                fields=["programme", "module_code", "user"], name="lead_module_once"
            ),
        )

    def __str__(self) -> str:
        return f"{self.module_code}: {self.user.get_username()}"


class SupervisorRole(models.TextChoices):
    LEAD = "lead", "Supervisor"
    CO = "co", "Co-supervisor"


class Supervision(models.Model):
    """`supervisor` supervises `student`'s research project (and marks its components).

    A co-supervisor may be external to the college (e.g. from industry): `external`
    with their `organisation`; they still sign in with a project supervisor account.
    """

    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="supervisions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions"
    )
    role = models.CharField(max_length=8, choices=SupervisorRole.choices)
    external = models.BooleanField(default=False)
    organisation = models.CharField(max_length=200, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "role", "supervisor__username")
        constraints = (
            models.UniqueConstraint(fields=["student", "supervisor"], name="supervise_once"),
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(role="lead"),
                name="one_lead_supervisor",
            ),
        )

    def __str__(self) -> str:
        return f"{self.student.student_id}: {self.supervisor.get_username()} ({self.role})"

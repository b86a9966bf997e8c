"""A student's registration on a module, and the window in which electives are chosen."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Category(models.TextChoices):
    CORE = "core", "Core"
    COMPULSORY = "compulsory", "Compulsory"
    ELECTIVE = "elective", "Elective"


class How(models.TextChoices):
    AUTOMATIC = "automatic", "Registered automatically"
    CHOSEN = "chosen", "Chosen by the student"
    OVERRIDE = "override", "Set by an administrator"


class Registration(models.Model):
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="registrations"
    )
    module_code = models.CharField(max_length=20)
    module_title = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=Category.choices)
    how = models.CharField(max_length=16, choices=How.choices)
    reason = models.TextField(blank=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "module_code")
        constraints = (
            models.UniqueConstraint(fields=["student", "module_code"], name="register_once"),
            # The specification's "exactly ONE elective", held by the database too: a change
            # that loses a race to another cannot leave a second elective behind.
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(category="elective"),
                name="one_elective",
            ),
        )

    def __str__(self) -> str:
        return f"{self.student.student_id} {self.module_code}"


class ChoiceWindow(models.Model):
    """Whether students of a programme cohort may choose their elective now."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="choice_window"
    )
    is_open = models.BooleanField(default=False)
    # When it last opened (a reminder goes once per opening) and the closing date students
    # are told, if the registry gave one; closing stays the registry's act.
    opened_at = models.DateTimeField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.programme}: {'open' if self.is_open else 'closed'}"


class SkillsCompletion(models.Model):
    """A required professional skills course a student has completed (spec, Programme
    Overview; `award.required_courses`; docs/rules.md#professional-skills)."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="skills_completions"
    )
    course_code = models.CharField(max_length=20)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "course_code")
        constraints = (
            models.UniqueConstraint(fields=["student", "course_code"], name="complete_once"),
        )

    def __str__(self) -> str:
        return f"{self.student.student_id} {self.course_code}"

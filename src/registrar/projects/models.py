"""Research projects: proposals, the window for ranking them, students' preferences, the
allocation runs, supervision meetings and the progress review. Logic lives in `domain/`.

The solver itself (`allocation.py`) and the file reader (`files.py`) are pure Python and
know nothing of these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

# A student ranks at most this many proposals in the web window.
MAX_CHOICES = 5


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Awaiting the supervisor"  # a student's own, not yet accepted
    OPEN = "open", "Open"
    DECLINED = "declined", "Declined by the supervisor"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Proposal(models.Model):
    """A project a supervisor offers to `capacity` students of a programme cohort.

    Published by the supervisor, or by the administrator on behalf of an external
    co-supervisor (`external_name`, `external_organisation`). A student's own proposal has
    `student` set, capacity 1, and is open only once the named supervisor accepts it.
    """

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="proposals"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    external_name = models.CharField(max_length=200, blank=True)
    external_organisation = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField()
    area = models.CharField("AI area", max_length=100)
    capacity = models.PositiveIntegerField(default=1)
    prerequisite = models.CharField(max_length=20, blank=True)  # an elective's module code
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    student = models.ForeignKey(
        "people.Student",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_proposals",
    )
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("programme", "title", "pk")

    def __str__(self) -> str:
        return f"P{self.pk} {self.title}"

    @property
    def code(self) -> str:
        """How files, ledger entries and the solver name it: `P12`."""
        return f"P{self.pk}"


class ProposalWindow(models.Model):
    """Whether students of a programme cohort may rank proposals (or propose their own) now."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="proposal_window"
    )
    is_open = models.BooleanField(default=False)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.programme}: {'open' if self.is_open else 'closed'}"


class Preference(models.Model):
    """`student` ranks `proposal` at `rank` (1 is the first choice)."""

    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="project_preferences"
    )
    rank = models.PositiveSmallIntegerField()
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="preferences")

    class Meta:
        ordering = ("student", "rank")
        constraints = (
            models.UniqueConstraint(fields=["student", "rank"], name="rank_once"),
            models.UniqueConstraint(fields=["student", "proposal"], name="prefer_once"),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=MAX_CHOICES), name="rank_1_to_5"
            ),
        )

    def __str__(self) -> str:
        return f"{self.student.student_id} {self.rank}: {self.proposal.code}"


class RunStatus(models.TextChoices):
    PREVIEW = "preview", "Preview"
    CONFIRMED = "confirmed", "Confirmed"


class AllocationRun(models.Model):
    """One run of the solver for a programme cohort: a preview until confirmed."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="allocation_runs"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.PREVIEW)
    run_at = models.DateTimeField(auto_now_add=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("programme", "-run_at", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(status="confirmed"),
                name="one_confirmed_allocation",
            ),
        )

    def __str__(self) -> str:
        return f"{self.programme} allocation {self.pk} ({self.status})"


class Placement(models.Model):
    """A student's outcome in a run: a proposal (None: unallocated), and whether set by hand."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="placements")
    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)  # the rank obtained
    by_hand = models.BooleanField(default=False)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("run", "student__student_id")
        constraints = (models.UniqueConstraint(fields=["run", "student"], name="place_once"),)

    def __str__(self) -> str:
        return f"{self.student.student_id}: {self.proposal.code if self.proposal else '-'}"


class Meeting(models.Model):
    """A supervision meeting, logged by the student or one of their supervisors."""

    student = models.ForeignKey("people.Student", on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    minutes = models.PositiveIntegerField()
    notes = models.TextField(blank=True)
    actions = models.TextField("agreed actions", blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("student", "-date", "-pk")
        constraints = (
            models.CheckConstraint(condition=models.Q(minutes__gt=0), name="meeting_minutes"),
        )

    def __str__(self) -> str:
        return f"{self.student.student_id} {self.date} ({self.minutes} min)"


class Progress(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    CONCERN = "concern", "Concern"
    AT_RISK = "at_risk", "At risk"


class ProgressReview(models.Model):
    """The progress review meeting the programme lead convenes for a cohort."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="progress_reviews"
    )
    held_on = models.DateField()
    title = models.CharField(max_length=200)
    convened_at = models.DateTimeField(auto_now_add=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("programme", "-held_on", "-pk")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"


class ReviewOutcome(models.Model):
    """What the review recorded for one student; the message is addressed to them."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="outcomes")
    student = models.ForeignKey(
        "people.Student", on_delete=models.PROTECT, related_name="review_outcomes"
    )
    progress = models.CharField(max_length=16, choices=Progress.choices)
    support = models.TextField("extra support agreed", blank=True)
    scope = models.TextField("scale of ambition and scope", blank=True)
    message = models.TextField("to the student", blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ("review", "student__student_id")
        constraints = (models.UniqueConstraint(fields=["review", "student"], name="outcome_once"),)

    def __str__(self) -> str:
        return f"{self.student.student_id}: {self.progress}"

"""Applications to a programme cohort, their documents, referees, review and decision.

Logic lives in `domain/`; the check against the entry requirements is `requirements.py`,
the same one `registrar admissions check` runs. A document's bytes are kept outside the
web root (`domain/storage.py`), named by their SHA-256; the row says what it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ON_HOLD = "on_hold", "On hold"
    OFFERED = "offered", "Offer made"
    REJECTED = "rejected", "Rejected"
    ACCEPTED = "accepted", "Offer accepted"
    DECLINED = "declined", "Offer declined"
    ENROLLED = "enrolled", "Enrolled"


class Classification(models.TextChoices):
    """As the application file names them (admissions/application.py)."""

    FIRST = "first", "First class"
    UPPER_SECOND = "upper-second", "Upper second class (2:1)"
    LOWER_SECOND = "lower-second", "Lower second class (2:2)"
    THIRD = "third", "Third class"
    INTERNATIONAL = "international", "International degree"


class Application(models.Model):
    # None once erased (domain/privacy.py): the anonymised record belongs to no one
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # personal details
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    # the degree
    institution = models.CharField(max_length=200, blank=True)
    discipline = models.CharField(max_length=200, blank=True)
    classification = models.CharField(max_length=16, choices=Classification.choices, blank=True)
    country = models.CharField(max_length=100, blank=True)  # an international degree's
    description = models.CharField(max_length=200, blank=True)  # e.g. "BTech, 8.9/10"
    gpa = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    gpa_scale = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    # English: the test's name, its overall score and each element's ({"listening": "7.0"})
    english_test = models.CharField(max_length=60, blank=True)
    english_overall = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    english_elements = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # the requirement check at submission: [{"name", "result", "reason"}] (requirements.py)
    requirements = models.JSONField(default=list, blank=True)
    requirements_result = models.CharField(
        max_length=20, blank=True
    )  # met / not met / needs judgement
    # the tutor's review: research potential from the research statement, 1 (weak) to 5
    research_score = models.PositiveSmallIntegerField(null=True, blank=True)
    # the decision
    decision_reason = models.TextField(blank=True)  # a rejection's reason, a hold's
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    student = models.OneToOneField(
        "people.Student",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
    )
    # When the personal data was erased after the retention period (domain/privacy.py); the
    # row stays, anonymised, so that the reports' counts do not change.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-submitted_at", "-created", "-pk")

    def __str__(self) -> str:
        if self.applicant is None:
            return f"{self.reference} (erased)"
        return f"{self.reference} {self.name or self.applicant.get_username()}"

    @property
    def reference(self) -> str:
        return f"A{self.pk:05d}"

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class DocumentKind(models.TextChoices):
    """The keys of an application file's `documents` (the specification's names)."""

    RESEARCH_STATEMENT = "research_statement", "Research statement"
    CV = "cv", "CV"
    TRANSCRIPTS = "transcripts", "Transcripts"
    PERSONAL_STATEMENT = "personal_statement", "Personal statement"
    REFERENCES = "references", "Reference"


class Document(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    referee = models.OneToOneField(
        "Referee", null=True, blank=True, on_delete=models.CASCADE, related_name="document"
    )
    filename = models.CharField(max_length=200)  # as uploaded; only shown
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("kind", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"


class Referee(models.Model):
    """One of an application's two referees; uploads through a private link (domain/referees.py)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="referees")
    position = models.PositiveSmallIntegerField()  # 1 or 2
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    institution = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ("position",)
        constraints = (
            models.UniqueConstraint(
                fields=["application", "position"], name="one_referee_per_position"
            ),
        )

    def __str__(self) -> str:
        return f"{self.name} ({self.email})"


class Note(models.Model):
    """An admissions tutor's note on an application; the applicant never sees it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created", "pk")


class Condition(models.Model):
    """A condition of an offer, e.g. a final degree classification; met with its evidence."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conditions"
    )
    text = models.CharField(max_length=300)
    met_at = models.DateTimeField(null=True, blank=True)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.text

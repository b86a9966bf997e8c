"""Board runs and what the board and the examiners recorded, in the admin to look at only:
a run is what the engine stored, and decisions, comments and sign-offs change through
the board's domain functions (pages, API, CLI), with their ledger entries."""

from __future__ import annotations

from django.contrib import admin

from registrar.audit.admin import ReadOnlyAdmin
from registrar.boards.models import BoardRun, Decision, ExaminerComment, SignOff


@admin.register(BoardRun)
class BoardRunAdmin(ReadOnlyAdmin):
    list_display = ("pk", "programme", "created_at", "created_by", "locked_at", "released_at")
    list_filter = ("programme",)
    readonly_fields = (
        "programme",
        "version",
        "created_at",
        "created_by",
        "engine_version",
        "regulations_source",
        "hashes",
        "locked_at",
        "locked_by",
        "released_at",
        "released_by",
    )
    exclude = ("marks_csv", "registrations_csv", "regulations_text", "results_csv")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("run", "student", "status", "award", "classification", "agrees", "decided_by")
    list_filter = ("agrees", "status", "run")
    search_fields = ("student__student_id", "reason")
    readonly_fields = (
        "run",
        "student",
        "status",
        "award",
        "classification",
        "agrees",
        "reason",
        "decided_at",
        "decided_by",
    )


@admin.register(ExaminerComment)
class ExaminerCommentAdmin(ReadOnlyAdmin):
    list_display = ("run", "student", "author", "at")
    readonly_fields = ("run", "student", "author", "text", "at")


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ("run", "examiner", "at")
    readonly_fields = ("run", "examiner", "statement", "at")

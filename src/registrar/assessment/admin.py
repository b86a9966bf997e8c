"""Marks in the admin, to look at only: every mark changes through the marks domain
(the grid, uploads, the API, `registrar marks import`), so its checks, its version
and its ledger entry always apply."""

from __future__ import annotations

from django.contrib import admin

from registrar.assessment.models import Mark
from registrar.audit.admin import ReadOnlyAdmin


@admin.register(Mark)
class MarkAdmin(ReadOnlyAdmin):
    list_display = (
        "student",
        "module_code",
        "component",
        "attempt",
        "mark",
        "flag",
        "late_hours",
        "version",
        "locked_by",
        "updated_at",
        "updated_by",
    )
    list_filter = ("module_code", "attempt", "flag", "student__programme")
    search_fields = ("student__student_id", "student__family_name", "module_code", "component")
    list_select_related = ("student", "locked_by", "updated_by")
    readonly_fields = list_display

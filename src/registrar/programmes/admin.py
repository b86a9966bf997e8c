"""Programmes and their versions in the admin: versions are read-only once published.

A programme cohort is created by publishing its first specification version
(`registrar publish`), so it is not added here, and its code and cohort, which the
specification names, are fixed. Its title and institution may be corrected, and a
programme with no version deleted: each with its ledger entry (`LedgeredAdmin`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from registrar.audit.admin import LedgeredAdmin, ReadOnlyAdmin
from registrar.programmes.models import Programme, SpecificationVersion


class VersionInline(admin.TabularInline):
    model = SpecificationVersion
    fields = ("number", "source", "published_at", "published_by", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(LedgeredAdmin):
    list_display = ("code", "cohort", "title", "institution")
    list_filter = ("institution", "cohort")
    search_fields = ("code", "title")
    readonly_fields = ("code", "cohort")
    inlines = (VersionInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(SpecificationVersion)
class SpecificationVersionAdmin(ReadOnlyAdmin):
    list_display = ("programme", "number", "source", "published_at", "published_by")
    list_filter = ("programme",)
    search_fields = ("source", "note")
    readonly_fields = (
        "programme",
        "number",
        "source",
        "yaml_text",
        "data",
        "note",
        "published_at",
        "published_by",
    )

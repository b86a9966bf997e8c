from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from registrar.audit.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ledger or record kept by domain functions: the admin may look, never change."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "subject", "reason")
    list_filter = ("action", "at")
    search_fields = ("subject", "reason", "actor__username")
    date_hierarchy = "at"
    readonly_fields = ("at", "actor", "action", "subject", "reason", "data")

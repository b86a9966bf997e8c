"""Registrations and choice windows in the admin.

Nothing is edited directly: registrations change through the domain functions
(the student page's elective field, the site, the API), windows only through the
actions below (the form is view-only), so the rules and the audit ledger always apply.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from registrar.audit.admin import ReadOnlyAdmin
from registrar.registrations.domain.window import set_choice_window
from registrar.registrations.models import ChoiceWindow, Registration


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("student", "module_code", "module_title", "category", "how", "registered_at")
    list_filter = ("category", "how", "module_code", "student__programme")
    search_fields = ("student__student_id", "student__family_name", "module_code", "reason")
    list_select_related = ("student",)
    readonly_fields = (
        "student",
        "module_code",
        "module_title",
        "category",
        "how",
        "reason",
        "registered_at",
        "registered_by",
    )


@admin.register(ChoiceWindow)
class ChoiceWindowAdmin(admin.ModelAdmin):
    list_display = ("programme", "is_open", "changed_at", "changed_by")
    list_filter = ("is_open",)
    readonly_fields = ("programme", "is_open", "changed_at", "changed_by")
    actions = ("open_windows", "close_windows")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # saving the form would stamp changed_at with no entry: the actions do it

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Open module choice")
    def open_windows(self, request: HttpRequest, queryset: QuerySet[ChoiceWindow]) -> None:
        for window in queryset:
            set_choice_window(programme=window.programme, is_open=True, actor=request.user)

    @admin.action(description="Close module choice")
    def close_windows(self, request: HttpRequest, queryset: QuerySet[ChoiceWindow]) -> None:
        for window in queryset:
            set_choice_window(programme=window.programme, is_open=False, actor=request.user)

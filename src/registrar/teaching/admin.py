"""Module leaders and supervisions in the admin, changed only through the domain functions.

An assignment is added (the form asks the same checks as the domain, and saving
calls `assign_module_leader` / `assign_supervisor`) or removed (deleting calls
`unassign_module_leader` / `unassign_supervisor`), never edited in place, so the
rules and the ledger always apply.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from registrar.people.models import Role
from registrar.teaching.domain.assignments import (
    TeachingRefusedError,
    accounts_with,
    assign_module_leader,
    assign_supervisor,
    check_module_leader,
    check_supervisor,
    unassign_module_leader,
    unassign_supervisor,
)
from registrar.teaching.models import ModuleLeader, Supervision


class DomainForm(forms.ModelForm):
    """Uniqueness and the one-lead rule are the domain's to check, with its messages."""

    def validate_unique(self) -> None:
        return None


class ModuleLeaderForm(DomainForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("programme") is not None and data.get("user") is not None:
            try:
                module = check_module_leader(
                    programme=data["programme"],
                    module_code=data.get("module_code", ""),
                    user=data["user"],
                )
            except TeachingRefusedError as refusal:
                raise forms.ValidationError(f"Not assigned: {refusal}.") from refusal
            data["module_code"] = module.code
        return data

    class Meta:
        model = ModuleLeader
        fields = ("programme", "module_code", "user")


class SupervisionForm(DomainForm):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("student") is not None and data.get("supervisor") is not None:
            try:
                check_supervisor(
                    student=data["student"],
                    supervisor=data["supervisor"],
                    role=data.get("role", ""),
                    external=bool(data.get("external")),
                    organisation=data.get("organisation", ""),
                )
            except TeachingRefusedError as refusal:
                raise forms.ValidationError(f"Not assigned: {refusal}.") from refusal
        return data

    class Meta:
        model = Supervision
        fields = ("student", "supervisor", "role", "external", "organisation")


class AssignmentAdmin(admin.ModelAdmin):
    """Add and delete through the domain; an assignment is never edited in place."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _copy(self, obj: Any, saved: Any) -> None:
        """The admin logs the addition against `obj`: give it the row the domain saved."""
        obj.pk = saved.pk
        obj.assigned_at = saved.assigned_at
        obj.assigned_by = saved.assigned_by

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(ModuleLeader)
class ModuleLeaderAdmin(AssignmentAdmin):
    form = ModuleLeaderForm
    fields = ("programme", "module_code", "user")
    list_display = ("module_code", "user", "programme", "assigned_at", "assigned_by")
    list_filter = ("programme", "module_code")
    search_fields = ("module_code", "user__username")
    list_select_related = ("programme", "user", "assigned_by")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user":
            kwargs["queryset"] = accounts_with(Role.MODULE_LEADER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: ModuleLeader, form: Any, change: bool) -> None:
        saved = assign_module_leader(
            programme=obj.programme, module_code=obj.module_code, user=obj.user, actor=request.user
        )
        self._copy(obj, saved)

    def delete_model(self, request: HttpRequest, obj: ModuleLeader) -> None:
        unassign_module_leader(leader=obj, actor=request.user)


@admin.register(Supervision)
class SupervisionAdmin(AssignmentAdmin):
    form = SupervisionForm
    fields = ("student", "supervisor", "role", "external", "organisation")
    list_display = ("student", "supervisor", "role", "external", "organisation", "assigned_at")
    list_filter = ("role", "external", "student__programme")
    search_fields = ("student__student_id", "student__family_name", "supervisor__username")
    list_select_related = ("student", "supervisor")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "supervisor":
            kwargs["queryset"] = accounts_with(Role.PROJECT_SUPERVISOR)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Supervision, form: Any, change: bool) -> None:
        saved = assign_supervisor(
            student=obj.student,
            supervisor=obj.supervisor,
            role=obj.role,
            external=obj.external,
            organisation=obj.organisation,
            actor=request.user,
        )
        self._copy(obj, saved)

    def delete_model(self, request: HttpRequest, obj: Supervision) -> None:
        unassign_supervisor(supervision=obj, actor=request.user)

"""The registry's admin for accounts, students and tokens.

Registrations are changed through the domain functions, here as everywhere:
the student form's "elective" fields call `override_elective`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from registrar.people.models import Account, ApiToken, Student
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    check_override,
    override_elective,
)
from registrar.registrations.models import Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ("module_code", "module_title", "category", "how", "reason", "registered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class StudentForm(forms.ModelForm):
    elective = forms.CharField(
        required=False,
        max_length=20,
        help_text="Set the student's elective (module code), replacing any earlier choice.",
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required with an elective.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("elective") or "").strip().upper()
        if code and data.get("programme") is not None:
            try:
                check_override(
                    programme=data["programme"], module_code=code, reason=data.get("reason", "")
                )
            except ChoiceRefusedError as refusal:
                raise forms.ValidationError(f"Elective not changed: {refusal}.") from refusal
        return data

    class Meta:
        model = Student
        fields = ("student_id", "given_name", "family_name", "email", "programme", "status", "user")


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    form = StudentForm
    list_display = (
        "student_id",
        "family_name",
        "given_name",
        "email",
        "programme",
        "status",
        "elective",
    )
    list_filter = ("programme", "status", "registrations__module_code")
    search_fields = ("student_id", "given_name", "family_name", "email", "user__username")
    inlines = (RegistrationInline,)
    list_select_related = ("programme",)

    @admin.display(description="elective")
    def elective(self, obj: Student) -> str:
        codes = [r.module_code for r in obj.registrations.all() if r.category == "elective"]
        return ", ".join(codes) or "—"

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("registrations")

    def save_model(self, request: HttpRequest, obj: Student, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        code = form.cleaned_data.get("elective", "").strip().upper()
        if code:
            try:
                override_elective(
                    student=obj,
                    module_code=code,
                    reason=form.cleaned_data.get("reason", ""),
                    actor=request.user,
                )
            except ChoiceRefusedError as refusal:
                self.message_user(request, f"Elective not changed: {refusal}.", level="error")


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used")
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = ("user", "name", "digest", "prefix", "created", "last_used")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

"""The registry's admin for accounts, students, tokens, users and groups.

Every change writes its ledger entry in the admin's transaction. Registrations are
changed through the domain functions, here as everywhere: the student form's
"elective" fields call `override_elective`; an account's role is set with
`set_up_account`; a token is revoked with `revoke_token` (never deleted). Other
changes to a student, a user or a group are recorded by `LedgeredAdmin`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from registrar.audit.admin import (
    LedgeredAdmin,
    LedgeredDeleteAdmin,
    changed_only,
    stored_values,
    subject_of,
)
from registrar.audit.domain import record
from registrar.people.domain.accounts import TokenRefusedError, revoke_token, set_up_account
from registrar.people.models import Account, ApiToken, Role, Student
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
class StudentAdmin(LedgeredAdmin):
    """A student's record is changed here (ledgered), never deleted: a student who leaves is
    withdrawn (status), and their registrations, marks and history stay."""

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

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def ledger_student_id(self, obj: Student) -> str:
        return obj.student_id

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
class AccountAdmin(LedgeredDeleteAdmin):
    """A role is given with `set_up_account` (its entry `account.set_up`), which also makes an
    administrator staff and everyone else not; the account's user is fixed once added."""

    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("user",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Account, form: Any, change: bool) -> None:
        set_up_account(username=obj.user.get_username(), role=Role(obj.role), actor=request.user)
        # the admin logs the change against `obj`: give it the row the domain saved
        obj.pk = Account.objects.get(user=obj.user).pk


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "expires_at", "last_used", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    readonly_fields = (
        "user",
        "name",
        "digest",
        "prefix",
        "created",
        "expires_at",
        "last_used",
        "revoked_at",
        "revoked_by",
    )

    actions = ("revoke",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, never deleted: the Account page and the ledger still name it

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            try:
                revoke_token(token=token, actor=request.user)
            except TokenRefusedError as refusal:
                self.message_user(request, f"Not revoked: {refusal}.", level="warning")


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(LedgeredAdmin, DjangoUserAdmin):  # type: ignore[misc]
    """Django's user admin, ledgered: adding, changing, deleting and setting a password."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            user = User._base_manager.filter(pk=id).first() if str(id).isdigit() else None
            before = stored_values(user) if user is not None else {}
            response = super().user_change_password(request, id, form_url)
            if user is not None and request.method == "POST":
                was, now = changed_only(before, stored_values(user))
                if now:
                    record(
                        actor=request.user,
                        action="admin.changed",
                        subject=subject_of(user),
                        data={"model": user._meta.label_lower, "id": user.pk},
                        before=was,
                        after=now,
                    )
        return response


@admin.register(Group)
class GroupAdmin(LedgeredAdmin, DjangoGroupAdmin):  # type: ignore[misc]
    """Django's group admin, ledgered."""

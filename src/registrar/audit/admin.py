"""The ledger in the admin, and how every admin change writes its entry.

An admin form either changes a record through its domain function (which writes
the entry), or is read-only (`ReadOnlyAdmin`), or records what it did with the
mixins below, in the admin's own transaction: `admin.added`, `admin.changed` (only
the fields that changed, before and after) and `admin.deleted`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from registrar.audit.domain import record
from registrar.audit.labels import label
from registrar.audit.models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """A ledger or record kept by domain functions: the admin may look, never change."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def _value(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    """A field's value as the ledger keeps it: readable, JSON-ready, never a secret."""
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else str(related)
    value = field.value_from_object(obj)
    if field.name == "password":  # a hash of the hash: shows that it changed, reveals nothing
        if not value or str(value).startswith("!"):
            return "not set"
        return "set #" + hashlib.sha256(str(value).encode()).hexdigest()[:8]
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # one instant, one text: no false change
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def values_of(obj: models.Model) -> dict[str, Any]:
    """The record's fields (and many-to-many fields, as sorted names) for `before`/`after`."""
    values = {
        field.name: _value(obj, field)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            values[field.name] = sorted(str(o) for o in getattr(obj, field.name).all())
    return values


def stored_values(obj: models.Model) -> dict[str, Any]:
    """The record as the database holds it now (before the admin saves the form)."""
    return values_of(type(obj)._base_manager.get(pk=obj.pk))


def changed_only(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def subject_of(obj: models.Model) -> str:
    return f"{obj._meta.verbose_name} {obj}"[:200]


class LedgeredDeleteAdmin(admin.ModelAdmin):
    """Deleting (one, or several with the list's action) writes `admin.deleted` per record."""

    def ledger_student_id(self, obj: Any) -> str:
        """The student whose history the entry belongs to, if any."""
        return ""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before, subject, pk = values_of(obj), subject_of(obj), obj.pk
        student_id = self.ledger_student_id(obj)
        with transaction.atomic():
            super().delete_model(request, obj)
            record(
                actor=request.user,
                action="admin.deleted",
                subject=subject,
                data={"model": obj._meta.label_lower, "id": pk},
                before=before,
                student_id=student_id,
            )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


class LedgeredAdmin(LedgeredDeleteAdmin):
    """Adding or changing through the admin's form writes `admin.added` / `admin.changed`.

    The entry is written after the many-to-many fields are saved (`save_related`), so
    it holds the record as it became; nothing is written for a save that changed nothing.
    """

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        form.ledger_before = stored_values(obj) if change else {}  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before, after = getattr(form, "ledger_before", {}), values_of(obj)
        if change:
            before, after = changed_only(before, after)
            if not after:
                return
        record(
            actor=request.user,
            action="admin.changed" if change else "admin.added",
            subject=subject_of(obj),
            data={"model": obj._meta.label_lower, "id": obj.pk},
            before=before,
            after=after,
            student_id=self.ledger_student_id(obj),
        )


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, named in words (`?action=elective.chosen`)."""

    title = "what"
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "what", "subject", "reason")
    list_filter = (ActionFilter, "at")
    search_fields = ("subject", "reason", "actor__username")
    date_hierarchy = "at"
    readonly_fields = (
        "at",
        "actor",
        "action",
        "subject",
        "reason",
        "data",
        "before",
        "after",
        "student_id",
        "module_code",
        "hash",
    )

    @admin.display(description="what", ordering="action")
    def what(self, entry: AuditEntry) -> str:
        return label(entry.action)

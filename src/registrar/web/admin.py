"""Sign-in throttling (django-axes) in the admin, ledgered.

The access logs are what the sign-in page wrote: read-only. Deleting an access
attempt lets that account or address sign in again, a change a person makes, so
each deletion (and the "clean up expired attempts" action) writes its ledger entry.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin as AxesAttemptAdmin
from axes.admin import AccessFailureLogAdmin as AxesFailureLogAdmin
from axes.admin import AccessLogAdmin as AxesLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from registrar.audit.admin import LedgeredDeleteAdmin
from registrar.audit.domain import record


class AccessAttemptAdmin(LedgeredDeleteAdmin, AxesAttemptAdmin):  # type: ignore[misc]
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Clean up expired attempts")
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            count = self.handler.clean_expired_user_attempts(request=request)
            record(
                actor=request.user,
                action="admin.deleted",
                subject="expired sign-in attempts",
                data={"model": AccessAttempt._meta.label_lower, "count": count},
            )
        self.message_user(request, f"Cleaned up {count} expired access attempts.")


class AccessLogAdmin(AxesLogAdmin):  # type: ignore[misc]
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AccessFailureLogAdmin(AxesFailureLogAdmin):  # type: ignore[misc]
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for model, model_admin in (
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)

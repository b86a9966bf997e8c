"""Which notices a person reads in the application."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from registrar.notices.models import Notice
from registrar.programmes.models import Programme


def notices_for(user: Any) -> QuerySet[Notice]:
    """The notices addressed to `user`: to their account, or to their student record."""
    return Notice.objects.filter(Q(user=user) | Q(student__user=user)).select_related("programme")


def notices_of(programme: Programme) -> QuerySet[Notice]:
    """Every notice recorded for a programme cohort, newest first (the registry's list)."""
    return programme.notices.select_related("student", "user")

"""Notices: a person's own, a cohort's (the registry's list), and the choice reminder."""

from __future__ import annotations

from django.urls import path

from registrar.web.views import notices

urlpatterns = [
    path("notices/", notices.my_notices, name="my-notices"),
    path("programmes/<int:pk>/notices/", notices.programme_notices, name="programme-notices"),
    path("programmes/<int:pk>/choice/remind/", notices.choice_remind, name="choice-remind"),
]

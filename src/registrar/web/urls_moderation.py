"""The moderation pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import moderation

urlpatterns: list[URLPattern] = [
    path("moderation/", moderation.moderation_list, name="moderation-list"),
    path(
        "moderation/<int:programme_pk>/<str:module_code>/",
        moderation.module_page,
        name="moderation-module",
    ),
    path(
        "moderation/<int:programme_pk>/<str:module_code>/export.csv",
        moderation.module_export,
        name="moderation-export",
    ),
]

"""The marks pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import marks

urlpatterns: list[URLPattern] = [
    path("marks/", marks.marks_home, name="marks-home"),
    path("marks/<int:programme_pk>/<str:module_code>/", marks.module_grid, name="marks-grid"),
    path(
        "marks/<int:programme_pk>/<str:module_code>/upload/",
        marks.module_upload,
        name="marks-upload",
    ),
    path(
        "marks/<int:programme_pk>/<str:module_code>/template.csv",
        marks.module_template,
        {"kind": "csv"},
        name="marks-template-csv",
    ),
    path(
        "marks/<int:programme_pk>/<str:module_code>/template.xlsx",
        marks.module_template,
        {"kind": "xlsx"},
        name="marks-template-xlsx",
    ),
]

"""The feedback pages' URLs (included by web/urls.py): beside each module's marks, the
student's own, and the files."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import feedback

urlpatterns: list[URLPattern] = [
    path(
        "marks/<int:programme_pk>/<str:module_code>/feedback/",
        feedback.module_feedback_page,
        name="feedback-module",
    ),
    path(
        "marks/<int:programme_pk>/<str:module_code>/feedback/save/",
        feedback.feedback_save,
        name="feedback-save",
    ),
    path("me/feedback/", feedback.my_feedback, name="my-feedback"),
    path("feedback/<int:pk>/file/", feedback.feedback_file, name="feedback-file"),
]

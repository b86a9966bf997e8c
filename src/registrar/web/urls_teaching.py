"""The teaching pages' URLs (included by web/urls.py), and the ledger's history pages."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import history, teaching

urlpatterns: list[URLPattern] = [
    path("teaching/", teaching.teaching_index, name="teaching"),
    path("teaching/<int:pk>/", teaching.teaching_page, name="teaching-programme"),
    path("teaching/<int:pk>/leaders/", teaching.leader_add, name="teaching-leader-add"),
    path(
        "teaching/<int:pk>/leaders/<int:leader_pk>/remove/",
        teaching.leader_remove,
        name="teaching-leader-remove",
    ),
    path("teaching/<int:pk>/supervisors/", teaching.supervisor_add, name="teaching-supervisor-add"),
    path(
        "teaching/<int:pk>/supervisors/<int:supervision_pk>/remove/",
        teaching.supervisor_remove,
        name="teaching-supervisor-remove",
    ),
    path(
        "students/<str:student_id>/history/",
        history.student_history,
        name="student-history",
    ),
    path(
        "modules/<int:programme_pk>/<str:module_code>/history/",
        history.module_history,
        name="module-history",
    ),
]

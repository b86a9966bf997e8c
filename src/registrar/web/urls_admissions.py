"""The admissions pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import admissions

urlpatterns: list[URLPattern] = [
    path("apply/", admissions.signup, name="admissions-signup"),
    path("applications/", admissions.application_list, name="application-list"),
    path(
        "applications/start/<int:programme_pk>/",
        admissions.application_start,
        name="application-start",
    ),
    path("applications/report/", admissions.admissions_report, name="admissions-report"),
    path("applications/privacy/", admissions.privacy, name="admissions-privacy"),
    path("applications/<int:pk>/", admissions.application_detail, name="application-detail"),
    path(
        "applications/<int:pk>/documents/",
        admissions.application_upload,
        name="application-upload",
    ),
    path(
        "applications/<int:pk>/documents/<int:document_pk>/",
        admissions.application_document,
        name="application-document",
    ),
    path("applications/<int:pk>/submit/", admissions.application_submit, name="application-submit"),
    path("applications/<int:pk>/answer/", admissions.application_answer, name="application-answer"),
    path("applications/<int:pk>/score/", admissions.application_score, name="application-score"),
    path("applications/<int:pk>/notes/", admissions.application_note, name="application-note"),
    path("applications/<int:pk>/decide/", admissions.application_decide, name="application-decide"),
    path(
        "applications/<int:pk>/conditions/<int:condition_pk>/met/",
        admissions.condition_met,
        name="condition-met",
    ),
    path("applications/<int:pk>/export/", admissions.application_export, name="application-export"),
    path("applications/<int:pk>/erase/", admissions.application_erase, name="application-erase"),
    path("references/<str:token>/", admissions.reference_upload, name="reference-upload"),
]

"""Professional skills courses: the registry's cohort table and import."""

from __future__ import annotations

from django.urls import path

from registrar.web.views import skills

urlpatterns = [
    path("programmes/<int:pk>/skills/", skills.programme_skills, name="programme-skills"),
    path(
        "programmes/<int:pk>/skills/record/",
        skills.programme_skills_record,
        name="programme-skills-record",
    ),
    path(
        "programmes/<int:pk>/skills/import/",
        skills.programme_skills_import,
        name="programme-skills-import",
    ),
]

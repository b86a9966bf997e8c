"""The results pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import results

urlpatterns: list[URLPattern] = [
    path("me/results/", results.my_results, name="my-results"),
    path("me/transcript.pdf", results.my_transcript, name="my-transcript"),
    path(
        "students/<str:student_id>/transcript.pdf",
        results.student_transcript,
        name="student-transcript",
    ),
    path("results/", results.results_overview, name="results-overview"),
    path("results/<int:run_pk>/release/", results.release, name="results-release"),
    path(
        "results/<int:programme_pk>/transcripts.zip",
        results.programme_transcripts,
        name="programme-transcripts",
    ),
]

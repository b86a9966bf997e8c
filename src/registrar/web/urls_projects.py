"""The research projects' URLs (included by web/urls.py): proposals, the allocation,
supervision meetings, the progress review, and the student's own project page."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import projects as v

urlpatterns: list[URLPattern] = [
    path("projects/", v.project_index, name="projects"),
    path("projects/<int:pk>/", v.project_programme, name="project-programme"),
    path("projects/<int:pk>/window/", v.project_window, name="project-window"),
    path("projects/<int:pk>/proposals/new/", v.proposal_new, name="proposal-new"),
    path("projects/proposals/<int:proposal_pk>/edit/", v.proposal_edit, name="proposal-edit"),
    path(
        "projects/proposals/<int:proposal_pk>/withdraw/",
        v.proposal_withdraw,
        name="proposal-withdraw",
    ),
    path("projects/proposals/<int:proposal_pk>/decide/", v.proposal_decide, name="proposal-decide"),
    path("projects/<int:pk>/allocation/", v.allocation_page, name="project-allocation"),
    path("projects/<int:pk>/allocation/run/", v.allocation_run, name="allocation-run"),
    path("projects/<int:pk>/allocation/adjust/", v.allocation_adjust, name="allocation-adjust"),
    path("projects/<int:pk>/allocation/confirm/", v.allocation_confirm, name="allocation-confirm"),
    path("projects/<int:pk>/supervision/", v.supervision_list, name="project-supervision"),
    path("projects/students/<str:student_id>/", v.supervision_student, name="project-student"),
    path("projects/students/<str:student_id>/meetings/", v.meeting_log, name="project-meeting-log"),
    path(
        "projects/students/<str:student_id>/co-supervisors/",
        v.co_supervisor_add,
        name="project-co-supervisor",
    ),
    path("projects/<int:pk>/reviews/", v.review_list, name="project-reviews"),
    path("projects/<int:pk>/reviews/new/", v.review_convene, name="project-review-new"),
    path("projects/reviews/<int:review_pk>/", v.review_page, name="project-review"),
    path(
        "projects/reviews/<int:review_pk>/outcomes/", v.review_record, name="project-review-record"
    ),
    path("me/project/", v.my_project, name="my-project"),
    path("me/project/ranking/", v.my_ranking, name="my-project-ranking"),
    path("me/project/proposal/", v.my_proposal, name="my-project-proposal"),
]

"""The boards pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import boards

urlpatterns: list[URLPattern] = [
    path("boards/", boards.board_list, name="board-list"),
    path("boards/run/", boards.board_run_new, name="board-run-new"),
    path("boards/<int:pk>/", boards.board_run, name="board-run"),
    path("boards/<int:pk>/lock/", boards.board_lock, name="board-lock"),
    path("boards/<int:pk>/comments/", boards.board_comment, name="board-comment"),
    path("boards/<int:pk>/sign-off/", boards.board_sign_off, name="board-sign-off"),
    path("boards/<int:pk>/verify/", boards.board_verify, name="board-verify"),
    path("boards/<int:pk>/export.<str:file_format>", boards.board_export, name="board-export"),
    path(
        "boards/<int:pk>/students/<str:student_id>/",
        boards.board_student,
        name="board-student",
    ),
    path(
        "boards/<int:pk>/students/<str:student_id>/decision/",
        boards.board_decide,
        name="board-decide",
    ),
]

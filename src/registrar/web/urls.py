"""Every URL of the web application: pages, the API (/api/) and the Django admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from registrar.api.app import api
from registrar.web.views import account, imports, programmes, students

urlpatterns = [
    path("", account.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="registrar/login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", account.token_revoke, name="token-revoke"),
    path("me/", students.my_record, name="my-record"),
    path("me/elective/", students.my_elective, name="my-elective"),
    path("me/workload/", students.my_workload, name="my-workload"),
    path("students/", students.student_list, name="student-list"),
    path("students/import/", imports.import_page, name="student-import"),
    path("students/<str:student_id>/", students.student_record, name="student-record"),
    path(
        "students/<str:student_id>/workload/",
        students.student_workload,
        name="student-workload",
    ),
    path(
        "students/<str:student_id>/override/",
        students.student_override,
        name="student-override",
    ),
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path(
        "programmes/<int:pk>/versions/<int:number>/",
        programmes.version_detail,
        name="version-detail",
    ),
    path(
        "programmes/<int:pk>/versions/<int:number>/document/",
        programmes.version_document,
        name="version-document",
    ),
    path("programmes/<int:pk>/choice/", programmes.choice_overview, name="choice-overview"),
    path("programmes/<int:pk>/choice/window/", programmes.choice_window, name="choice-window"),
    # Each area's pages are listed in its own module.
    path("", include("registrar.web.urls_teaching")),
    path("", include("registrar.web.urls_marks")),
    path("", include("registrar.web.urls_moderation")),
    path("", include("registrar.web.urls_boards")),
    path("", include("registrar.web.urls_results")),
    path("", include("registrar.web.urls_notices")),
    path("", include("registrar.web.urls_skills")),
    path("", include("registrar.web.urls_claims")),
    path("", include("registrar.web.urls_feedback")),
    path("", include("registrar.web.urls_projects")),
    path("", include("registrar.web.urls_admissions")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Registrar administration"
admin.site.site_title = "Registrar"
admin.site.index_title = "Registry records"

"""Template context: the navigation the signed-in user may use (decided by the rules table)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from registrar.people.rules import can, role_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware (a bad Host) has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    role = role_of(user)
    items: list[tuple[str, str]] = []
    if role is not None:
        if can(user, "view_own_record"):
            items += [
                ("My modules", "/me/"),
                ("My workload", "/me/workload/"),
                ("My results", "/me/results/"),
                ("My feedback", "/me/feedback/"),
                ("My project", "/me/project/"),
            ]
        if can(user, "apply") or can(user, "review_applications"):
            items.append(("Applications", "/applications/"))
        items.append(("Programmes", "/programmes/"))
        if can(user, "view_own_notices"):
            items.append(("Notices", "/notices/"))
        if can(user, "view_students"):
            items.append(("Students", "/students/"))
        if can(user, "import_students"):
            items.append(("Import", "/students/import/"))
        if can(user, "view_teaching"):
            items.append(("Teaching", "/teaching/"))
        if can(user, "view_proposals") and not can(user, "view_own_record"):
            items.append(("Projects", "/projects/"))
        if can(user, "enter_marks"):
            items.append(("Marks", "/marks/"))
        if can(user, "view_module"):
            items.append(("Moderation", "/moderation/"))
        if can(user, "view_board"):
            items.append(("Exam board", "/boards/"))
        if can(user, "view_claims"):
            items.append(("My claims" if can(user, "submit_claim") else "Claims", "/claims/"))
        if can(user, "release_results"):
            items.append(("Results", "/results/"))
        if can(user, "view_admissions_report"):
            items.append(("Admissions report", "/applications/report/"))
        if can(user, "erase_applications"):
            items.append(("Applicants' data", "/applications/privacy/"))
        if can(user, "use_django_admin"):
            items.append(("Admin", "/admin/"))
        items.append(("API", "/api/docs"))
    path = request.path
    nav = [
        {
            "label": label,
            "url": url,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for label, url in items
    ]
    # Only the most specific match is "current" (e.g. /me/workload/ is not also /me/).
    current = [n for n in nav if n["current"]]
    if len(current) > 1:
        best = max(current, key=lambda n: len(n["url"]))
        for n in current:
            n["current"] = n is best
    return {"nav": nav, "role": role, "role_label": role.label if role else ""}

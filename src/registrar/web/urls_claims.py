"""The mitigating-circumstances pages' URLs (included by web/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, path

from registrar.web.views import claims

urlpatterns: list[URLPattern] = [
    path("claims/", claims.claim_list, name="claim-list"),
    path("claims/new/", claims.claim_new, name="claim-new"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/evidence/", claims.claim_evidence, name="claim-evidence"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/",
        claims.evidence_download,
        name="claim-evidence-file",
    ),
    path("claims/<int:pk>/route/", claims.claim_route, name="claim-route"),
    path("claims/<int:pk>/decide/", claims.claim_decide, name="claim-decide"),
]

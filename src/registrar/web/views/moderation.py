"""Moderation pages: the modules a user may read, and one module's distribution and export.

Who reads what is the rules table's `view_module` on a `ModuleRef` (a module leader
their own modules; the programme lead, the board, the external examiner and the
registry every module). The numbers come from `registrar.moderation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from registrar.moderation.cohort import CohortModeration, ModuleModeration
from registrar.moderation.export import module_csv
from registrar.moderation.stored import (
    ModerationUnavailableError,
    UnknownModuleError,
    export_context,
    module_moderation,
    programme_moderation,
    readable_modules,
)
from registrar.people.rules import ModuleRef
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.web.views.access import check, requires


@dataclass(frozen=True)
class ProgrammeModules:
    """One programme's section of the moderation list."""

    programme: Programme
    codes: frozenset[str]  # the modules the user may read
    cohort: CohortModeration | None
    problem: str  # why the cohort could not be evaluated ("" when it could)

    def modules(self) -> list[ModuleModeration]:
        if self.cohort is None:
            return []
        return [m for m in self.cohort.modules if m.code in self.codes]


@requires("view_module")
def moderation_list(request: HttpRequest) -> HttpResponse:
    sections = []
    for programme in Programme.objects.filter(versions__isnull=False).distinct():
        codes = readable_modules(request.user, programme)
        if not codes:
            continue
        try:
            sections.append(ProgrammeModules(programme, codes, programme_moderation(programme), ""))
        except ModerationUnavailableError as error:
            sections.append(ProgrammeModules(programme, codes, None, str(error)))
    return render(request, "registrar/moderation/list.html", {"sections": sections})


def _load(
    request: HttpRequest, programme_pk: int, module_code: str
) -> tuple[Programme, CohortModeration | None, ModuleModeration | None, str]:
    """403 unless the user may read the module (before anything says whether it exists);
    404 for no such module; else the cohort and the module (None and why, if unavailable)."""
    programme = get_object_or_404(Programme, pk=programme_pk)
    check(request, "view_module", ModuleRef(programme.pk, module_code))
    try:
        cohort, module = module_moderation(programme, module_code)
    except UnknownModuleError as error:
        raise Http404(str(error)) from error
    except ModerationUnavailableError as error:
        return programme, None, None, str(error)
    return programme, cohort, module, ""


@requires("view_module")
def module_page(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    programme, cohort, module, problem = _load(request, programme_pk, module_code)
    found = current_specification(programme).module(module_code)
    page: dict[str, Any] = {
        "programme": programme,
        "code": module_code,
        "title": found.title if found else "",
        "problem": problem,
    }
    if module is None or cohort is None:
        return render(request, "registrar/moderation/module.html", page)
    context = export_context(request.user, programme)
    bins = [{"bin": b, "kind": module.bin_kind(b.low, b.high)} for b in module.distribution.bins]
    page |= {
        "module": module,
        "cohort": cohort,
        "d": module.distribution,
        "bins": bins,
        "chart": {
            "labels": [b.label for b in module.distribution.bins],
            "counts": [b.count for b in module.distribution.bins],
            "kinds": [row["kind"] for row in bins],
        },
        "students": [
            {"mark": s, "name": " ".join(context.names.get(s.student_id, ("", ""))).strip()}
            for s in module.students
        ],
        "with_other_modules": context.with_other_modules,
    }
    return render(request, "registrar/moderation/module.html", page)


@requires("view_module")
def module_export(request: HttpRequest, programme_pk: int, module_code: str) -> HttpResponse:
    programme, cohort, module, problem = _load(request, programme_pk, module_code)
    if module is None or cohort is None:
        return HttpResponse(
            f"moderation is not available: {problem}\n",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    body = module_csv(module, cohort, export_context(request.user, programme))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"moderation-{programme.code}-{programme.cohort}-{module.code}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

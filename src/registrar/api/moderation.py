"""The API's moderation endpoints (mounted by api/app.py): the same numbers as the pages.

`GET /api/moderation` lists the modules the caller may read; `GET
/api/moderation/{programme_id}/{module_code}` gives one module's statistics and
students, exactly the data of the page's CSV export. Marks are two-decimal strings.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from registrar.api.access import ERRORS, require
from registrar.api.schemas import Message
from registrar.moderation.export import module_data
from registrar.moderation.stored import (
    ModerationUnavailableError,
    UnknownModuleError,
    export_context,
    module_moderation,
    programme_moderation,
    readable_modules,
)
from registrar.people.rules import ModuleRef
from registrar.programmes.models import Programme

router = Router(tags=["moderation"])


class BinOut(Schema):
    low: str
    high: str
    count: int


class StudentMarkOut(Schema):
    student_id: str
    family_name: str
    given_name: str
    first_attempt_mark: str | None
    state: str  # marked, no marks, incomplete, set aside
    effects: list[str]  # not_submitted, late_capped, late_zero (on the first attempt's rows)
    attempts: int
    standing_mark: str | None
    result: str
    # Only for the roles that read the whole board (omitted for a module leader).
    other_modules_mean: str | None = None
    other_modules_marks: int | None = None
    difference: str | None = None


class ModuleModerationOut(Schema):
    programme_id: int
    programme: str
    module_code: str
    module_title: str
    category: str
    ects: int
    level: int
    mark: str
    pass_mark: str
    zone_low: str | None
    zone_high: str | None
    registered: int
    n: int
    missing: int
    set_aside: int
    mean: str | None
    median: str | None
    standard_deviation: str | None
    minimum: str | None
    maximum: str | None
    passed: int
    in_zone: int | None
    failed: int
    histogram: list[BinOut]
    other_modules_mean: str | None
    other_modules_marks: int
    difference: str | None
    cohort_mean: str | None
    cohort_marks: int
    students: list[StudentMarkOut]


class ModuleSummaryOut(Schema):
    programme_id: int
    module_code: str
    module_title: str
    category: str
    registered: int
    n: int
    mean: str | None
    missing: int
    set_aside: int


def _text(value: Any) -> str | None:
    return None if value is None else f"{value:.2f}"


@router.get(
    "/moderation",
    response={200: list[ModuleSummaryOut], **ERRORS},
)
def moderation_list(request: HttpRequest) -> list[dict[str, Any]]:
    """The modules the caller may moderate, with marks in, mean and missing.

    A cohort whose stored records cannot be evaluated is left out (its module pages say why).
    """
    require(request, "view_module")
    out: list[dict[str, Any]] = []
    for programme in Programme.objects.filter(versions__isnull=False).distinct():
        codes = readable_modules(request.user, programme)
        if not codes:
            continue
        try:
            cohort = programme_moderation(programme)
        except ModerationUnavailableError:
            continue
        out += [
            {
                "programme_id": programme.pk,
                "module_code": m.code,
                "module_title": m.title,
                "category": m.category,
                "registered": m.registered,
                "n": m.distribution.n,
                "mean": _text(m.distribution.mean),
                "missing": m.missing,
                "set_aside": m.set_aside,
            }
            for m in cohort.modules
            if m.code in codes
        ]
    return out


@router.get(
    "/moderation/{programme_id}/{module_code}",
    response={200: ModuleModerationOut, 409: Message, **ERRORS},
    exclude_unset=True,
)
def module_moderation_detail(
    request: HttpRequest, programme_id: int, module_code: str
) -> dict[str, Any]:
    """One module's first-attempt distribution, bands, comparison and students.

    403 unless the caller may read the module (a module leader: only their own);
    409 when the cohort's stored records cannot be evaluated now (the reason given).
    """
    require(request, "view_module")
    programme = get_object_or_404(Programme, pk=programme_id)
    require(request, "view_module", ModuleRef(programme.pk, module_code))
    try:
        cohort, module = module_moderation(programme, module_code)
    except UnknownModuleError as error:
        raise Http404(str(error)) from error
    except ModerationUnavailableError as error:
        raise HttpError(409, f"moderation is not available: {error}") from error
    return module_data(module, cohort, export_context(request.user, programme))

"""The published specification of each programme cohort, its versions and what changed."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from registrar.people.models import Student
from registrar.people.rules import can
from registrar.programmes.domain.diff import diff_data
from registrar.programmes.domain.versions import specification_of
from registrar.programmes.models import Programme, SpecificationVersion
from registrar.registrations.domain.choice import (
    elective_quota,
    running_electives,
    window_is_open,
)
from registrar.registrations.domain.listing import PAGE_SIZE, with_electives, without_elective
from registrar.registrations.domain.window import set_choice_window
from registrar.registrations.models import Category, ChoiceWindow, Registration
from registrar.spec.render import render_html
from registrar.web.views.access import requires


@requires("view_programme")
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.annotate(
        student_count=Count("students", distinct=True),
        version_count=Count("versions", distinct=True),
    )
    return render(request, "registrar/programme_list.html", {"programmes": programmes})


def _version_page(request: HttpRequest, version: SpecificationVersion) -> HttpResponse:
    programme = version.programme
    versions = list(programme.versions.order_by("-number"))
    previous = programme.versions.filter(number__lt=version.number).order_by("-number").first()
    changes = diff_data(previous.data, version.data) if previous else []
    return render(
        request,
        "registrar/programme.html",
        {
            "programme": programme,
            "version": version,
            "versions": versions,
            "previous": previous,
            "changes": changes,
            "is_latest": version.number == versions[0].number,
            "spec": specification_of(version),
            "window_open": window_is_open(programme),
            "may_manage_window": can(request.user, "manage_choice_window"),
            "may_view_choices": can(request.user, "view_choice_window"),
            "may_record_skills": can(request.user, "record_skills"),
        },
    )


@requires("view_programme")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    version = programme.versions.order_by("-number").first()
    if version is None:
        return render(request, "registrar/programme_empty.html", {"programme": programme})
    return _version_page(request, version)


@requires("view_programme")
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        SpecificationVersion.objects.select_related("programme"), programme_id=pk, number=number
    )
    return _version_page(request, version)


@xframe_options_sameorigin
@requires("view_programme")
def version_document(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(SpecificationVersion, programme_id=pk, number=number)
    return HttpResponse(render_html(specification_of(version)))


@requires("view_choice_window")
def choice_overview(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    version = programme.versions.order_by("-number").first()
    if version is None:
        return render(request, "registrar/programme_empty.html", {"programme": programme})
    spec = specification_of(version)
    counts = dict(
        Registration.objects.filter(student__programme=programme, category=Category.ELECTIVE)
        .values_list("module_code")
        .annotate(n=Count("id"))
    )
    cohort = Student.objects.filter(programme=programme)
    window = ChoiceWindow.objects.filter(programme=programme).first()
    page = Paginator(with_electives(cohort), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registrar/choice.html",
        {
            "programme": programme,
            "window_open": window is not None and window.is_open,
            "electives": [(m, counts.get(m.code, 0)) for m in running_electives(spec)],
            "quota": elective_quota(spec),
            "page": page,
            "undecided": without_elective(cohort).count(),
            "may_manage_window": can(request.user, "manage_choice_window"),
            "may_send_reminders": can(request.user, "send_reminders"),
            "may_view_notices": can(request.user, "view_programme_notices"),
            "window": window,
        },
    )


@require_POST
@requires("manage_choice_window")
def choice_window(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    is_open = request.POST.get("state") == "open"
    closes_on = None
    if is_open and request.POST.get("closes_on"):
        try:
            closes_on = dt.date.fromisoformat(request.POST["closes_on"])
        except ValueError:
            messages.error(
                request, "Closes on: not a date; give it as YYYY-MM-DD, or leave it empty."
            )
            return redirect("choice-overview", pk=programme.pk)
        if closes_on < timezone.localdate():
            messages.error(request, "Closes on: that date has passed; give a date from today on.")
            return redirect("choice-overview", pk=programme.pk)
    set_choice_window(programme=programme, is_open=is_open, actor=request.user, closes_on=closes_on)
    messages.success(request, f"Module choice is now {'open' if is_open else 'closed'}.")
    return redirect("choice-overview", pk=programme.pk)

"""Notices: what each person has been told, what the registry has sent, and the reminder to
students who have not chosen their elective."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from registrar.notices.domain.events import NoticeRefusedError, choice_closing
from registrar.notices.domain.reading import notices_for, notices_of
from registrar.programmes.models import Programme
from registrar.web.views.access import requires

PAGE_SIZE = 50


@requires("view_own_notices")
def my_notices(request: HttpRequest) -> HttpResponse:
    page = Paginator(notices_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registrar/notices.html", {"page": page})


@requires("view_programme_notices")
def programme_notices(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    page = Paginator(notices_of(programme), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "registrar/programme_notices.html", {"programme": programme, "page": page}
    )


@require_POST
@requires("send_reminders")
def choice_remind(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    try:
        with transaction.atomic():
            sent = choice_closing(programme=programme, actor=request.user)
    except NoticeRefusedError as refused:
        messages.error(request, f"No reminder sent: {refused}.")
    else:
        if sent:
            messages.success(request, f"Students reminded who have not chosen: {len(sent)}.")
        else:
            messages.info(
                request,
                "No one to remind: every enrolled student has chosen, or was reminded "
                "since module choice opened.",
            )
    return redirect("choice-overview", pk=programme.pk)

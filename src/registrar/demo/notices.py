"""The demo's notices: a reminder to the students who have not chosen, and what was sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from registrar.notices.domain.events import NoticeRefusedError, choice_closing
from registrar.programmes.models import Programme


def load_notices(programme: Programme, admin: Any, out: list[str]) -> None:
    try:
        with transaction.atomic():
            reminded = choice_closing(programme=programme, actor=admin)
    except NoticeRefusedError:
        reminded = []
    if reminded:
        out.append(f"Students reminded who have not chosen an elective: {len(reminded)}.")
    where = (
        f" (emails in {settings.EMAIL_FILE_PATH})"
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
        else ""
    )
    out.append(f"Notices recorded for {programme}: {programme.notices.count()}{where}.")

"""Every role against the privacy and report pages: export, erasure, the programme lead's
report (issue 11, points 6 and 7), in the style of test_permissions_admissions.py.

The world: Alice, an applicant with a draft; Bob, whose application has an offer; Carol,
rejected (not yet due for erasure: her cohort's retention runs to 2031).
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from registrar.admissions.domain.deciding import decide
from registrar.admissions.models import Application
from registrar.audit.models import AuditEntry
from tests.admissions.world import applicant, complete_draft, submitted
from tests.web.test_permission_matrix import text
from tests.web.test_permissions_admissions import ROLES, STAFF

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(programme, account, make_student):
    users = {role: account(role, role) for role in [*STAFF, "admissions_tutor"]}
    users["student"] = make_student("00000001", username="alice-student").user
    alice = complete_draft(programme, applicant("alice"))
    bob = submitted(programme, applicant("bob"), given_name="Bob", family_name="Secret")
    decide(application=bob, decision="offer", actor=users["admissions_tutor"])
    carol = submitted(programme, applicant("carol"), given_name="Carol", discipline="History")
    decide(application=carol, decision="reject", reason="no", actor=users["admissions_tutor"])
    users["applicant"] = alice.applicant
    return {"users": users, "own": alice.pk, "other": bob.pk, "rejected": carol.pk}


def state():
    return (
        list(Application.objects.order_by("pk").values_list("status", "given_name", "erased_at")),
        AuditEntry.objects.exclude(action="application.exported").count(),
    )


def unchanged(response, world):
    assert state() == world["before"]


def login(response, world):
    assert response["Location"].startswith("/login/?next=")
    unchanged(response, world)


def archive_of(name):
    def check(response, world):
        assert (response["Content-Type"], response["Content-Disposition"]) == (
            "application/zip",
            f'attachment; filename="A{world[name]:05d}.zip"',
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            data = json.loads(archive.read("application.json"))
        assert data["reference"] == f"A{world[name]:05d}"
        unchanged(response, world)

    return check


def shows(*fragments):
    def check(response, world):
        body = text(response)
        assert [f in body for f in fragments] == [True] * len(fragments)
        assert ("Secret" in body, "Carol" in body) == (False, False)
        unchanged(response, world)

    return check


def refused(response, world):
    assert "You may not see this page" in text(response)
    unchanged(response, world)


def table(default, **roles):
    return {role: roles.get(role, default) for role in ROLES}


LOGIN = (302, login)
REFUSED = (403, refused)
HIDDEN = (404, unchanged)

CASES = {
    "export own": (
        "get",
        "/applications/{own}/export/",
        # a draft is the applicant's alone: hidden from the tutors, the registry may export
        table(
            HIDDEN,
            anonymous=LOGIN,
            applicant=(200, archive_of("own")),
            administrator=(200, archive_of("own")),
        ),
    ),
    "export another's": (
        "get",
        "/applications/{other}/export/",
        table(
            HIDDEN,
            anonymous=LOGIN,
            admissions_tutor=(200, archive_of("other")),
            administrator=(200, archive_of("other")),
        ),
    ),
    "applicants' data page": (
        "get",
        "/applications/privacy/",
        table(
            REFUSED,
            anonymous=LOGIN,
            administrator=(200, shows("Due for erasure", "No application is due for erasure")),
        ),
    ),
    "erase (not due)": (
        "post",
        "/applications/{rejected}/erase/",
        # the registry may erase; the domain refuses: Carol's retention runs to 2031
        table(
            REFUSED,
            anonymous=LOGIN,
            administrator=(302, lambda r, w: r["Location"] == "/applications/privacy/"),
        ),
    ),
    "admissions report": (
        "get",
        "/applications/report/",
        table(
            REFUSED,
            anonymous=LOGIN,
            administrator=(200, shows("Offer rate", "50.0% (1 of 2)", "<svg")),
            programme_lead=(200, shows("Acceptance rate", "0.0% (0 of 1)", "<svg")),
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_privacy_and_report_permissions(world, role, case):
    method, path, expectations = CASES[case]
    status, check = expectations[role]
    world["before"] = state()
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = path.format(**{k: v for k, v in world.items() if k not in ("users", "before")})
    response = client.post(url, {}) if method == "post" else client.get(url)

    assert response.status_code == status
    check(response, world)

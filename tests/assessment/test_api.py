"""The marks API (api/assessment.py): read a module's marks, upload a file, put one mark.

The same domain functions as the pages and the command: these tests check what the
API adds (status codes, JSON shapes, base64 workbooks, 409 on a conflict).
"""

from __future__ import annotations

import base64
import io

import pytest
from django.test import Client
from openpyxl import Workbook

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.models import Mark
from registrar.people.domain.accounts import issue_token
from tests.assessment.world import AMARA, BEN, HEADER, stored

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def put(client, cohort, student_id, code, **body):
    return client.put(
        f"/api/programmes/{cohort.programme.pk}/modules/{code}/marks/{student_id}",
        body,
        content_type="application/json",
    )


def upload(client, cohort, **body):
    return client.post(
        f"/api/programmes/{cohort.programme.pk}/marks/import",
        body,
        content_type="application/json",
    )


def test_get_lists_the_marks_one_may_enter_with_their_versions(cohort):
    save_marks(
        programme=cohort.programme,
        entries=[
            MarkInput(AMARA, "COMP70059", "Research thesis", 1, "68.5"),
            MarkInput(BEN, "COMP70059", "Research thesis", 1, "55"),
        ],
        actor=cohort.admin,
    )

    response = api(cohort.supervisor).get(
        f"/api/programmes/{cohort.programme.pk}/modules/COMP70059/marks"
    )

    body = response.json()
    assert response.status_code == 200
    assert [{k: v for k, v in m.items() if k != "updated_at"} for m in body] == [
        {
            "student_id": AMARA,
            "module_code": "COMP70059",
            "component": "Research thesis",
            "attempt": 1,
            "mark": "68.50",
            "flag": "",
            "late_hours": None,
            "version": 1,
            "locked_by_run": None,
            "updated_by": "registry",
        }
    ]


def test_get_is_refused_to_a_leader_of_another_module(cohort):
    response = api(cohort.leader).get(
        f"/api/programmes/{cohort.programme.pk}/modules/COMP70076/marks"
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "your role may not do this (enter_marks on this module)"},
    )


def test_put_saves_a_new_mark_from_version_zero_then_refuses_a_stale_version(cohort):
    client = api(cohort.leader2)

    created = put(client, cohort, AMARA, "COMP70076", mark="61", version=0)
    changed = put(client, cohort, AMARA, "COMP70076", mark="64", version=1)
    stale = put(api(cohort.admin), cohort, AMARA, "COMP70076", mark="62", version=1)

    assert (created.status_code, created.json()["mark"], created.json()["version"]) == (
        200,
        "61.00",
        1,
    )
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith(
        f"the mark of {AMARA} COMP70076 whole module, attempt 1 was changed by leader2 at "
    )
    assert stale.json()["detail"].endswith(" from 61.00 to 64.00; reload to see it")
    assert [row[4] for row in stored()] == ["64.00"]


def test_put_of_a_bad_mark_is_400_with_the_problem(cohort):
    response = put(api(cohort.admin), cohort, AMARA, "COMP70076", mark="64.125", version=0)

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "1 problem in the mark; no marks were saved",
            "errors": [
                {
                    "file": "api",
                    "line": 2,
                    "field": "mark",
                    "severity": "error",
                    "message": "64.125 has more than two decimals",
                    "fix": "round it to two",
                }
            ],
        },
    )


def test_put_of_a_locked_mark_is_a_conflict(cohort):
    from registrar.boards.domain.runs import run_board

    save_marks(
        programme=cohort.programme, entries=[MarkInput(AMARA, "COMP70076", mark="61")], actor=None
    )
    run = run_board(programme=cohort.programme, actor=None)
    Mark.objects.update(locked_by=run)

    response = put(api(cohort.admin), cohort, AMARA, "COMP70076", mark="62", version=1)

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": f"the mark of {AMARA} COMP70076 whole module, attempt 1 is locked by "
            f"board run {run.pk}; leave it as it is; a resit is a new attempt"
        },
    )


def test_put_for_a_student_one_does_not_mark_is_403(cohort):
    response = put(
        api(cohort.supervisor),
        cohort,
        BEN,
        "COMP70059",
        component="Research thesis",
        mark="60",
        version=0,
    )

    assert response.status_code == 403
    assert Mark.objects.count() == 0


def test_an_upload_previews_then_commits_with_a_token(cohort):
    token = issue_token(user=cohort.leader2, name="script", actor=cohort.leader2)
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    text = HEADER + f"{AMARA},COMP70076,,1,61,,\n{BEN},COMP70076,,1,,NS,\n"

    preview = upload(client, cohort, filename="m.csv", csv=text)
    saved_by_preview = Mark.objects.count()
    committed = upload(client, cohort, filename="m.csv", csv=text, commit=True)

    assert (preview.status_code, saved_by_preview) == (200, 0)
    assert preview.json() == {
        "committed": False,
        "added": 2,
        "changed": 0,
        "unchanged": 0,
        "rows": [
            {
                "line": 2,
                "student_id": AMARA,
                "module_code": "COMP70076",
                "component": "",
                "attempt": 1,
                "action": "add",
                "before": None,
                "after": {"mark": "61.00", "flag": "", "late_hours": ""},
            },
            {
                "line": 3,
                "student_id": BEN,
                "module_code": "COMP70076",
                "component": "",
                "attempt": 1,
                "action": "add",
                "before": None,
                "after": {"mark": "", "flag": "NS", "late_hours": ""},
            },
        ],
    }
    assert (committed.status_code, committed.json()["committed"]) == (200, True)
    assert [row[4:6] for row in stored()] == [("61.00", ""), (None, "NS")]


def test_a_refused_upload_is_400_listing_every_problem(cohort):
    text = HEADER + f"{AMARA},COMP70076,,1,61,,\n{AMARA},COMP70010,,1,61,,\n"

    response = upload(api(cohort.leader2), cohort, filename="m.csv", csv=text, commit=True)

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "1 problem in m.csv; no marks were saved",
            "errors": [
                {
                    "file": "m.csv",
                    "line": 3,
                    "field": "module_code",
                    "severity": "error",
                    "message": f"you may not enter marks for {AMARA} on COMP70010",
                    "fix": "remove the row; the module's marker or the registry enters it",
                }
            ],
        },
    )
    assert Mark.objects.count() == 0


def test_an_xlsx_upload_is_sent_as_base64(cohort):
    book = Workbook()
    for row in (("student_id", "module_code", "mark"), (AMARA, "COMP70076", 58.25)):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(
        api(cohort.admin),
        cohort,
        filename="m.xlsx",
        xlsx_base64=base64.b64encode(buffer.getvalue()).decode(),
        commit=True,
    )

    assert (response.status_code, response.json()["added"], stored()[0][4]) == (200, 1, "58.25")


def test_an_upload_needs_exactly_one_file(cohort):
    neither = upload(api(cohort.admin), cohort, filename="m.csv")
    both = upload(api(cohort.admin), cohort, filename="m.csv", csv="x", xlsx_base64="eA==")
    garbled = upload(api(cohort.admin), cohort, filename="m.xlsx", xlsx_base64="not base64!")

    assert [r.status_code for r in (neither, both, garbled)] == [422, 422, 422]
    assert neither.json() == {
        "detail": "invalid request: give the file as either csv or xlsx_base64"
    }

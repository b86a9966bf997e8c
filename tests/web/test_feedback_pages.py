"""The module feedback page: one form per component the user may mark, none on an exam."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.assessment.world import make_cohort
from tests.conftest import MRES

pytestmark = pytest.mark.django_db

PROJECT = "COMP70059"


@pytest.fixture
def cohort(programme, make_student, account):
    return make_cohort(programme, make_student, account)


@pytest.fixture
def exam_spec(cohort, tmp_path):
    """The MRes with the project's oral presentation made an examination (version 2)."""
    from registrar.programmes.domain.versions import publish_specification

    text = (
        Path(MRES)
        .read_text(encoding="utf-8")
        .replace(
            "{name: Oral presentation, type: oral, weight: 30}",
            "{name: Oral presentation, type: exam, weight: 30}",
        )
    )
    changed = tmp_path / "2025-26.yaml"
    changed.write_text(text, encoding="utf-8")
    publish_specification(actor=None, path=changed)
    return cohort


def page(user, programme_pk):
    client = Client()
    client.force_login(user)
    return client.get(f"/marks/{programme_pk}/{PROJECT}/feedback/").content.decode()


def test_an_examination_component_has_the_policy_note_and_no_form(exam_spec):
    body = page(exam_spec.supervisor, exam_spec.programme.pk)

    assert body.count('name="component" value="') == 2  # the report and the thesis
    assert 'value="Oral presentation"' not in body
    assert "A written examination: no individual feedback is given." in body
    assert (
        "Individual feedback is normally not provided on written examinations, if such are taken."
        in body
    )


def test_the_supervisor_sees_only_their_supervisee(cohort):
    body = page(cohort.supervisor, cohort.programme.pk)

    assert ('id="student-02500001"' in body, 'id="student-02500002"' in body) == (True, False)
    assert body.count('name="component" value="') == 3

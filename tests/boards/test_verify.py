"""verify_run re-derives a run from what it stored: mark changes since do not disturb it, and any
change to what it stored shows, named."""

from __future__ import annotations

import pytest
from django.db import connection

from registrar.boards.domain.evaluation import sha256, specification_digest
from registrar.boards.domain.verify import verify_run
from registrar.boards.models import BoardRun
from registrar.programmes.domain.versions import publish_specification
from tests.boards.world import add_mark
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


def _reloaded(run) -> BoardRun:
    return BoardRun.objects.select_related("version").get(pk=run.pk)


def test_a_run_just_made_is_identical(run):
    assert verify_run(run) == []


def test_later_mark_changes_do_not_disturb_a_run(run, cohort):
    add_mark(cohort["00000008"], "COMP70010", 1, "55")
    cohort["00000001"].marks.filter(module_code="COMP70059").update(mark="40.00")

    assert verify_run(_reloaded(run)) == []


def test_a_changed_stored_mark_shows_as_the_hash_and_every_result_that_moved(run):
    marks = run.marks_csv.replace("00000002,COMP70059,,1,69.10,,", "00000002,COMP70059,,1,70.10,,")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE boards_boardrun SET marks_csv = %s WHERE id = %s", [marks, run.pk])

    assert verify_run(_reloaded(run)) == [
        f"marks: the stored text's SHA-256 is {sha256(marks)[:12]}…, "
        f"the run recorded {run.hashes['marks'][:12]}…",
        "student 00000002, powa: stored '69.07', re-derived '69.73'",
        "student 00000002, project_mark: stored '69.10', re-derived '70.10'",
        "student 00000002, reasons: stored 'MRes awarded: 90 credits; POWA 69.07 reaches Merit, "
        "project 69.10 reaches Merit; classification Merit', re-derived 'MRes awarded: 90 "
        "credits; POWA 69.73 reaches Merit, project 70.10 reaches Distinction; classification "
        "Merit'",
    ]


def test_a_changed_stored_result_shows_row_and_column(run):
    results = run.results_csv.replace("00000004,awarded,MRes,Merit", "00000004,awarded,MRes,Pass")
    BoardRun.objects.filter(pk=run.pk).update(results_csv=results)

    assert verify_run(_reloaded(run)) == [
        "student 00000004, classification: stored 'Pass', re-derived 'Merit'"
    ]


def test_a_removed_stored_student_shows(run):
    results = "\n".join(
        line for line in run.results_csv.split("\n") if not line.startswith("00000008,")
    )
    BoardRun.objects.filter(pk=run.pk).update(results_csv=results)

    assert verify_run(_reloaded(run)) == [
        "student 00000008: re-derived, but not in the stored results"
    ]


def test_changed_hashes_regulations_and_engine_version_each_show(run):
    BoardRun.objects.filter(pk=run.pk).update(
        hashes={**run.hashes, "registrations": "0" * 64},
        engine_version="0.0.1+rules.000000000000",
        regulations_text=run.regulations_text + "\n# edited\n",
    )
    now = _reloaded(run)

    assert verify_run(now) == [
        f"registrations: the stored text's SHA-256 is {run.hashes['registrations'][:12]}…, "
        "the run recorded 000000000000…",
        f"regulations: the stored text's SHA-256 is {sha256(now.regulations_text)[:12]}…, "
        f"the run recorded {run.hashes['regulations'][:12]}…",
        f"engine version: the run used 0.0.1+rules.000000000000, this is {run.engine_version}",
    ]


def test_a_run_pointed_at_another_specification_version_shows(run, tmp_path):
    changed = tmp_path / "2025-26.yaml"
    changed.write_text(
        MRES.read_text(encoding="utf-8").replace("Dr Yingzhen Li", "Dr A N Other"),
        encoding="utf-8",
    )
    second = publish_specification(actor=None, path=changed)
    BoardRun.objects.filter(pk=run.pk).update(version=second)

    assert verify_run(_reloaded(run)) == [
        f"specification: version 2's SHA-256 is {specification_digest(second.data)[:12]}…, "
        f"the run recorded {run.hashes['specification'][:12]}…"
    ]

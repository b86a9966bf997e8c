"""An upheld extension moves the deadline: the lateness the engine reads is measured from it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from registrar.assessment.domain.contract import marks_csv
from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.claims.domain.claims import Affected, decide_claim, route_claim
from registrar.claims.domain.extensions import extension_hours, late_after_extension
from registrar.notices.models import Kind, Notice
from tests.assessment.world import AMARA, BEN
from tests.claims.world import DEADLINE, ETHICS, EXTENDED, PROJECT, THESIS, submit

pytestmark = pytest.mark.django_db


def late_read(programme, student_id: str, module_code: str, component: str) -> str:
    """The `late_hours` the engine is given for one row (the marks a board run reads)."""
    for row in csv.DictReader(io.StringIO(marks_csv(programme))):
        if (row["student_id"], row["module_code"], row["component"]) == (
            student_id,
            module_code,
            component,
        ):
            return row["late_hours"]
    raise AssertionError("no such row")


def extend(cohort, student, *items, upheld=True):
    claim = submit(student, *items)
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)
    return decide_claim(
        claim=claim,
        upheld=upheld,
        reason="Hospital letter.",
        remedy="extension" if upheld else "",
        extended_to=EXTENDED if upheld else None,
        actor=cohort.panel,
    )


def enter(cohort, *marks):
    save_marks(programme=cohort.programme, entries=list(marks), actor=cohort.admin)


def test_work_handed_in_within_the_extension_is_not_late(cohort):
    enter(cohort, MarkInput(AMARA, PROJECT, THESIS, 1, "68.00", late_hours="30"))
    assert late_read(cohort.programme, AMARA, PROJECT, THESIS) == "30.00"

    extend(cohort, cohort.amara)

    assert late_read(cohort.programme, AMARA, PROJECT, THESIS) == ""


def test_work_handed_in_after_the_extension_is_late_by_the_hours_past_it(cohort):
    extend(cohort, cohort.amara)
    # entered after the decision, as hours past the published deadline: 80 h is 8 h past the new one
    enter(cohort, MarkInput(AMARA, PROJECT, THESIS, 1, "68.00", late_hours="80"))

    assert late_read(cohort.programme, AMARA, PROJECT, THESIS) == "8.00"


def test_the_extension_moves_only_the_named_assessment_of_the_claimants_attempt(cohort):
    enter(
        cohort,
        MarkInput(AMARA, PROJECT, "Background report", 1, "60.00", late_hours="10"),
        MarkInput(AMARA, PROJECT, THESIS, 1, "68.00", late_hours="10"),
        MarkInput(BEN, ETHICS, "", 1, "60.00", late_hours="10"),
    )
    extend(cohort, cohort.amara)

    assert late_read(cohort.programme, AMARA, PROJECT, "Background report") == "10.00"
    assert late_read(cohort.programme, AMARA, PROJECT, THESIS) == ""
    assert late_read(cohort.programme, BEN, ETHICS, "") == "10.00"


def test_a_rejected_claim_changes_no_lateness(cohort):
    enter(cohort, MarkInput(AMARA, PROJECT, THESIS, 1, "68.00", late_hours="30"))
    extend(cohort, cohort.amara, upheld=False)
    assert late_read(cohort.programme, AMARA, PROJECT, THESIS) == "30.00"


def test_the_board_run_reads_the_extended_lateness_so_the_mark_is_not_capped(cohort):
    from registrar.boards.domain.runs import run_board

    enter(cohort, MarkInput(AMARA, PROJECT, THESIS, 1, "68.00", late_hours="30"))
    before = run_board(programme=cohort.programme, actor=None)
    extend(cohort, cohort.amara, Affected(PROJECT, THESIS, 1, DEADLINE))
    after = run_board(programme=cohort.programme, actor=None)

    row = f"{AMARA},{PROJECT},{THESIS},1,68.00,,"
    assert (f"{row}30.00" in before.marks_csv, f"{row}\n" in after.marks_csv) == (True, True)


def test_extension_hours_and_what_is_left_late():
    assert extension_hours(DEADLINE, EXTENDED) == Decimal("72.00")
    assert extension_hours(DEADLINE, DEADLINE + timedelta(minutes=50)) == Decimal("0.83")
    key = (AMARA, PROJECT, THESIS, 1)
    granted = {(AMARA, PROJECT, "", 1): Decimal("72.00")}
    assert late_after_extension(Decimal("72.00"), key, granted) is None
    assert late_after_extension(Decimal("72.01"), key, granted) == Decimal("0.01")
    assert late_after_extension(Decimal("5"), (BEN, PROJECT, THESIS, 1), granted) == Decimal("5")
    assert late_after_extension(None, key, granted) is None


def test_the_marks_grid_tells_the_marker_of_the_extension(cohort):
    from django.test import Client

    extend(cohort, cohort.amara)
    client = Client()
    client.force_login(cohort.supervisor)
    body = client.get(f"/marks/{cohort.programme.pk}/{PROJECT}/").content.decode()

    assert f"{AMARA} Research thesis: 72.00 hours, to 5 Mar 2026 12:00" in body
    client.force_login(cohort.admin)
    other = client.get(f"/marks/{cohort.programme.pk}/{ETHICS}/").content.decode()
    assert "Extensions granted" not in other


def test_the_student_is_told_of_the_decision_with_the_reason_and_the_new_deadline(cohort):
    claim = extend(cohort, cohort.amara)

    notice = Notice.objects.get(kind=Kind.CLAIM_DECIDED)
    assert (notice.student, notice.user, notice.link) == (
        cohort.amara,
        cohort.amara.user,
        f"/claims/{claim.pk}/",
    )
    assert notice.subject == f"Your mitigating circumstances claim {claim.pk} is decided"
    assert notice.body == (
        f"The panel has decided your mitigating circumstances claim {claim.pk}: upheld. The "
        "panel's reason: Hospital letter. Remedy: an extension; the new deadline is "
        "5 March 2026, 12:00."
    )


def test_a_rejected_claim_is_told_as_not_upheld_with_no_remedy(cohort):
    claim = extend(cohort, cohort.amara, upheld=False)

    assert Notice.objects.get(kind=Kind.CLAIM_DECIDED).body == (
        f"The panel has decided your mitigating circumstances claim {claim.pk}: not upheld. "
        "The panel's reason: Hospital letter."
    )

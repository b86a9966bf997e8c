"""A claim from submission to decision: checks, ledger entries, the MC flag through mark entry."""

from __future__ import annotations

import hashlib

import pytest

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.audit.models import AuditEntry
from registrar.claims.domain.claims import (
    Affected,
    ClaimRefusedError,
    claims_for,
    decide_claim,
    registered_assessments,
    route_claim,
)
from registrar.claims.models import Claim, ClaimStatus, Evidence
from tests.assessment.world import AMARA, stored
from tests.claims.world import (
    DEADLINE,
    ETHICS,
    EXTENDED,
    PDF,
    PNG,
    PROJECT,
    THESIS,
    pdf,
    submit,
)

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="claim.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_submit_keeps_the_items_the_statement_and_the_evidence_privately(cohort, settings):
    claim = submit(cohort.amara, evidence=[pdf()])

    item = claim.items.get()
    assert (item.module_code, item.component, item.attempt, item.deadline) == (
        PROJECT,
        THESIS,
        1,
        DEADLINE,
    )
    assert (claim.status, claim.statement) == (ClaimStatus.SUBMITTED, "I was in hospital.")
    evidence = Evidence.objects.get()
    kept = settings.VAR_DIR / "evidence" / evidence.digest
    assert (evidence.name, evidence.content_type, evidence.size) == (
        "note.pdf",
        "application/pdf",
        len(PDF),
    )
    assert (kept.stat().st_mode & 0o777, kept.parent.stat().st_mode & 0o777) == (0o600, 0o700)
    entry = AuditEntry.objects.get(action="claim.submitted")
    assert (entry.actor, entry.student_id, entry.module_code, entry.data["evidence"]) == (
        cohort.amara.user,
        AMARA,
        PROJECT,
        ["note.pdf"],
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (Affected("COMP99999"), "there is no module COMP99999 in"),
        (Affected("COMP70016"), "02500001 is not registered on COMP70016"),
        (Affected(PROJECT, "Essay"), "COMP70059 has no component 'Essay'; name one of:"),
        (Affected(PROJECT, ""), "COMP70059 has no component ''"),
        (Affected(ETHICS, "Essay"), "COMP70076 is assessed as a whole, not by component"),
        (Affected(ETHICS, "", 0), "attempt 0 is not from 1 to 99"),
    ],
)
def test_submit_refuses_an_assessment_that_is_not_the_students(cohort, item, message):
    with pytest.raises(ClaimRefusedError, match="^" + message.replace("(", r"\(")):
        submit(cohort.amara, item)
    assert (Claim.objects.count(), actions()) == (0, [])


def test_submit_refuses_evidence_by_its_content_and_its_size_and_keeps_nothing(cohort, settings):
    fake = b"<html>not a pdf</html>"
    with pytest.raises(ClaimRefusedError, match=r"^fake\.pdf is not a PDF, PNG or JPEG file"):
        submit(cohort.amara, evidence=[pdf("fake.pdf", fake)])
    data = b"%PDF-" + b"0" * (10 * 1024 * 1024)
    big = pdf("big.pdf", data)
    with pytest.raises(
        ClaimRefusedError, match=r"^big\.pdf is 10,485,765 bytes, more than the 10 MB"
    ):
        submit(cohort.amara, evidence=[big])
    assert (Claim.objects.count(), Evidence.objects.count()) == (0, 0)
    for refused in (fake, data):
        assert not (settings.VAR_DIR / "evidence" / hashlib.sha256(refused).hexdigest()).exists()


def test_submit_refuses_dates_out_of_order_and_an_empty_statement(cohort):
    from datetime import date

    from registrar.claims.domain.claims import submit_claim

    with pytest.raises(ClaimRefusedError, match="cannot end before they began"):
        submit_claim(
            student=cohort.amara,
            items=[Affected(ETHICS)],
            affected_from=date(2026, 3, 2),
            affected_to=date(2026, 3, 1),
            statement="ill",
            actor=None,
        )
    with pytest.raises(ClaimRefusedError, match="say in the statement"):
        submit(cohort.amara, Affected(ETHICS), statement="  ")


def test_route_sends_it_to_exam_board_members_only(cohort):
    claim = submit(cohort.amara, Affected(ETHICS))
    with pytest.raises(ClaimRefusedError, match=r"^leader is not an exam-board member"):
        route_claim(claim=claim, panel=[cohort.leader], actor=cohort.admin)
    with pytest.raises(ClaimRefusedError, match="choose at least one"):
        route_claim(claim=claim, panel=[], actor=cohort.admin)

    routed = route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)

    assert (routed.status, list(routed.panel.all()), routed.routed_by) == (
        ClaimStatus.ROUTED,
        [cohort.panel],
        cohort.admin,
    )
    entry = AuditEntry.objects.get(action="claim.routed")
    assert (entry.before["panel"], entry.after["panel"], entry.after["status"]) == (
        [],
        ["panel"],
        "routed",
    )


def test_only_a_panel_member_decides_a_routed_claim_with_a_reason(cohort):
    claim = submit(cohort.amara, Affected(ETHICS))
    with pytest.raises(ClaimRefusedError, match="only a claim with the panel is decided"):
        decide_claim(claim=claim, upheld=False, reason="no", actor=cohort.panel)
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)
    with pytest.raises(ClaimRefusedError, match=r"^panel2 is not on the panel of claim"):
        decide_claim(claim=claim, upheld=False, reason="no", actor=cohort.panel2)
    with pytest.raises(ClaimRefusedError, match="give the panel's reason"):
        decide_claim(claim=claim, upheld=False, reason=" ", actor=cohort.panel)
    with pytest.raises(ClaimRefusedError, match="choose the remedy"):
        decide_claim(claim=claim, upheld=True, reason="ill", actor=cohort.panel)

    rejected = decide_claim(
        claim=claim, upheld=False, reason="No evidence of illness.", actor=cohort.panel
    )

    assert (rejected.status, rejected.reason, rejected.remedy, rejected.decided_by) == (
        ClaimStatus.REJECTED,
        "No evidence of illness.",
        "",
        cohort.panel,
    )
    assert actions() == ["claim.submitted", "claim.routed", "claim.rejected"]
    with pytest.raises(ClaimRefusedError, match="is rejected; only a claim with the panel"):
        decide_claim(claim=claim, upheld=True, reason="x", remedy="extension", actor=cohort.panel)


def test_an_upheld_further_attempt_flags_the_stored_mark_mc_through_mark_entry(cohort):
    save_marks(
        programme=cohort.programme,
        entries=[
            MarkInput(AMARA, PROJECT, "Background report", 1, "60.00"),
            MarkInput(AMARA, PROJECT, THESIS, 1, "41.00", late_hours="5"),
            MarkInput(AMARA, PROJECT, "Oral presentation", 1, "55.00"),
        ],
        actor=cohort.admin,
    )
    claim = submit(cohort.amara)
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)

    decide_claim(
        claim=claim,
        upheld=True,
        reason="Hospital letter.",
        remedy="further_attempt",
        actor=cohort.panel,
    )

    assert stored(module_code=PROJECT, component=THESIS) == [
        (AMARA, PROJECT, THESIS, 1, "41.00", "MC", "5.00", 2)
    ]
    change = AuditEntry.objects.filter(action="mark.changed").get()
    assert (change.actor, change.data, change.before["flag"], change.after["flag"]) == (
        None,
        {"file": f"claim {claim.pk}", "line": 2},
        "",
        "MC",
    )
    assert actions()[-1] == "claim.upheld"


def test_a_further_attempt_without_a_stored_mark_adds_an_mc_row_and_a_whole_module_mark_stands(
    cohort,
):
    save_marks(
        programme=cohort.programme,
        entries=[MarkInput(AMARA, "COMP70060", "", 1, "48.00")],
        actor=cohort.admin,
    )
    claim = submit(cohort.amara, Affected(ETHICS), Affected("COMP70060", "Written reports"))
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)
    decide_claim(
        claim=claim, upheld=True, reason="ill", remedy="further_attempt", actor=cohort.panel
    )

    assert stored(student__student_id=AMARA) == [
        (AMARA, "COMP70060", "", 1, "48.00", "MC", None, 2),
        (AMARA, ETHICS, "", 1, None, "MC", None, 1),
    ]


def test_a_locked_mark_refuses_the_whole_decision(cohort):
    from registrar.assessment.models import Mark
    from registrar.boards.domain.locking import lock_board
    from registrar.boards.domain.runs import run_board

    save_marks(
        programme=cohort.programme,
        entries=[MarkInput(AMARA, ETHICS, "", 1, "45.00")],
        actor=cohort.admin,
    )
    lock_board(run=run_board(programme=cohort.programme, actor=None), actor=None)
    claim = submit(cohort.amara, Affected(ETHICS))
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)

    with pytest.raises(ClaimRefusedError, match=r"cannot be flagged MC: the mark of .* is locked"):
        decide_claim(
            claim=claim, upheld=True, reason="ill", remedy="further_attempt", actor=cohort.panel
        )

    assert Claim.objects.get().status == ClaimStatus.ROUTED
    assert Mark.objects.get(module_code=ETHICS).flag == ""


def test_an_extension_needs_a_deadline_after_each_affected_one(cohort):
    claim = submit(cohort.amara, Affected(ETHICS), Affected(PROJECT, THESIS, 1, DEADLINE))
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)
    with pytest.raises(ClaimRefusedError, match="give the new deadline"):
        decide_claim(claim=claim, upheld=True, reason="ill", remedy="extension", actor=cohort.panel)
    with pytest.raises(
        ClaimRefusedError, match=r"^COMP70076 whole module, attempt 1 has no published"
    ):
        decide_claim(
            claim=claim,
            upheld=True,
            reason="ill",
            remedy="extension",
            extended_to=EXTENDED,
            actor=cohort.panel,
        )
    only = submit(cohort.amara)
    route_claim(claim=only, panel=[cohort.panel], actor=cohort.admin)
    with pytest.raises(ClaimRefusedError, match="the new deadline is not after"):
        decide_claim(
            claim=only,
            upheld=True,
            reason="ill",
            remedy="extension",
            extended_to=DEADLINE,
            actor=cohort.panel,
        )
    upheld = decide_claim(
        claim=only,
        upheld=True,
        reason="ill",
        remedy="extension",
        extended_to=EXTENDED,
        actor=cohort.panel,
    )
    assert (upheld.status, upheld.remedy, upheld.extended_to) == ("upheld", "extension", EXTENDED)
    assert AuditEntry.objects.get(action="claim.upheld").after["extended_to"] == (
        "2026-03-05T12:00:00+00:00"
    )


def test_who_reads_which_claims(cohort):
    mine = submit(cohort.amara, Affected(ETHICS))
    other = submit(cohort.ben, Affected(ETHICS))
    route_claim(claim=other, panel=[cohort.panel2], actor=cohort.admin)

    assert list(claims_for(cohort.amara.user)) == [mine]
    assert list(claims_for(cohort.ben.user)) == [other]
    assert list(claims_for(cohort.admin)) == [other, mine]
    assert list(claims_for(cohort.panel2)) == [other]
    assert list(claims_for(cohort.panel)) == []
    assert list(claims_for(cohort.leader)) == []


def test_registered_assessments_are_the_components_of_the_students_modules(cohort):
    found = registered_assessments(cohort.amara)
    assert found[:5] == [
        ("COMP70010", "", "COMP70010 Deep Learning"),
        (
            PROJECT,
            "Background report",
            "COMP70059 MRes Individual Research Project: Background report",
        ),
        (PROJECT, THESIS, "COMP70059 MRes Individual Research Project: Research thesis"),
        (
            PROJECT,
            "Oral presentation",
            "COMP70059 MRes Individual Research Project: Oral presentation",
        ),
        (
            "COMP70060",
            "Written reports",
            "COMP70060 Simulated Research and Development Project Proposal: Written reports",
        ),
    ]
    assert len(found) == 9


def test_add_evidence_until_the_claim_is_decided(cohort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from registrar.claims.domain.evidence import add_evidence

    claim = submit(cohort.amara, Affected(ETHICS))
    scan = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    added = add_evidence(claim=claim, files=[scan], actor=cohort.amara.user)
    assert [(e.name, e.content_type) for e in added] == [("scan.png", "image/png")]
    route_claim(claim=claim, panel=[cohort.panel], actor=cohort.admin)
    decide_claim(claim=claim, upheld=False, reason="no", actor=cohort.panel)
    with pytest.raises(ClaimRefusedError, match="is decided; evidence can no longer be added"):
        add_evidence(claim=claim, files=[pdf()], actor=cohort.amara.user)
    assert actions() == [
        "claim.submitted",
        "claim.evidence_added",
        "claim.routed",
        "claim.rejected",
    ]

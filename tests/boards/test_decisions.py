"""decide: the board agrees the proposal or differs with a reason; nothing changes after lock."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.boards.domain.decisions import decide
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import Decision

pytestmark = pytest.mark.django_db


def _decide(run, student, actor, **outcome):
    return decide(run=run, student=student, actor=actor, **outcome)


def test_a_decision_equal_to_the_proposal_agrees_without_a_reason(run, cohort, board_member):
    made = _decide(
        run,
        cohort["00000001"],
        board_member,
        status="awarded",
        award="MRes",
        classification="Distinction",
    )

    assert (made.agrees, made.reason, made.decided_by) == (True, "", board_member)


def test_a_different_decision_without_a_reason_is_refused_and_nothing_is_written(
    run, cohort, board_member
):
    with pytest.raises(BoardRefusedError) as refused:
        _decide(
            run,
            cohort["00000002"],
            board_member,
            status="awarded",
            award="MRes",
            classification="Distinction",
            reason="  ",
        )

    assert str(refused.value) == (
        "the decision awarded MRes Distinction differs from the proposal awarded MRes Merit; "
        "give the board's reason"
    )
    assert (
        Decision.objects.count(),
        AuditEntry.objects.filter(action="board.decided").count(),
    ) == (
        0,
        0,
    )


def test_a_different_decision_with_a_reason_is_recorded_as_differing(run, cohort, board_member):
    made = _decide(
        run,
        cohort["00000002"],
        board_member,
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason=" viva outstanding ",
    )

    assert (made.status, made.award, made.classification, made.agrees, made.reason) == (
        "awarded",
        "MRes",
        "Distinction",
        False,
        "viva outstanding",
    )


def test_a_decision_writes_one_ledger_entry_with_before_and_after_under_the_student(
    run, cohort, board_member
):
    _decide(
        run, cohort["00000005"], board_member, status="failed", reason="withdrew from the resit"
    )

    entries = list(AuditEntry.objects.filter(action="board.decided"))
    assert [(e.student_id, e.reason, e.actor) for e in entries] == [
        ("00000005", "withdrew from the resit", board_member)
    ]
    assert entries[0].before == {
        "status": "referred",
        "award": "",
        "classification": "",
        "agrees": True,
        "reason": "",
        "decided": False,
    }
    assert entries[0].after == {
        "status": "failed",
        "award": "",
        "classification": "",
        "agrees": False,
        "reason": "withdrew from the resit",
        "decided": True,
    }


def test_a_second_decision_replaces_the_first_and_its_entry_shows_the_first(
    run, cohort, board_member
):
    student = cohort["00000005"]
    _decide(run, student, board_member, status="failed", reason="withdrew from the resit")

    _decide(run, student, board_member, status="referred")

    decision = Decision.objects.get()
    assert (decision.status, decision.agrees, decision.reason) == ("referred", True, "")
    latest = AuditEntry.objects.filter(action="board.decided").order_by("-id").first()
    assert (latest.before["status"], latest.before["decided"], latest.after["status"]) == (
        "failed",
        True,
        "referred",
    )


def test_a_locked_run_refuses_decisions(run, cohort, board_member):
    lock_board(run=run, actor=board_member)

    with pytest.raises(BoardRefusedError) as refused:
        _decide(run, cohort["00000005"], board_member, status="referred")

    assert str(refused.value).startswith(f"board run {run.pk} is locked (since ")
    assert str(refused.value).endswith("its decisions can no longer change")
    assert Decision.objects.count() == 0


def test_a_student_the_run_did_not_evaluate_is_refused(run, make_student, board_member):
    late = make_student("00000099")

    with pytest.raises(BoardRefusedError) as refused:
        _decide(run, late, board_member, status="referred")

    assert str(refused.value) == (
        f"board run {run.pk} did not evaluate student 00000099; decide on a run that includes them"
    )


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (
            {"status": "passed"},
            "status 'passed' is not one of awarded, referred, failed, incomplete; "
            "choose one of them",
        ),
        (
            {"status": "awarded", "award": "MRes", "classification": "First"},
            "classification 'First' is not one of Distinction, Merit, Pass",
        ),
        (
            {"status": "awarded", "award": "MSc", "classification": "Pass"},
            "award 'MSc' is not an award of this programme; choose one of MRes, or none",
        ),
        (
            {"status": "awarded", "award": "MRes"},
            "an awarded student needs a classification; choose one",
        ),
        (
            {"status": "awarded", "classification": "Pass"},
            "an awarded student receives the MRes; set the award to MRes "
            "(an exit award goes with the status failed)",
        ),
        (
            {"status": "referred", "classification": "Pass"},
            "only an awarded student is classified; clear the classification for referred",
        ),
        (
            {"status": "incomplete", "award": "MRes"},
            "an incomplete student receives no award yet; clear the award, "
            "or set the status failed with an exit award",
        ),
    ],
)
def test_an_outcome_the_programme_cannot_give_is_refused(
    run, cohort, board_member, outcome, message
):
    with pytest.raises(BoardRefusedError) as refused:
        _decide(run, cohort["00000001"], board_member, reason="a reason", **outcome)

    assert str(refused.value) == message

"""The external examiner's comments and sign-off: recorded once each, changing nothing else."""

from __future__ import annotations

import pytest

from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from registrar.boards.domain.examiners import comment, sign_off
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import BoardRun, Decision, ExaminerComment, SignOff

pytestmark = pytest.mark.django_db


def _state(run):
    """Everything an examiner must not change: the run, its decisions and the marks."""
    stored = BoardRun.objects.filter(pk=run.pk).values(
        "results_csv", "marks_csv", "hashes", "locked_at", "released_at"
    )
    marks = Mark.objects.values_list("pk", "mark", "flag", "version", "locked_by")
    return list(stored), list(Decision.objects.values()), sorted(marks)


def test_a_comment_on_a_student_is_filed_under_them(run, cohort, examiner):
    made = comment(run=run, actor=examiner, text=" Check COMP70010 ", student=cohort["00000004"])

    assert (made.text, made.student, made.author) == (
        "Check COMP70010",
        cohort["00000004"],
        examiner,
    )
    entries = AuditEntry.objects.filter(action="board.commented")
    assert [(e.student_id, e.after["text"]) for e in entries] == [("00000004", "Check COMP70010")]


def test_a_comment_on_the_run_has_no_student(run, examiner):
    made = comment(run=run, actor=examiner, text="The marking is consistent.")

    assert (made.student, ExaminerComment.objects.count()) == (None, 1)


def test_comments_and_a_sign_off_change_nothing_else(run, cohort, examiner):
    before = _state(run)

    comment(run=run, actor=examiner, text="Agree with every proposal.")
    comment(run=run, actor=examiner, text="Borderline handled well.", student=cohort["00000002"])
    sign_off(run=run, actor=examiner, statement="Signed for 2025-26.")

    assert _state(run) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "the comment is empty; write what you want the board to read")],
)
def test_an_empty_comment_is_refused(run, examiner, text, message):
    with pytest.raises(BoardRefusedError) as refused:
        comment(run=run, actor=examiner, text=text)

    assert (str(refused.value), ExaminerComment.objects.count()) == (message, 0)


def test_a_comment_on_a_student_not_in_the_run_is_refused(run, make_student, examiner):
    late = make_student("00000099")

    with pytest.raises(BoardRefusedError) as refused:
        comment(run=run, actor=examiner, text="Who is this?", student=late)

    assert str(refused.value) == (
        f"board run {run.pk} did not evaluate student 00000099; comment on a run that includes them"
    )


def test_a_comment_needs_a_signed_in_author(run):
    with pytest.raises(BoardRefusedError) as refused:
        comment(run=run, actor=None, text="anonymous")

    assert str(refused.value) == "a comment needs a signed-in examiner as its author"


def test_a_sign_off_is_recorded_once_per_examiner(run, examiner, account):
    sign_off(run=run, actor=examiner, statement="  Content.  ")

    with pytest.raises(BoardRefusedError) as refused:
        sign_off(run=run, actor=examiner, statement="again")
    second = sign_off(run=run, actor=account("external2", "external_examiner"))

    assert str(refused.value).startswith(f"external already signed off board run {run.pk} on ")
    assert str(refused.value).endswith("; a sign-off is given once")
    assert list(SignOff.objects.values_list("examiner__username", "statement")) == [
        ("external", "Content."),
        ("external2", ""),
    ]
    assert second.run_id == run.pk
    entries = AuditEntry.objects.filter(action="board.signed_off").order_by("id")
    assert [e.after["examiner"] for e in entries] == ["external", "external2"]


def test_a_locked_run_still_takes_comments_and_a_sign_off(run, board_member, examiner):
    lock_board(run=run, actor=board_member)

    comment(run=run, actor=examiner, text="Read after the board.")
    sign_off(run=run, actor=examiner)

    assert (ExaminerComment.objects.count(), SignOff.objects.count()) == (1, 1)

"""The external examiner's part in a run: comments (on a student or the whole run) and a sign-off.

The examiner reads everything the board reads and changes nothing else: neither
function touches a proposal, a decision or a mark.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from registrar.audit.domain import record, user_of
from registrar.boards.domain.reading import proposals
from registrar.boards.domain.runs import BoardRefusedError
from registrar.boards.models import BoardRun, ExaminerComment, SignOff
from registrar.people.models import Student


def _subject(run: BoardRun) -> str:
    return f"{run.programme.code} {run.programme.cohort} run {run.pk}"


@transaction.atomic
def comment(
    *, run: BoardRun, actor: Any, text: str, student: Student | None = None
) -> ExaminerComment:
    """Record an examiner's comment on `run`, about `student` or (None) the run as a whole.

    Refuses (BoardRefusedError, nothing written) an empty comment, a comment without
    a signed-in author, and a student the run did not evaluate.
    Side effects: one ExaminerComment row; one ledger entry `board.commented` (filed
    under the student when there is one).
    """
    text = text.strip()
    author = user_of(actor)
    if author is None:
        raise BoardRefusedError("a comment needs a signed-in examiner as its author")
    if not text:
        raise BoardRefusedError("the comment is empty; write what you want the board to read")
    if student is not None and student.student_id not in proposals(run):
        raise BoardRefusedError(
            f"board run {run.pk} did not evaluate student {student.student_id}; "
            "comment on a run that includes them"
        )
    made = ExaminerComment.objects.create(run=run, student=student, author=author, text=text)
    record(
        actor=actor,
        action="board.commented",
        subject=_subject(run) + (f" {student.student_id}" if student else ""),
        after={"comment": made.pk, "text": text, "student": student.student_id if student else ""},
        data={"run": run.pk},
        student_id=student.student_id if student else "",
    )
    return made


@transaction.atomic
def sign_off(*, run: BoardRun, actor: Any, statement: str = "") -> SignOff:
    """Record the examiner's sign-off on `run`, once per examiner.

    Refuses (BoardRefusedError, nothing written) a sign-off without a signed-in
    examiner, and a second sign-off by the same examiner.
    Side effects: one SignOff row; one ledger entry `board.signed_off`.
    """
    examiner = user_of(actor)
    if examiner is None:
        raise BoardRefusedError("a sign-off needs a signed-in examiner")
    run = BoardRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    earlier = SignOff.objects.filter(run=run, examiner=examiner).first()
    if earlier is not None:
        raise BoardRefusedError(
            f"{examiner.get_username()} already signed off board run {run.pk} on "
            f"{earlier.at:%d %B %Y at %H:%M}; a sign-off is given once"
        )
    made = SignOff.objects.create(run=run, examiner=examiner, statement=statement.strip())
    record(
        actor=actor,
        action="board.signed_off",
        subject=_subject(run),
        after={
            "sign_off": made.pk,
            "examiner": examiner.get_username(),
            "statement": made.statement,
        },
        data={"run": run.pk},
    )
    return made

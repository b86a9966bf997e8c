"""The demo's mitigating-circumstances claims and feedback, in varied states.

Claims (panel: the `board` account, an exam-board member):
- the demo student (02500001): submitted with a doctor's letter, not yet routed;
- the resit student (02500007): routed to the panel, awaiting its decision;
- a student with a resit mark: upheld, a further uncapped attempt (the resit flagged MC
  through mark entry: attempt 1's marks are locked by the released board run);
- another: upheld with an extension of the thesis deadline by a week;
- another: rejected, with the panel's reason.

Feedback: the module leader's on the ethics module for the first six students (released
with the board run, so the demo student reads it), and the supervisor's on the demo
student's thesis with an annotated file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from registrar.assessment.domain.feedback import give_feedback
from registrar.assessment.models import Feedback, Mark
from registrar.claims.domain.claims import Affected, decide_claim, route_claim, submit_claim
from registrar.claims.models import Claim
from registrar.people.models import Student, StudentStatus
from registrar.programmes.models import Programme

PROJECT, THESIS, ETHICS, TUTORIAL = "COMP70059", "Research thesis", "COMP70076", "COMP70061"
THESIS_DEADLINE = datetime(2026, 8, 28, 16, 0, tzinfo=UTC)
EXTENDED = datetime(2026, 9, 4, 16, 0, tzinfo=UTC)
ETHICS_FEEDBACK = (
    "A well-argued essay on algorithmic fairness; the case study is apt. Engage more with "
    "the counter-arguments to group fairness.",
    "Good use of the explanation methods from the lectures; the evaluation of their "
    "faithfulness is thin.",
    "Clear and well structured. The discussion of accountability needs sources.",
)


def _pdf(title: str) -> SimpleUploadedFile:
    """A small valid PDF (one empty page) named after what it stands for."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(title, body, content_type="application/pdf")


def _claim(student: Student, items: list[Affected], statement: str, evidence: str) -> Claim:
    return submit_claim(
        student=student,
        items=items,
        affected_from=date(2026, 2, 16),
        affected_to=date(2026, 3, 6),
        statement=statement,
        evidence=[_pdf(evidence)],
        actor=student.user,
    )


def load_claims(programme: Programme, users: dict[str, Any], out: list[str]) -> None:
    if Claim.objects.filter(student__programme=programme).exists():
        out.append("Claims and feedback kept.")
        return
    admin, panel = users["admin"], [users["board"]]
    students = list(
        Student.objects.filter(programme=programme, status=StudentStatus.ENROLLED).order_by(
            "student_id"
        )
    )
    demo, resit = (Student.objects.get(user=users[name]) for name in ("student", "resit"))
    others = [s for s in students if s not in (demo, resit)]

    _claim(
        demo,
        [Affected(TUTORIAL, "Paper discussion")],
        "I had flu in the week I was due to lead the paper discussion.",
        "doctors-letter.pdf",
    )
    waiting = _claim(
        resit,
        [Affected(ETHICS, "", 2)],
        "A family bereavement in the week of the ethics resit.",
        "death-certificate.pdf",
    )
    route_claim(claim=waiting, panel=panel, actor=admin)
    decided = 1

    resat = (
        Mark.objects.filter(student__in=others, attempt=2, locked_by__isnull=True)
        .select_related("student")
        .order_by("student__student_id")
        .first()
    )
    if resat is not None:
        upheld = _claim(
            resat.student,
            [Affected(resat.module_code, resat.component, 2)],
            "I was in hospital during the resit period.",
            "hospital-letter.pdf",
        )
        route_claim(claim=upheld, panel=panel, actor=admin)
        decide_claim(
            claim=upheld,
            upheld=True,
            reason="The hospital letter covers the resit period.",
            remedy="further_attempt",
            actor=users["board"],
        )
        others.remove(resat.student)
        decided += 1
    extended = _claim(
        others[0],
        [Affected(PROJECT, THESIS, 1, THESIS_DEADLINE)],
        "A broken wrist in the last fortnight of writing up.",
        "fracture-clinic.pdf",
    )
    route_claim(claim=extended, panel=panel, actor=admin)
    decide_claim(
        claim=extended,
        upheld=True,
        reason="The injury is documented and fell in the writing-up period.",
        remedy="extension",
        extended_to=EXTENDED,
        actor=users["board"],
    )
    rejected = _claim(
        others[1],
        [Affected(ETHICS)],
        "My laptop broke the night before the deadline.",
        "repair-receipt.pdf",
    )
    route_claim(claim=rejected, panel=panel, actor=admin)
    decide_claim(
        claim=rejected,
        upheld=False,
        reason="Equipment failure is not a mitigating circumstance; keep backups.",
        actor=users["board"],
    )
    out.append(
        f"Claims: 1 submitted, 1 with the panel, {decided + 1} decided "
        "(upheld with a further attempt or an extension, and rejected)."
    )

    for n, student in enumerate(students[:6]):
        give_feedback(
            student=student,
            module_code=ETHICS,
            component="",
            attempt=1,
            text=ETHICS_FEEDBACK[n % len(ETHICS_FEEDBACK)],
            actor=users["leader"],
        )
    give_feedback(
        student=demo,
        module_code=PROJECT,
        component=THESIS,
        attempt=1,
        text="An ambitious thesis, well executed; the ablations in chapter 4 are convincing.",
        file=_pdf("thesis-annotated.pdf"),
        actor=users["supervisor"],
    )
    out.append(f"Feedback: {Feedback.objects.filter(student__programme=programme).count()} given.")

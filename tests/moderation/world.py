"""A cohort with marks on the database, for the moderation pages, export and API tests.

COMP70076 (compulsory) and COMP70060 (core) have marks; `leader_a` leads COMP70076 and
`leader_b` COMP70060 (ModuleLeader rows created directly). An interrupted student's marks
are stored too, so a page that read them would show them.

COMP70076, first attempts: 72.00, 45.50, 0.00 (NS); Dijkstra MC (set aside), Liskov none.
  n 3, mean 117.50 / 3 = 39.1666… → 39.17, median 45.50, σ √(2652.1666… / 3) = 29.73…
  → 29.73; pass 72.00 | zone 45.50 | fail 0.00. The same students elsewhere: 64, 55, 38
  → 52.33; difference 39.1666… − 52.3333… = −13.1666… → −13.17.
COMP70060: 64, 55, 38, 70, 49 → 276 / 5 = 55.20.
Cohort: 117.50 + 276 = 393.50 over 8 marks → 49.1875 → 49.19.
"""

from __future__ import annotations

from decimal import Decimal

from registrar.assessment.models import Mark
from registrar.teaching.models import ModuleLeader

A, B = "COMP70076", "COMP70060"
STUDENTS = (
    ("02500001", "Ada", "Lovelace", {A: "72.00", B: "64.00"}),
    ("02500002", "Alan", "Turing", {A: "45.50", B: "55.00"}),
    ("02500003", "Grace", "Hopper", {A: "NS", B: "38.00"}),
    ("02500004", "Edsger", "Dijkstra", {A: "MC", B: "70.00"}),
    ("02500005", "Barbara", "Liskov", {B: "49.00"}),
)
INTERRUPTED = ("02500099", "Donald", "Knuth", {A: "99.00", B: "99.00"})


def store_marks(student, marks: dict[str, str]) -> None:
    for code, value in marks.items():
        flag = value if value in ("NS", "MC") else ""
        Mark.objects.create(
            student=student,
            module_code=code,
            component="",
            attempt=1,
            mark=None if flag else Decimal(value),
            flag=flag,
        )


def build(programme, make_student, account) -> dict[str, object]:
    """The cohort, its marks and one account per role; returns the accounts by role name."""
    for student_id, given, family, marks in STUDENTS:
        username = "ada" if given == "Ada" else None  # the student role: Ada, who has marks
        student = make_student(student_id, username, given_name=given, family_name=family)
        store_marks(student, marks)
    student_id, given, family, marks = INTERRUPTED
    store_marks(
        make_student(student_id, given_name=given, family_name=family, status="interrupted"),
        marks,
    )
    users = {
        role: account(role, role)
        for role in (
            "programme_lead",
            "project_supervisor",
            "administrator",
            "exam_board",
            "external_examiner",
        )
    }
    users["module_leader"] = account("leader_a", "module_leader")
    users["leader_b"] = account("leader_b", "module_leader")
    users["student"] = programme.students.get(student_id="02500001").user
    ModuleLeader.objects.create(programme=programme, module_code=A, user=users["module_leader"])
    ModuleLeader.objects.create(programme=programme, module_code=B, user=users["leader_b"])
    return users

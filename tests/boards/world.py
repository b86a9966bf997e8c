"""A small cohort for the board tests: one student for each outcome and flag a board looks for.

Marks are created as stored rows directly (the marks domain has its own tests); each
recipe says what the engine should propose and why.
"""

from __future__ import annotations

from decimal import Decimal

from registrar.assessment.models import Mark
from registrar.registrations.domain.choice import override_elective

PROJECT, WRITTEN, PAPER, ETHICS = "COMP70059", "COMP70060", "COMP70061", "COMP70076"
ELECTIVE = "COMP70010"

# student ID → (family name, elective, [(module, attempt, mark, flag)]); marks are whole-module
RECIPES: dict[str, tuple[str, str, list[tuple[str, int, str, str]]]] = {
    # POWA (75×60 + 72×10 + 74×10 + 71×5 + 70×5) / 90 = 74.06: Distinction
    "00000001": (
        "Distinction",
        ELECTIVE,
        [
            (PROJECT, 1, "75", ""),
            (WRITTEN, 1, "72", ""),
            (PAPER, 1, "74", ""),
            (ETHICS, 1, "71", ""),
            (ELECTIVE, 1, "70", ""),
        ],
    ),
    # POWA (69.10×60 + 69×30) / 90 = 69.07: Merit, within 1.00 of Distinction (borderline)
    "00000002": (
        "Borderline",
        ELECTIVE,
        [
            (PROJECT, 1, "69.10", ""),
            (WRITTEN, 1, "69", ""),
            (PAPER, 1, "69", ""),
            (ETHICS, 1, "69", ""),
            (ELECTIVE, 1, "69", ""),
        ],
    ),
    # POWA (65×60 + 90×30) / 90 = 73.33 reaches Distinction; the project 65 only Merit
    "00000003": (
        "Lowered",
        ELECTIVE,
        [
            (PROJECT, 1, "65", ""),
            (WRITTEN, 1, "90", ""),
            (PAPER, 1, "90", ""),
            (ETHICS, 1, "90", ""),
            (ELECTIVE, 1, "90", ""),
        ],
    ),
    # the elective 45 is in the compensation zone and compensated: Merit, 5 credits compensated
    "00000004": (
        "Compensated",
        ELECTIVE,
        [
            (PROJECT, 1, "65", ""),
            (WRITTEN, 1, "65", ""),
            (PAPER, 1, "65", ""),
            (ETHICS, 1, "65", ""),
            (ELECTIVE, 1, "45", ""),
        ],
    ),
    # a core module below the pass mark is never compensated: referred in COMP70060
    "00000005": (
        "Referred",
        ELECTIVE,
        [
            (PROJECT, 1, "60", ""),
            (WRITTEN, 1, "40", ""),
            (PAPER, 1, "60", ""),
            (ETHICS, 1, "60", ""),
            (ELECTIVE, 1, "60", ""),
        ],
    ),
    # COMP70076's first attempt set aside (MC), the second 60: Merit, flagged MC
    "00000006": (
        "Mitigated",
        ELECTIVE,
        [
            (PROJECT, 1, "60", ""),
            (WRITTEN, 1, "60", ""),
            (PAPER, 1, "60", ""),
            (ETHICS, 1, "", "MC"),
            (ETHICS, 2, "60", ""),
            (ELECTIVE, 1, "60", ""),
        ],
    ),
    # COMP70060 failed at both sits (30, then 35): no sit left, failed
    "00000007": (
        "Failed",
        ELECTIVE,
        [
            (PROJECT, 1, "60", ""),
            (WRITTEN, 1, "30", ""),
            (WRITTEN, 2, "35", ""),
            (PAPER, 1, "60", ""),
            (ETHICS, 1, "60", ""),
            (ELECTIVE, 1, "60", ""),
        ],
    ),
    # no mark yet for the elective: incomplete
    "00000008": (
        "Incomplete",
        ELECTIVE,
        [
            (PROJECT, 1, "60", ""),
            (WRITTEN, 1, "60", ""),
            (PAPER, 1, "60", ""),
            (ETHICS, 1, "60", ""),
        ],
    ),
}


def add_mark(student, module_code: str, attempt: int, mark: str, flag: str = "") -> Mark:
    return Mark.objects.create(
        student=student,
        module_code=module_code,
        component="",
        attempt=attempt,
        mark=Decimal(mark) if mark else None,
        flag=flag,
    )


def make_cohort(
    make_student, only: tuple[str, ...] | None = None, usernames: dict[str, str] | None = None
) -> dict[str, object]:
    """The students of RECIPES (or `only` those), registered and marked; by student ID.
    `usernames` gives some of them a student account."""
    made = {}
    for student_id, (family, elective, marks) in RECIPES.items():
        if only is not None and student_id not in only:
            continue
        username = (usernames or {}).get(student_id)
        student = make_student(student_id, username=username, family_name=family)
        override_elective(student=student, module_code=elective, actor=None, reason="test cohort")
        for module_code, attempt, mark, flag in marks:
            add_mark(student, module_code, attempt, mark, flag)
        made[student_id] = student
    return made

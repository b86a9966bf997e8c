"""The demo: the MRes programme, one account per role and a synthetic cohort of 44 students.

Everything is made through the domain functions, so the demo data has the
same audit trail as real data. Running it again keeps what is there: the
specification is published only if it changed, students are imported only
into an empty cohort, and demo passwords are reset to the ones printed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from registrar.demo.admissions import load_admissions
from registrar.demo.claims import load_claims
from registrar.demo.notices import load_notices
from registrar.demo.projects import load_projects
from registrar.demo.skills import load_skills
from registrar.demo.year_end import load_year_end
from registrar.people.domain.accounts import set_up_account
from registrar.people.domain.imports import import_students
from registrar.people.models import Role, Student, StudentStatus
from registrar.programmes.domain.versions import (
    PublishRefusedError,
    current_specification,
    publish_specification,
)
from registrar.programmes.models import Programme
from registrar.registrations.domain.choice import (
    choose_elective,
    override_elective,
    running_electives,
)
from registrar.registrations.domain.window import open_choice_window
from registrar.registrations.models import ChoiceWindow
from registrar.spec.loading import load_specification

COHORT_SIZE = 44


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    sees: str  # what the account is for in the demo, printed with the logins


ACCOUNTS = [
    DemoAccount(
        "admin",
        "admin-demo-pass",
        Role.ADMINISTRATOR,
        "everything; imports, assignments, board runs, release, transcripts; "
        "applicants' data (export, erasure)",
    ),
    DemoAccount(
        "student",
        "student-demo-pass",
        Role.STUDENT,
        "02500001: released results (Merit, elective compensated), transcript, "
        "a claim submitted, released feedback, My project",
    ),
    DemoAccount(
        "resit",
        "resit-demo-pass",
        Role.STUDENT,
        "02500007: referred in a core module; the marks still needed; a claim with the panel",
    ),
    DemoAccount(
        "chooser",
        "chooser-demo-pass",
        Role.STUDENT,
        "02500033: has not chosen an elective yet (module choice is open)",
    ),
    DemoAccount(
        "lead",
        "lead-demo-pass",
        Role.PROGRAMME_LEAD,
        "the whole cohort, moderation, the board (chair: decide and lock), the admissions report",
    ),
    DemoAccount(
        "leader",
        "leader-demo-pass",
        Role.MODULE_LEADER,
        "COMP70061, COMP70076, COMP70010 only: marks and moderation",
    ),
    DemoAccount(
        "supervisor",
        "supervisor-demo-pass",
        Role.PROJECT_SUPERVISOR,
        "23 supervisees (11 by the project allocation): project marks, meetings, proposals",
    ),
    DemoAccount(
        "industry",
        "industry-demo-pass",
        Role.PROJECT_SUPERVISOR,
        "external co-supervisor of 3 students",
    ),
    DemoAccount(
        "board",
        "board-demo-pass",
        Role.EXAM_BOARD,
        "the broadsheet, explanations; decide and lock the open resit run; claims panel",
    ),
    DemoAccount(
        "external",
        "external-demo-pass",
        Role.EXTERNAL_EXAMINER,
        "reads everything the board reads; comments and signs off",
    ),
    DemoAccount(
        "tutor",
        "tutor-demo-pass",
        Role.ADMISSIONS_TUTOR,
        "the applications queue: review, score, decide; conditions met",
    ),
    DemoAccount(
        "applicant",
        "applicant-demo-pass",
        Role.APPLICANT,
        "their own application only: a conditional offer to accept or decline",
    ),
]

# Students with a login, by their number in the cohort.
LOGINS = {1: "student", 7: "resit", 33: "chooser"}

GIVEN = [
    "Amara",
    "Ben",
    "Chen",
    "Dara",
    "Elif",
    "Farah",
    "Gabriel",
    "Hana",
    "Ilya",
    "Jonah",
    "Kavya",
    "Luca",
    "Maya",
    "Nikhil",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Viktor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
FAMILY = [
    "Adeyemi",
    "Brown",
    "Costa",
    "Dubois",
    "Evans",
    "Fischer",
    "Garcia",
    "Huang",
    "Ivanova",
    "Jones",
    "Kaur",
    "Lopez",
    "Mensah",
    "Nakamura",
    "Okafor",
    "Patel",
    "Rossi",
    "Singh",
    "Tanaka",
    "Umar",
    "Volkov",
    "Wang",
    "Yilmaz",
    "Zhang",
]


def cohort_csv(size: int = COHORT_SIZE, seed: int = 2025) -> str:
    """A synthetic cohort as an import CSV; student 1 is the demo student's record."""
    rng = random.Random(seed)
    lines = ["student_id,given_name,family_name,email,status,username"]
    for n in range(1, size + 1):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        status = StudentStatus.ENROLLED
        if n in (41, 42):
            status = StudentStatus.INTERRUPTED
        elif n == 43:
            status = StudentStatus.WITHDRAWN
        username = LOGINS.get(n, "")
        email = f"{given}.{family}{n:02d}@example.ac.uk".lower()
        lines.append(f"025{n:05d},{given},{family},{email},{status},{username}")
    return "\n".join(lines) + "\n"


def _cohort(programme: Programme, out: list[str]) -> None:
    import_students(programme=programme, text=cohort_csv(), file="demo-cohort.csv", actor=None)
    students = list(Student.objects.filter(programme=programme).order_by("student_id"))
    electives = [m.code for m in running_electives(current_specification(programme))]
    rng = random.Random(7)
    # Students 2-29 have chosen; 30-32 were set by the registry; 33-40 have not chosen yet;
    # student 1 (the demo student) has not chosen either: the registry sets it (year_end.py).
    for student in students[1:29]:
        choose_elective(student=student, module_code=rng.choice(electives), actor=student.user)
    reasons = [
        "timetable clash with a research placement, agreed with the programme lead",
        "prerequisite taken elsewhere; module leader agreed a substitute",
        "late arrival (visa); elective assigned by the programme lead",
    ]
    for student, reason in zip(students[29:32], reasons, strict=True):
        override_elective(
            student=student, module_code=rng.choice(electives), reason=reason, actor=None
        )
    out.append(f"Demo cohort: {len(students)} students imported into {programme}.")


@transaction.atomic
def load_demo(spec_path: Path) -> list[str]:
    """Load or refresh the demo; returns lines to print (including the demo passwords)."""
    out: list[str] = []
    users = {}
    for account in ACCOUNTS:
        users[account.username] = set_up_account(
            username=account.username, role=account.role, password=account.password, actor=None
        )
    admin = users["admin"]
    try:
        version = publish_specification(actor=admin, path=spec_path, note="Loaded by the demo")
        out.append(f"Published {version}.")
    except PublishRefusedError:
        out.append(f"Specification {spec_path} unchanged since the last version.")
    spec = load_specification(spec_path)
    programme = Programme.objects.get(code=spec.programme.code, cohort=spec.year)
    if not ChoiceWindow.objects.filter(programme=programme).exists():
        open_choice_window(programme=programme, actor=admin)
        out.append("Module choice opened.")
    if Student.objects.filter(programme=programme).exists():
        out.append(f"Demo cohort kept: {programme.students.count()} students in {programme}.")
    else:
        _cohort(programme, out)
    load_year_end(programme, users, out)
    load_skills(programme, admin, out)
    load_claims(programme, users, out)
    load_projects(programme, users, out)
    load_admissions(programme, out)
    load_notices(programme, admin, out)
    out.append("")
    out.append("Demo accounts (username / password / role):")
    for account in ACCOUNTS:
        out.append(f"  {account.username:<11} {account.password:<21} {account.role.label}")
        out.append(f"  {'':<11} {'':<21} sees: {account.sees}")
    return out

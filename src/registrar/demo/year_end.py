"""The demo's year's end: teaching assigned, marks entered, a first board decided, locked and
released, resits entered, and a resit board open for the board to decide.

Everything goes through the domain functions, so the demo's ledger is what real
use would write. It runs once per database: a cohort that has a board run is kept.
"""

from __future__ import annotations

from typing import Any

from registrar.assessment.domain.imports import import_upload
from registrar.boards.domain.decisions import decide
from registrar.boards.domain.examiners import comment, sign_off
from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.release import release_results
from registrar.boards.domain.runs import run_board
from registrar.boards.models import BoardRun
from registrar.demo.marks import PROFILES, Row, marks_text, profile_for
from registrar.people.models import Student, StudentStatus
from registrar.programmes.models import Programme
from registrar.registrations.domain.choice import chosen_electives, override_elective
from registrar.registrations.models import Category
from registrar.teaching.domain.assignments import assign_module_leader, assign_supervisor

# The demo module leader's modules, and the students the demo supervisors supervise.
LED = ("COMP70061", "COMP70076", "COMP70010")
SUPERVISED = 12  # the first twelve students, by ID
CO_SUPERVISED = 3  # of whom the first three also have an industry co-supervisor
INDUSTRY = "Example Robotics Ltd"
DEMO_ELECTIVE = "COMP70010"  # the demo student's elective, set by the registry
UPLIFT_REASON = (
    "borderline: consistent Distinction-level work in the core modules; the board used its "
    "discretion and the external examiner agreed"
)


def _electives(students: list[Student]) -> dict[str, str]:
    codes = {}
    for student in students:
        chosen = [r for r in chosen_electives(student) if r.category == Category.ELECTIVE]
        if chosen:
            codes[student.student_id] = chosen[0].module_code
    return codes


def _first_marks(
    students: list[Student], electives: dict[str, str]
) -> tuple[list[tuple[str, Row]], list[tuple[str, Row]], dict[str, str]]:
    """The first board's rows, the resit rows, and each student's profile name."""
    first: list[tuple[str, Row]] = []
    resits: list[tuple[str, Row]] = []
    profiles: dict[str, str] = {}
    with_elective = [s for s in students if s.student_id in electives]
    for index, student in enumerate(with_elective):
        profile = profile_for(index)
        profiles[student.student_id] = profile.name
        code = electives[student.student_id]
        first += [(student.student_id, r) for r in profile.rows(code)]
        resits += [(student.student_id, r) for r in profile.resit_rows(code)]
    # Students who have not chosen an elective yet have marks in the rest: incomplete.
    merit = PROFILES["merit"]
    for student in students:
        if student.student_id not in electives:
            profiles[student.student_id] = "no elective"
            first += [(student.student_id, r) for r in merit.rows("*") if r.module_code != "*"]
    return first, resits, profiles


def _import(programme: Programme, rows: list[tuple[str, Row]], file: str, actor: Any) -> None:
    import_upload(
        programme=programme, data=marks_text(rows).encode("utf-8"), file=file, actor=actor
    )


def load_year_end(programme: Programme, users: dict[str, Any], out: list[str]) -> None:
    """Carry the demo cohort to its year's end (see the module docstring)."""
    if BoardRun.objects.filter(programme=programme).exists():
        runs = BoardRun.objects.filter(programme=programme).count()
        out.append(f"Year's end kept: {runs} board runs of {programme}.")
        return
    admin, board, external = users["admin"], users["board"], users["external"]
    demo_student = Student.objects.get(user=users["student"])
    if not chosen_electives(demo_student):
        override_elective(
            student=demo_student,
            module_code=DEMO_ELECTIVE,
            reason="chosen on paper at induction; entered by the registry",
            actor=admin,
        )
    for code in LED:
        assign_module_leader(
            programme=programme, module_code=code, user=users["leader"], actor=admin
        )
    students = list(
        Student.objects.filter(programme=programme, status=StudentStatus.ENROLLED).order_by(
            "student_id"
        )
    )
    for n, student in enumerate(students[:SUPERVISED]):
        assign_supervisor(student=student, supervisor=users["supervisor"], role="lead", actor=admin)
        if n < CO_SUPERVISED:
            assign_supervisor(
                student=student,
                supervisor=users["industry"],
                role="co",
                external=True,
                organisation=INDUSTRY,
                actor=admin,
            )
    electives = _electives(students)
    first, resits, profiles = _first_marks(students, electives)
    _import(programme, first, "demo-marks.csv", admin)
    out.append(f"Marks entered: {len(first)} rows for {len(students)} enrolled students.")

    run = run_board(programme=programme, actor=admin)
    borderline = next(s for s in students if profiles[s.student_id] == "borderline")
    decide(
        run=run,
        student=borderline,
        actor=board,
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason=UPLIFT_REASON,
    )
    comment(
        run=run,
        actor=external,
        text="Marking in the research tutorial is consistent across markers; I agree the "
        "borderline uplift.",
    )
    sign_off(run=run, actor=external, statement="I confirm the board's decisions for this run.")
    lock_board(run=run, actor=board)
    release_results(run=run, actor=admin)
    out.append(f"Board run {run.pk}: decided, signed off, locked and results released.")

    _import(programme, resits, "demo-resits.csv", admin)
    resit_run = run_board(programme=programme, actor=admin)
    out.append(
        f"Resit marks entered ({len(resits)} rows); board run {resit_run.pk} is open for the "
        "board to decide."
    )

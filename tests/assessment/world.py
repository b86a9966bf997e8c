"""A small cohort for the marks tests (assessment, cli, web): three students, their teachers."""

from __future__ import annotations

from types import SimpleNamespace

HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours\n"
AMARA, BEN, CARA = "02500001", "02500002", "02500003"


def make_cohort(programme, make_student, account) -> SimpleNamespace:
    """Amara (elective COMP70010), Ben (COMP70016) and Cara (no elective), all enrolled;
    `leader` leads COMP70010, `leader2` COMP70076, `supervisor` supervises Amara."""
    from registrar.registrations.domain.choice import override_elective
    from registrar.teaching.models import ModuleLeader, Supervision

    amara = make_student(AMARA, given_name="Amara", family_name="Adeyemi")
    ben = make_student(BEN, given_name="Ben", family_name="Brown")
    cara = make_student(CARA, given_name="Cara", family_name="Clark")
    override_elective(student=amara, module_code="COMP70010", actor=None, reason="agreed")
    override_elective(student=ben, module_code="COMP70016", actor=None, reason="agreed")
    leader = account("leader", "module_leader")
    leader2 = account("leader2", "module_leader")
    supervisor = account("supervisor", "project_supervisor")
    admin = account("registry", "administrator")
    ModuleLeader.objects.create(programme=programme, module_code="COMP70010", user=leader)
    ModuleLeader.objects.create(programme=programme, module_code="COMP70076", user=leader2)
    Supervision.objects.create(student=amara, supervisor=supervisor, role="lead")
    return SimpleNamespace(
        programme=programme,
        amara=amara,
        ben=ben,
        cara=cara,
        leader=leader,
        leader2=leader2,
        supervisor=supervisor,
        admin=admin,
    )


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "".join(f"{r}\n" for r in rows)).encode("utf-8")


def stored(**filters) -> list[tuple]:
    """The stored marks as (student, module, component, attempt, mark, flag, late, version)."""
    from registrar.assessment.models import Mark

    return [
        (
            m.student.student_id,
            m.module_code,
            m.component,
            m.attempt,
            None if m.mark is None else f"{m.mark:.2f}",
            m.flag,
            None if m.late_hours is None else f"{m.late_hours:.2f}",
            m.version,
        )
        for m in Mark.objects.filter(**filters)
        .select_related("student")
        .order_by("student__student_id", "module_code", "component", "attempt")
    ]

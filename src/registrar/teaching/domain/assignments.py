"""Who teaches and marks what: module leaders on modules, supervisors on students' projects.

The registry assigns them (page, API and admin all call these functions). The
assignments scope what staff read and mark (`people/rules.py`): a module leader
the students registered on the modules they lead, a supervisor their
supervisees. Each change writes one ledger entry with the assignment as it was
(`before`) and as it became (`after`), filed under the module and, for a
supervision, the student.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from registrar.audit.domain import record, user_of
from registrar.people.models import Role, Student
from registrar.people.rules import (
    forget_assignments,
    is_cohort_reader,
    role_of,
    visible_students,
)
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.spec.model import Module
from registrar.teaching.models import ModuleLeader, Supervision, SupervisorRole


class TeachingRefusedError(Exception):
    """A teaching assignment was refused; the message says why and what to do."""


def programme_label(programme: Programme) -> str:
    """How ledger subjects name a programme cohort: `G5ZB 2025-26`."""
    return f"{programme.code} {programme.cohort}"


def _name(user: Any) -> str:
    return str(user.get_username())


def staff_account(username: str, role: Role) -> Any:
    """The account `username` if it holds `role`, else TeachingRefusedError saying why."""
    username = username.strip()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TeachingRefusedError(
            f"there is no account {username!r}; create it with the role {role.label.lower()} first"
        )
    _check_role(user, role)
    return user


def _check_role(user: Any, role: Role) -> None:
    held = role_of(user)
    if held != role:
        holds = f"is a {held.label.lower()}" if held is not None else "has no role"
        raise TeachingRefusedError(
            f"{_name(user)} {holds}; only an account with the role {role.label.lower()} "
            f"can be assigned as {'module leader' if role == Role.MODULE_LEADER else 'supervisor'}"
        )


# Module leaders


def _leader_record(programme: Programme, module_code: str, user: Any) -> dict[str, Any]:
    return {
        "programme": programme_label(programme),
        "module_code": module_code,
        "leader": _name(user),
    }


def check_module_leader(*, programme: Programme, module_code: str, user: Any) -> Module:
    """The running module `module_code` that `user` may be assigned to lead, else
    TeachingRefusedError (not a module of the current specification, not running this
    year, not a module leader's account, or already leading it)."""
    spec = current_specification(programme)
    code = module_code.strip().upper()
    module = spec.module(code)
    if module is None:
        raise TeachingRefusedError(
            f"{code or 'an empty code'} is not a module of {programme}; "
            "choose one of the modules of the current specification"
        )
    if not module.runs_in(spec.year):
        raise TeachingRefusedError(
            f"{module.code} {module.title} is not running in {spec.year}; "
            "leaders are assigned to the modules that run"
        )
    _check_role(user, Role.MODULE_LEADER)
    if ModuleLeader.objects.filter(
        programme=programme, module_code=module.code, user=user
    ).exists():
        raise TeachingRefusedError(f"{_name(user)} already leads {module.code} {module.title}")
    return module


@transaction.atomic
def assign_module_leader(
    *, programme: Programme, module_code: str, user: Any, actor: Any
) -> ModuleLeader:
    """Assign `user` (a module leader's account) to lead `module_code` of `programme`.

    Refuses (TeachingRefusedError) unless the module is a running module of the
    current specification, the account holds the role module leader, and it does
    not lead the module already. A module may have several leaders.
    Side effects: one ModuleLeader row; one audit entry `teaching.leader_assigned`
    (after: programme, module_code, leader; filed under the module).
    """
    module = check_module_leader(programme=programme, module_code=module_code, user=user)
    try:
        with transaction.atomic():
            leader = ModuleLeader.objects.create(
                programme=programme, module_code=module.code, user=user, assigned_by=user_of(actor)
            )
    except IntegrityError as clash:  # a concurrent assignment of the same leader
        raise TeachingRefusedError(
            f"{_name(user)} already leads {module.code} {module.title}"
        ) from clash
    forget_assignments(user)
    record(
        actor=actor,
        action="teaching.leader_assigned",
        subject=f"{programme_label(programme)} {module.code}",
        after=_leader_record(programme, module.code, user),
        module_code=module.code,
    )
    return leader


@transaction.atomic
def unassign_module_leader(*, leader: ModuleLeader, actor: Any) -> None:
    """Remove the module leader assignment `leader`.

    Side effects: deletes the ModuleLeader row; one audit entry
    `teaching.leader_unassigned` (before: programme, module_code, leader; filed under
    the module).
    """
    locked = ModuleLeader.objects.select_for_update().filter(pk=leader.pk).first()
    if locked is None:
        raise TeachingRefusedError(
            f"{_name(leader.user)} no longer leads {leader.module_code}; nothing to remove"
        )
    before = _leader_record(locked.programme, locked.module_code, locked.user)
    locked.delete()
    forget_assignments(leader.user)
    forget_assignments(locked.user)
    record(
        actor=actor,
        action="teaching.leader_unassigned",
        subject=f"{programme_label(locked.programme)} {locked.module_code}",
        before=before,
        module_code=locked.module_code,
    )


# Supervisors


def _project_code(student: Student) -> str:
    return current_specification(student.programme).award.project_module or ""


def _supervision_record(supervision: Supervision) -> dict[str, Any]:
    return {
        "student_id": supervision.student.student_id,
        "supervisor": _name(supervision.supervisor),
        "role": supervision.role,
        "external": supervision.external,
        "organisation": supervision.organisation,
    }


def check_supervisor(
    *, student: Student, supervisor: Any, role: str, external: bool = False, organisation: str = ""
) -> tuple[SupervisorRole, str]:
    """The role and organisation with which `supervisor` may be assigned to `student`,
    else TeachingRefusedError saying why."""
    if role not in SupervisorRole.values:
        raise TeachingRefusedError(
            f"{role!r} is not a supervisor role; use lead (the supervisor) or co (a co-supervisor)"
        )
    kind = SupervisorRole(role)
    organisation = organisation.strip()
    _check_role(supervisor, Role.PROJECT_SUPERVISOR)
    if external and kind == SupervisorRole.LEAD:
        raise TeachingRefusedError(
            "an external supervisor can only be a co-supervisor; assign them with role co "
            "and give the college's supervisor as lead"
        )
    if external and not organisation:
        raise TeachingRefusedError(
            "an external co-supervisor needs their organisation (e.g. the company they work for)"
        )
    if organisation and not external:
        raise TeachingRefusedError(
            "an organisation is recorded only for an external co-supervisor; "
            "tick external or leave the organisation empty"
        )
    existing = Supervision.objects.filter(student=student).select_related("supervisor")
    for other in existing:
        if other.supervisor_id == supervisor.pk:
            raise TeachingRefusedError(
                f"{_name(supervisor)} already supervises {student.student_id} "
                f"({other.get_role_display().lower()}); remove them first to change the role"
            )
    if kind == SupervisorRole.LEAD:
        lead = next((s for s in existing if s.role == SupervisorRole.LEAD), None)
        if lead is not None:
            raise TeachingRefusedError(
                f"{student.student_id} already has a supervisor, {_name(lead.supervisor)}; "
                "a student has at most one: remove them first, or add this one as co-supervisor"
            )
    return kind, organisation


@transaction.atomic
def assign_supervisor(
    *,
    student: Student,
    supervisor: Any,
    role: str,
    actor: Any,
    external: bool = False,
    organisation: str = "",
) -> Supervision:
    """Assign `supervisor` (a project supervisor's account) to `student`'s research project.

    `role` is `lead` (the supervisor; at most one per student) or `co` (a
    co-supervisor; any number). A co-supervisor may be `external` to the college,
    with their `organisation`. Refuses (TeachingRefusedError) a wrong role or
    account, a second lead, an external lead, an external without organisation (or
    an organisation without external), or a supervisor already assigned.
    Side effects: one Supervision row; one audit entry `teaching.supervisor_assigned`
    (after: student_id, supervisor, role, external, organisation; filed under the
    student and the project module).
    """
    Student.objects.select_for_update().filter(pk=student.pk).first()
    kind, organisation = check_supervisor(
        student=student,
        supervisor=supervisor,
        role=role,
        external=external,
        organisation=organisation,
    )
    try:
        with transaction.atomic():
            supervision = Supervision.objects.create(
                student=student,
                supervisor=supervisor,
                role=kind,
                external=external,
                organisation=organisation,
                assigned_by=user_of(actor),
            )
    except IntegrityError as clash:  # the database's one-lead rule, under a concurrent change
        raise TeachingRefusedError(
            f"{student.student_id} already has a supervisor in this role; reload and try again"
        ) from clash
    forget_assignments(supervisor)
    record(
        actor=actor,
        action="teaching.supervisor_assigned",
        subject=student.student_id,
        after=_supervision_record(supervision),
        student_id=student.student_id,
        module_code=_project_code(student),
    )
    return supervision


@transaction.atomic
def unassign_supervisor(*, supervision: Supervision, actor: Any) -> None:
    """Remove the supervision `supervision`.

    Side effects: deletes the Supervision row; one audit entry
    `teaching.supervisor_unassigned` (before: the supervision; filed under the student
    and the project module).
    """
    locked = (
        Supervision.objects.select_for_update()
        .select_related("student__programme", "supervisor")
        .filter(pk=supervision.pk)
        .first()
    )
    if locked is None:
        raise TeachingRefusedError(
            f"{_name(supervision.supervisor)} no longer supervises "
            f"{supervision.student.student_id}; nothing to remove"
        )
    before = _supervision_record(locked)
    student = locked.student
    locked.delete()
    forget_assignments(supervision.supervisor)
    forget_assignments(locked.supervisor)
    record(
        actor=actor,
        action="teaching.supervisor_unassigned",
        subject=student.student_id,
        before=before,
        student_id=student.student_id,
        module_code=_project_code(student),
    )


# Reading: what each user sees of the assignments


@dataclass(frozen=True)
class ModuleTeaching:
    module: Module
    leaders: list[ModuleLeader]


@dataclass(frozen=True)
class StudentTeaching:
    student: Student
    supervisions: list[Supervision]


@dataclass(frozen=True)
class Teaching:
    """The assignments of one programme cohort that a user may see.

    `shows_modules` / `shows_students`: whether the user sees that part at all (a
    module leader sees no supervisions, a supervisor no module leaders).
    """

    programme: Programme
    modules: list[ModuleTeaching]
    students: list[StudentTeaching]
    shows_modules: bool
    shows_students: bool


def _lead_first(supervision: Supervision) -> tuple[bool, str]:
    return (supervision.role != SupervisorRole.LEAD, _name(supervision.supervisor))


def teaching_of(programme: Programme, user: Any) -> Teaching:
    """The programme's running modules with their leaders and its students with their
    supervisors, as `user` may see them: the whole cohort for the registry, the
    programme lead, the board and the external examiner; a module leader the modules
    they lead; a supervisor their supervisees. Writes nothing."""
    spec = current_specification(programme)
    whole = is_cohort_reader(user)
    role = role_of(user)
    leaders = list(ModuleLeader.objects.filter(programme=programme).select_related("user"))
    by_module: dict[str, list[ModuleLeader]] = {}
    for leader in leaders:
        by_module.setdefault(leader.module_code, []).append(leader)
    led = {x.module_code for x in leaders if x.user_id == user.pk}
    modules = [
        ModuleTeaching(m, by_module.get(m.code, []))
        for m in spec.running_modules()
        if whole or (role == Role.MODULE_LEADER and m.code in led)
    ]
    students: list[StudentTeaching] = []
    shows_students = whole or role == Role.PROJECT_SUPERVISOR
    if shows_students:
        found = (
            visible_students(user)
            .filter(programme=programme)
            .prefetch_related("supervisions__supervisor")
        )
        students = [
            StudentTeaching(s, sorted(s.supervisions.all(), key=_lead_first)) for s in found
        ]
    return Teaching(
        programme,
        modules,
        students,
        shows_modules=whole or role == Role.MODULE_LEADER,
        shows_students=shows_students,
    )


def accounts_with(role: Role) -> Any:
    """The active accounts holding `role`: who may be assigned as leader or supervisor."""
    return get_user_model().objects.filter(account__role=role, is_active=True).order_by("username")

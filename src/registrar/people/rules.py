"""Who may do what: named predicates, combined in one table; and which records each user sees.

Every page and API endpoint asks `can(user, permission, obj)`; nothing else
decides access. Lists are narrowed by `visible_students(user)`, the same rule
as `view_student` applied to a query. Tests check the table for every role
against every page and endpoint (tests/web/test_permission_matrix.py).

Scoping: a module leader sees the students registered on the modules they lead
(`teaching.ModuleLeader`), a project supervisor their supervisees
(`teaching.Supervision`); the registry, the programme lead, the board and the
external examiner see the whole cohort.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from registrar.people.models import Role, Student

Predicate = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class ModuleRef:
    """A module of one programme cohort: what module pages and mark entry are about."""

    programme_id: int
    module_code: str


@dataclass(frozen=True)
class MarkTarget:
    """A mark to enter: a student's module (and component, "" for the whole module)."""

    student: Student
    module_code: str
    component: str = ""


def role_of(user: Any) -> Role | None:
    if user is None or not user.is_authenticated:
        return None
    account = getattr(user, "account", None)
    return Role(account.role) if account is not None else None


def _has_role(*roles: Role) -> Predicate:
    def predicate(user: Any, obj: Any = None) -> bool:
        return role_of(user) in roles

    predicate.__name__ = "is_" + "_or_".join(r.value for r in roles)
    return predicate


is_signed_in: Predicate = lambda user, obj=None: role_of(user) is not None  # noqa: E731
is_student = _has_role(Role.STUDENT)
is_administrator = _has_role(Role.ADMINISTRATOR)
is_marker = _has_role(Role.ADMINISTRATOR, Role.MODULE_LEADER, Role.PROJECT_SUPERVISOR)
# Roles that read the whole cohort.
is_cohort_reader = _has_role(
    Role.ADMINISTRATOR, Role.PROGRAMME_LEAD, Role.EXAM_BOARD, Role.EXTERNAL_EXAMINER
)
is_staff_reader = _has_role(
    Role.ADMINISTRATOR,
    Role.PROGRAMME_LEAD,
    Role.MODULE_LEADER,
    Role.PROJECT_SUPERVISOR,
    Role.EXAM_BOARD,
    Role.EXTERNAL_EXAMINER,
)
is_board_reader = _has_role(
    Role.ADMINISTRATOR, Role.PROGRAMME_LEAD, Role.EXAM_BOARD, Role.EXTERNAL_EXAMINER
)
is_board_decider = _has_role(Role.PROGRAMME_LEAD, Role.EXAM_BOARD)
is_board_runner = _has_role(Role.ADMINISTRATOR, Role.PROGRAMME_LEAD)
is_external_examiner = _has_role(Role.EXTERNAL_EXAMINER)
# Roles whose work the API scripts: imports, marks uploads, board runs and release. Students,
# the board's members and the external examiner act one record at a time on the pages.
is_script_user = _has_role(
    Role.ADMINISTRATOR, Role.PROGRAMME_LEAD, Role.MODULE_LEADER, Role.PROJECT_SUPERVISOR
)


def is_the_student(user: Any, obj: Any = None) -> bool:
    """The user is the student whose record `obj` is."""
    return (
        is_student(user)
        and isinstance(obj, Student)
        and obj.user_id is not None
        and obj.user_id == user.pk
    )


# A user object lives for one request (or one command), and a marks sheet asks `leads` once
# per cell: the assignments are read once per user object and kept on it. The assignment
# functions drop the copy on the object they change (`forget_assignments`).
_LED = "_registrar_led_modules"
_SUPERVISED = "_registrar_supervisees"


def forget_assignments(user: Any) -> None:
    """Drop what `leads` and `supervises` remembered on this user object."""
    for name in (_LED, _SUPERVISED):
        user.__dict__.pop(name, None)


def leads(user: Any, programme_id: int, module_code: str) -> bool:
    """`user` is a module leader assigned to the module."""
    from registrar.teaching.models import ModuleLeader

    if role_of(user) != Role.MODULE_LEADER:
        return False
    led = user.__dict__.get(_LED)
    if led is None:
        led = set(ModuleLeader.objects.filter(user=user).values_list("programme_id", "module_code"))
        user.__dict__[_LED] = led
    return (programme_id, module_code) in led


def supervises(user: Any, student: Student) -> bool:
    """`user` is a project supervisor (lead or co-supervisor) of `student`."""
    from registrar.teaching.models import Supervision

    if role_of(user) != Role.PROJECT_SUPERVISOR:
        return False
    supervised = user.__dict__.get(_SUPERVISED)
    if supervised is None:
        supervised = set(
            Supervision.objects.filter(supervisor=user).values_list("student_id", flat=True)
        )
        user.__dict__[_SUPERVISED] = supervised
    return student.pk in supervised


def visible_students(user: Any) -> QuerySet[Student]:
    """The student records `user` may read: the whole cohort, their own, or those they teach."""
    from registrar.registrations.models import Registration
    from registrar.teaching.models import ModuleLeader, Supervision

    role = role_of(user)
    students = Student.objects.all()
    if is_cohort_reader(user):
        return students
    if role == Role.STUDENT:
        return students.filter(user=user)
    if role == Role.MODULE_LEADER:
        led = ModuleLeader.objects.filter(
            user=user, programme=OuterRef("student__programme"), module_code=OuterRef("module_code")
        )
        taught = Registration.objects.filter(student=OuterRef("pk")).filter(Exists(led))
        return students.filter(Exists(taught))
    if role == Role.PROJECT_SUPERVISOR:
        return students.filter(
            Exists(Supervision.objects.filter(student=OuterRef("pk"), supervisor=user))
        )
    return students.none()


def may_read_student(user: Any, obj: Any = None) -> bool:
    """Staff who read `obj` (a Student): the cohort readers, its module leaders, its supervisors."""
    if not isinstance(obj, Student):
        return False
    if is_cohort_reader(user):
        return True
    return visible_students(user).filter(pk=obj.pk).exists() and is_staff_reader(user)


def may_enter_mark(user: Any, obj: Any = None) -> bool:
    """The registry any mark; a leader their modules'; a supervisor their supervisees' project.

    Without an object: whether the role enters marks at all (for the marks pages).
    """
    if obj is None:
        return is_marker(user)
    if not isinstance(obj, MarkTarget):
        return False
    if is_administrator(user):
        return True
    if leads(user, obj.student.programme_id, obj.module_code):
        return True
    if role_of(user) == Role.PROJECT_SUPERVISOR:
        from registrar.programmes.domain.versions import current_specification

        project = current_specification(obj.student.programme).award.project_module
        return obj.module_code == project and supervises(user, obj.student)
    return False


def may_read_module(user: Any, obj: Any = None) -> bool:
    """Moderation and a module's history: the leader of the module, the programme lead, the
    board, the external examiner and the registry. Without an object: whether the role may."""
    if is_board_reader(user):
        return True
    if obj is None:
        return role_of(user) == Role.MODULE_LEADER
    return isinstance(obj, ModuleRef) and leads(user, obj.programme_id, obj.module_code)


def may_read_claim(user: Any, obj: Any = None) -> bool:
    """A mitigating-circumstances claim and its evidence: the student who made it, the
    registry, and the exam-board members of the panel it was routed to."""
    from registrar.claims.models import Claim

    if not isinstance(obj, Claim):
        return False
    if is_administrator(user):
        return True
    if is_student(user):
        return obj.student.user_id is not None and obj.student.user_id == user.pk
    return role_of(user) == Role.EXAM_BOARD and obj.panel.filter(pk=user.pk).exists()


def may_decide_claim(user: Any, obj: Any = None) -> bool:
    """A member of the claim's panel (the exam board: there is no separate panel role).
    Without an object: whether the role sits on panels at all (the claims pages)."""
    if obj is None:
        return role_of(user) == Role.EXAM_BOARD
    return role_of(user) == Role.EXAM_BOARD and may_read_claim(user, obj)


def may_read_feedback(user: Any, obj: Any = None) -> bool:
    """Feedback on a mark: its student once the mark is released; whoever may enter the mark."""
    from registrar.assessment.models import Feedback

    if not isinstance(obj, Feedback):
        return False
    if is_the_student(user, obj.student):
        from registrar.assessment.domain.feedback import is_released

        return is_released(obj)
    return may_enter_mark(user, MarkTarget(obj.student, obj.module_code, obj.component))


def may_edit_proposal(user: Any, obj: Any = None) -> bool:
    """The registry any proposal; a supervisor the ones they publish (without an object:
    whether the role publishes proposals at all)."""
    if is_administrator(user):
        return True
    if role_of(user) != Role.PROJECT_SUPERVISOR:
        return False
    return obj is None or getattr(obj, "supervisor_id", None) == user.pk


def is_named_supervisor(user: Any, obj: Any = None) -> bool:
    """`user` is the supervisor a student's own proposal `obj` names."""
    return (
        role_of(user) == Role.PROJECT_SUPERVISOR
        and getattr(obj, "student_id", None) is not None
        and getattr(obj, "supervisor_id", None) == user.pk
    )


def may_log_meeting(user: Any, obj: Any = None) -> bool:
    """The student themself, or one of their supervisors (`obj`: the Student)."""
    return is_the_student(user, obj) or (isinstance(obj, Student) and supervises(user, obj))


def may_read_meetings(user: Any, obj: Any = None) -> bool:
    """A student's meetings: the student, their supervisors, the registry and the programme
    lead (without an object: whether the role reads anyone's supervision)."""
    if is_administrator(user) or role_of(user) == Role.PROGRAMME_LEAD:
        return True
    if obj is None:
        return role_of(user) == Role.PROJECT_SUPERVISOR
    return may_log_meeting(user, obj)


is_applicant = _has_role(Role.APPLICANT)
is_admissions_tutor = _has_role(Role.ADMISSIONS_TUTOR)


def is_the_applicant(user: Any, obj: Any = None) -> bool:
    """The user is the applicant whose application `obj` is (or, with no object, an applicant)."""
    from registrar.admissions.models import Application

    if obj is None:
        return is_applicant(user)
    return is_applicant(user) and isinstance(obj, Application) and obj.applicant_id == user.pk


def may_review_application(user: Any, obj: Any = None) -> bool:
    """The admissions tutors, once it is submitted: a draft is the applicant's alone."""
    return is_admissions_tutor(user) and (obj is None or obj.status != "draft")


def may_edit_application(user: Any, obj: Any = None) -> bool:
    """Only the applicant, and only while it is a draft."""
    return is_the_applicant(user, obj) and (obj is None or obj.status == "draft")


def may_answer_offer(user: Any, obj: Any = None) -> bool:
    return is_the_applicant(user, obj) and (obj is None or obj.status == "offered")


def may_export_application(user: Any, obj: Any = None) -> bool:
    """An applicant's data: the applicant their own; the admissions tutors any submitted
    one; the registry any (a subject access request comes to it)."""
    return (
        is_administrator(user) or is_the_applicant(user, obj) or may_review_application(user, obj)
    )


def any_of(*predicates: Predicate) -> Predicate:
    def predicate(user: Any, obj: Any = None) -> bool:
        return any(p(user, obj) for p in predicates)

    return predicate


PERMISSIONS: dict[str, Predicate] = {
    # Everyone with a role reads the published specification of the programme.
    "view_programme": is_signed_in,
    # A student sees their own record, and only theirs; staff read the records they need.
    "view_own_record": is_student,
    "view_students": is_staff_reader,
    "view_student": any_of(may_read_student, is_the_student),
    # History (the ledger) of a student: the staff who read the record; never the student,
    # whose history would show marks before their release.
    "view_student_history": may_read_student,
    # Only the student chooses (or withdraws) their own elective, inside the window.
    "choose_elective": is_the_student,
    # The registry runs the year: window, overrides, imports, versions, assignments.
    "override_elective": is_administrator,
    "manage_choice_window": is_administrator,
    # Who chose which elective is about the whole cohort: the cohort readers only.
    "view_choice_window": is_cohort_reader,
    "import_students": is_administrator,
    # Professional skills completions: the registry records them (the cohort page, an
    # import); a student reads their own on their record, staff on the records they read.
    "record_skills": is_administrator,
    "publish_specification": is_administrator,
    "assign_teaching": is_administrator,
    "view_teaching": is_staff_reader,
    "use_django_admin": is_administrator,
    "manage_own_tokens": is_script_user,
    # Marks: entered by the registry, module leaders (their modules) and supervisors
    # (their supervisees' project components); a module's distribution and history.
    "enter_marks": may_enter_mark,
    "view_module": may_read_module,
    # The exam board: the registry and the programme lead run it; the board and the
    # programme lead (its chair) decide and lock; the external examiner reads, comments
    # and signs off; the registry releases the results.
    "run_board": is_board_runner,
    "view_board": is_board_reader,
    "decide_board": is_board_decider,
    "lock_board": is_board_decider,
    "comment_board": is_external_examiner,
    "release_results": is_administrator,
    # A student's own released results and transcript; the registry issues transcripts.
    "view_own_results": is_student,
    "view_transcript": any_of(is_administrator, is_the_student),
    # Notices: each person reads those addressed to them; the registry and the programme
    # lead read every notice sent for a cohort, and the registry sends reminders.
    "view_own_notices": is_signed_in,
    "view_programme_notices": is_board_runner,
    "send_reminders": is_administrator,
    # Mitigating circumstances: a student submits their own claims; the registry routes
    # each to a panel of exam-board members, who decide it. A claim and its evidence are
    # read by the student, the registry and that panel only.
    "submit_claim": is_student,
    "view_claims": any_of(is_student, is_administrator, _has_role(Role.EXAM_BOARD)),
    "view_claim": may_read_claim,
    "view_claim_evidence": may_read_claim,
    "route_claim": is_administrator,
    "decide_claim": may_decide_claim,
    # Feedback: whoever enters a mark leaves its feedback; the student reads it on release.
    "give_feedback": may_enter_mark,
    "view_feedback": may_read_feedback,
    "view_own_feedback": is_student,
    # Research projects (docs/projects.md). Proposals are read by everyone signed in (a
    # student sees the open ones and their own); supervisors publish theirs, the registry
    # any (on behalf of external co-supervisors); the named supervisor accepts or declines
    # a student's own proposal.
    "view_proposals": any_of(is_student, is_staff_reader),  # not applicants or tutors
    "publish_proposal": may_edit_proposal,
    "edit_proposal": may_edit_proposal,
    "decide_own_proposal": is_named_supervisor,
    "rank_proposals": is_the_student,
    # The registry opens the window, runs, adjusts and confirms the allocation; the
    # programme lead reads it.
    "manage_proposal_window": is_administrator,
    "run_allocation": is_administrator,
    "view_allocation": is_board_runner,
    "view_own_project": is_student,
    # Supervision meetings: the student and their supervisors log them; the registry and
    # the programme lead read them too. Co-supervisors are added by the registry.
    "log_meeting": may_log_meeting,
    "view_meetings": may_read_meetings,
    "add_co_supervisor": is_administrator,
    # The progress review: the programme lead convenes and records it; the registry reads.
    "convene_review": _has_role(Role.PROGRAMME_LEAD),
    "view_reviews": is_board_runner,
    # Admissions: an applicant their own application (its documents too) and no other; the
    # admissions tutors every application, to review and decide. A referee has no account:
    # their private link is the permission (admissions/domain/referees.py).
    "apply": is_applicant,
    "view_application": any_of(is_the_applicant, may_review_application),
    "edit_application": may_edit_application,
    "answer_offer": may_answer_offer,
    "review_applications": is_admissions_tutor,
    "decide_application": is_admissions_tutor,
    # Privacy: an applicant's data exported as one archive (their own; the tutors; the
    # registry); the registry erases it after the retention period. Reports (counts only,
    # nothing personal): the programme lead and the registry.
    "export_application": may_export_application,
    "erase_applications": is_administrator,
    "view_admissions_report": is_board_runner,
}


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """Whether `user` holds `permission` (on `obj`, where it depends on one)."""
    return PERMISSIONS[permission](user, obj)

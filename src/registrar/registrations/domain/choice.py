"""Registering modules: core and compulsory automatically, one elective by choice.

The rule comes from the specification's stage selection ("Choose exactly ONE
module from the elective modules"): these functions are the only path by which
a registration is made, whether from a page, the API, the admin or the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from registrar.assessment.domain import bulk
from registrar.audit.chain import HASHED
from registrar.audit.domain import chained, record, user_of
from registrar.audit.models import AuditEntry
from registrar.people.models import Student, StudentStatus
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.registrations.models import Category, ChoiceWindow, How, Registration
from registrar.spec.model import Category as SpecCategory
from registrar.spec.model import Module, Specification


class ChoiceRefusedError(Exception):
    """A registration change was refused; the message says why and what to do."""


def _lost_race(student: Student) -> ChoiceRefusedError:
    return ChoiceRefusedError(
        f"{student.student_id}'s elective was changed by someone else at the same moment; "
        "nothing was changed: reload to see it, then try again"
    )


@contextmanager
def _elective_change(student: Student) -> Iterator[None]:
    """One change to `student`'s elective, in its own transaction with the student row locked,
    so concurrent changes (choice, withdrawal, override, import) run one after the other and
    each checks what the one before it wrote. Should one still lose (the `one_elective`
    constraint fires, or SQLite gives up waiting for its lock), it is refused, not a 500.
    """
    try:
        with transaction.atomic():
            # On SQLite, which has no row locks, the IMMEDIATE transaction (web/settings.py)
            # already holds the database's write lock: FOR UPDATE is left out there.
            locked = Student.objects.select_for_update()
            student.refresh_from_db(fields=["status"], from_queryset=locked)
            yield
    except IntegrityError as error:
        raise _lost_race(student) from error
    except OperationalError as error:
        if connection.vendor != "sqlite" or "locked" not in str(error):
            raise
        raise _lost_race(student) from error


def elective_quota(spec: Specification) -> int:
    """How many electives the stage's selection rules ask for (the MRes: exactly one)."""
    total = 0
    for stage in spec.stages:
        for rule in stage.selection:
            if rule.category == SpecCategory.ELECTIVE and isinstance(rule.choose, int):
                total += rule.choose
    return total


def running_electives(spec: Specification) -> list[Module]:
    """The running modules the elective selection rules choose among (`Specification.pool`)."""
    chosen = {
        m.code
        for stage in spec.stages
        for rule in stage.selection
        if rule.category == SpecCategory.ELECTIVE
        for m in spec.pool(rule)
    }
    return [m for m in spec.running_modules() if m.code in chosen]


def window_is_open(programme: Programme) -> bool:
    window = ChoiceWindow.objects.filter(programme=programme).first()
    return window is not None and window.is_open


_CATEGORY_ORDER = {Category.CORE: 0, Category.COMPULSORY: 1, Category.ELECTIVE: 2}


def registrations_of(student: Student) -> list[Registration]:
    """The student's registrations: core, then compulsory, then elective; by code within."""
    return sorted(
        student.registrations.all(),
        key=lambda r: (_CATEGORY_ORDER.get(Category(r.category), 9), r.module_code),
    )


def chosen_electives(student: Student) -> list[Registration]:
    return list(student.registrations.filter(category=Category.ELECTIVE))


def _elective(spec: Specification, module_code: str) -> Module:
    module = spec.module(module_code)
    if module is None:
        raise ChoiceRefusedError(f"{module_code} is not a module of {spec.programme.title}")
    if module.category != SpecCategory.ELECTIVE:
        raise ChoiceRefusedError(
            f"{module.code} {module.title} is a {module.category} module: it is registered "
            "for every student and cannot be chosen"
        )
    if not module.runs_in(spec.year):
        raise ChoiceRefusedError(
            f"{module.code} {module.title} is not running in {spec.year}; "
            "choose one of the electives that are running"
        )
    return module


def _check_student(student: Student) -> None:
    if student.status != StudentStatus.ENROLLED:
        raise ChoiceRefusedError(
            f"{student.student_id} is {student.get_status_display().lower()}, not enrolled; "
            "modules can be chosen only for enrolled students"
        )


def check_choice(student: Student, module_code: str) -> Module:
    """The elective `module_code` if `student` may choose it now, else ChoiceRefusedError."""
    spec = current_specification(student.programme)
    _check_student(student)
    module = _elective(spec, module_code)
    if not window_is_open(student.programme):
        raise ChoiceRefusedError(
            "module choice is closed for this programme; ask the programme administrator "
            "if your elective needs to change"
        )
    chosen = chosen_electives(student)
    quota = elective_quota(spec)
    if any(r.module_code == module.code for r in chosen):
        raise ChoiceRefusedError(f"you are already registered on {module.code} {module.title}")
    if len(chosen) >= quota:
        names = ", ".join(f"{r.module_code} {r.module_title}" for r in chosen)
        raise ChoiceRefusedError(
            f"you may choose exactly {quota} elective and have already chosen {names}; "
            "withdraw from it first to choose another"
        )
    return module


def check_no_marks(student: Student, module_codes: list[str]) -> None:
    """ChoiceRefusedError if `student` has marks stored in any of the electives `module_codes`:
    an elective with marks can be neither withdrawn nor replaced (the marks would belong to
    a module the student is not registered on, and no board could read them)."""
    from registrar.assessment.models import Mark

    marked = sorted(
        set(
            Mark.objects.filter(student=student, module_code__in=module_codes).values_list(
                "module_code", flat=True
            )
        )
    )
    if marked:
        raise ChoiceRefusedError(
            f"{student.student_id} has marks in {', '.join(marked)}; an elective with marks "
            "can be neither withdrawn nor replaced"
        )


def check_override(*, programme: Programme, module_code: str, reason: str) -> Module:
    """The elective an administrator may set, or ChoiceRefusedError (no reason, not an elective)."""
    if not reason.strip():
        raise ChoiceRefusedError("an override needs a reason; say why the rule is set aside")
    return _elective(current_specification(programme), module_code)


def _register(
    student: Student, module: Module, how: How, actor: Any, reason: str = ""
) -> Registration:
    """One Registration row, copying the module's code, title and category."""
    return Registration.objects.create(
        student=student,
        module_code=module.code,
        module_title=module.title,
        category=Category(module.category.value),
        how=how,
        reason=reason,
        registered_by=user_of(actor),
    )


def _registration_record(registration: Registration) -> dict[str, str]:
    """A registration as the ledger keeps it (before / after)."""
    return {
        "module_code": registration.module_code,
        "category": registration.category,
        "how": registration.how,
        "reason": registration.reason,
    }


REGISTRATION = (
    "student_id",
    "module_code",
    "module_title",
    "category",
    "how",
    "reason",
    "registered_at",
    "registered_by_id",
)


def required_modules(spec: Specification) -> list[Module]:
    """The running core and compulsory modules: every enrolled student is registered on them."""
    return [
        m
        for m in spec.running_modules()
        if m.category in (SpecCategory.CORE, SpecCategory.COMPULSORY)
    ]


@transaction.atomic
def register_required_modules_of(*, students: list[Student], actor: Any) -> None:
    """`register_required_modules` for many students of one programme at once (an import of a
    whole cohort): the same rows and ledger entries, written in a few queries.

    Side effects: one Registration per missing module (how=automatic); one audit entry
    `registration.required` per student registered on any.
    """
    if not students:
        return
    spec = current_specification(students[0].programme)
    modules = required_modules(spec)
    have = set(
        Registration.objects.filter(student__in=[s.pk for s in students]).values_list(
            "student_id", "module_code"
        )
        if len(students) <= 500
        else Registration.objects.filter(student__programme=students[0].programme).values_list(
            "student_id", "module_code"
        )
    )
    user = user_of(actor)
    now = timezone.now()
    user_id = user.pk if user is not None else None
    rows: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for student in students:
        missing = [m for m in modules if (student.pk, m.code) not in have]
        if not missing:
            continue
        rows += [
            (student.pk, m.code, m.title, m.category.value, How.AUTOMATIC.value, "", now, user_id)
            for m in missing
        ]
        codes = [m.code for m in missing]
        after = {"modules": codes, "how": How.AUTOMATIC.value}
        entries.append(
            (
                now,
                user_id,
                "registration.required",
                student.student_id,
                "",
                {"modules": codes},
                {},
                after,
                student.student_id,
                "",
            )
        )
    bulk.insert(Registration, REGISTRATION, rows)
    bulk.insert(AuditEntry, *chained(HASHED, entries))


@transaction.atomic
def register_required_modules(*, student: Student, actor: Any) -> list[Registration]:
    """Register `student` on every running core and compulsory module they lack.

    Side effects: one Registration per missing module (how=automatic); one audit
    entry `registration.required` listing them, if any were added.
    """
    spec = current_specification(student.programme)
    have = set(student.registrations.values_list("module_code", flat=True))
    added = [
        _register(student, m, How.AUTOMATIC, actor)
        for m in required_modules(spec)
        if m.code not in have
    ]
    if added:
        record(
            actor=actor,
            action="registration.required",
            subject=student.student_id,
            data={"modules": [r.module_code for r in added]},
            after={"modules": [r.module_code for r in added], "how": How.AUTOMATIC.value},
            student_id=student.student_id,
        )
    return added


def choose_elective(*, student: Student, module_code: str, actor: Any) -> Registration:
    """Register `student` on the elective `module_code`.

    Refuses (ChoiceRefusedError) unless the student is enrolled, the choice window is
    open, the module is an elective running this year, and the student has not
    yet chosen their quota of electives. Side effects: one Registration
    (how=chosen); one audit entry `elective.chosen`.
    """
    with _elective_change(student):
        module = check_choice(student, module_code)
        registration = _register(student, module, How.CHOSEN, actor)
        record(
            actor=actor,
            action="elective.chosen",
            subject=student.student_id,
            data={"module": module.code},
            after=_registration_record(registration),
            student_id=student.student_id,
            module_code=module.code,
        )
    return registration


def withdraw_elective(*, student: Student, module_code: str, actor: Any) -> None:
    """Withdraw `student` from the elective `module_code` while the window is open.

    Side effects: deletes one Registration; one audit entry `elective.withdrawn`.
    """
    with _elective_change(student):
        _check_student(student)
        registration = student.registrations.filter(
            module_code=module_code, category=Category.ELECTIVE
        ).first()
        if registration is None:
            raise ChoiceRefusedError(f"you are not registered on the elective {module_code}")
        check_no_marks(student, [module_code])
        if not window_is_open(student.programme):
            raise ChoiceRefusedError(
                "module choice is closed for this programme; ask the programme administrator "
                "if your elective needs to change"
            )
        before = _registration_record(registration)
        registration.delete()
        record(
            actor=actor,
            action="elective.withdrawn",
            subject=student.student_id,
            data={"module": module_code},
            before=before,
            student_id=student.student_id,
            module_code=module_code,
        )


def override_elective(
    *, student: Student, module_code: str, actor: Any, reason: str
) -> Registration:
    """Set `student`'s elective to `module_code` on an administrator's authority.

    The window and the student's earlier choice do not apply (the earlier
    elective is replaced); the module must still be an elective running this
    year, and a reason is required. Side effects: deletes the student's other
    elective registrations; one Registration (how=override, with the reason);
    one audit entry `elective.overridden` with the reason and what was replaced.
    """
    reason = reason.strip()
    with _elective_change(student):
        module = check_override(programme=student.programme, module_code=module_code, reason=reason)
        earlier = chosen_electives(student)
        replaced = [r.module_code for r in earlier if r.module_code != module.code]
        check_no_marks(student, replaced)
        before = _registration_record(earlier[0]) if earlier else {}
        student.registrations.filter(category=Category.ELECTIVE).delete()
        registration = _register(student, module, How.OVERRIDE, actor, reason=reason)
        record(
            actor=actor,
            action="elective.overridden",
            subject=student.student_id,
            reason=reason,
            data={"module": module.code, "replaced": replaced},
            before=before,
            after=_registration_record(registration),
            student_id=student.student_id,
            module_code=module.code,
        )
    return registration

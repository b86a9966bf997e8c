"""Who may do what: named predicates, combined in one table.

Every page and API endpoint asks `can(user, permission, obj)`; nothing else
decides access. Tests check the table for every role against every page and
endpoint (tests/web/test_permission_matrix.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from registrar.people.models import Role, Student

Predicate = Callable[[Any, Any], bool]


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
is_staff_reader = _has_role(
    Role.ADMINISTRATOR,
    Role.MODULE_LEADER,
    Role.PROJECT_SUPERVISOR,
    Role.EXAM_BOARD,
    Role.EXTERNAL_EXAMINER,
)


def is_the_student(user: Any, obj: Any = None) -> bool:
    """The user is the student whose record `obj` is."""
    return (
        is_student(user)
        and isinstance(obj, Student)
        and obj.user_id is not None
        and obj.user_id == user.pk
    )


def any_of(*predicates: Predicate) -> Predicate:
    def predicate(user: Any, obj: Any = None) -> bool:
        return any(p(user, obj) for p in predicates)

    return predicate


PERMISSIONS: dict[str, Predicate] = {
    # Everyone with a role reads the published specification of the programme.
    "view_programme": is_signed_in,
    # A student sees their own record, and only theirs; staff read every record.
    "view_own_record": is_student,
    "view_students": is_staff_reader,
    "view_student": any_of(is_staff_reader, is_the_student),
    # Only the student chooses (or withdraws) their own elective, inside the window.
    "choose_elective": is_the_student,
    # The registry runs the year: window, overrides, imports, versions.
    "override_elective": is_administrator,
    "manage_choice_window": is_administrator,
    "view_choice_window": is_staff_reader,
    "import_students": is_administrator,
    "publish_specification": is_administrator,
    "use_django_admin": is_administrator,
    "manage_own_tokens": is_signed_in,
}


def can(user: Any, permission: str, obj: Any = None) -> bool:
    """Whether `user` holds `permission` (on `obj`, where it depends on one)."""
    return PERMISSIONS[permission](user, obj)

"""The permission predicates, tested alone (the matrix test checks every page and endpoint)."""

from __future__ import annotations

import pytest

from registrar.people.rules import PERMISSIONS, can, role_of

pytestmark = pytest.mark.django_db

ROLES = [
    "student",
    "module_leader",
    "project_supervisor",
    "administrator",
    "exam_board",
    "external_examiner",
]
STAFF = {r for r in ROLES if r != "student"}

EXPECTED = {
    "view_programme": set(ROLES),
    "view_own_record": {"student"},
    "view_students": STAFF,
    "choose_elective": set(),  # only on the student's own record (below)
    "override_elective": {"administrator"},
    "manage_choice_window": {"administrator"},
    "view_choice_window": STAFF,
    "import_students": {"administrator"},
    "publish_specification": {"administrator"},
    "use_django_admin": {"administrator"},
    "manage_own_tokens": set(ROLES),
    "view_student": STAFF,  # without an object: a student's own record is checked below
}


def test_every_permission_has_an_expectation():
    assert set(PERMISSIONS) == set(EXPECTED)


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_permission_is_held_by_exactly_the_expected_roles(permission, account):
    holders = {role for role in ROLES if can(account(f"u-{role}", role), permission)}

    assert holders == EXPECTED[permission]


def test_a_student_may_see_and_choose_for_their_own_record_only(make_student, account):
    own = make_student("00000001", username="alice")
    other = make_student("00000002", username="bob")
    alice = own.user

    assert (can(alice, "view_student", own), can(alice, "view_student", other)) == (True, False)
    assert (can(alice, "choose_elective", own), can(alice, "choose_elective", other)) == (
        True,
        False,
    )
    admin = account("registry", "administrator")
    assert can(admin, "choose_elective", own) is False


def test_an_account_without_a_role_holds_nothing(django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x" * 12)

    assert role_of(user) is None
    assert [p for p in PERMISSIONS if can(user, p)] == []

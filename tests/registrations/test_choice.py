"""Choosing the elective: the one domain path, and every way it refuses."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.people.models import StudentStatus
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    choose_elective,
    override_elective,
    withdraw_elective,
)
from registrar.registrations.domain.window import close_choice_window
from registrar.registrations.models import How, Registration

pytestmark = pytest.mark.django_db


def electives(student):
    return list(
        Registration.objects.filter(student=student, category="elective").values_list(
            "module_code", "how"
        )
    )


def test_new_student_is_registered_on_core_and_compulsory_modules(make_student):
    student = make_student("00000001")

    codes = list(student.registrations.order_by("module_code").values_list("module_code", "how"))

    assert codes == [
        ("COMP70059", How.AUTOMATIC),
        ("COMP70060", How.AUTOMATIC),
        ("COMP70061", How.AUTOMATIC),
        ("COMP70076", How.AUTOMATIC),
    ]


def test_choose_elective_registers_it_and_writes_an_audit_entry(make_student, open_window):
    student = make_student("00000001")

    choose_elective(student=student, module_code="COMP70010", actor=None)

    assert electives(student) == [("COMP70010", How.CHOSEN)]
    entry = AuditEntry.objects.get(action="elective.chosen")
    assert (entry.subject, entry.data) == ("00000001", {"module": "COMP70010"})


def test_choose_elective_refuses_second_elective(make_student, open_window):
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70016", actor=None)

    assert str(refused.value) == (
        "you may choose exactly 1 elective and have already chosen COMP70010 Deep Learning; "
        "withdraw from it first to choose another"
    )
    assert electives(student) == [("COMP70010", How.CHOSEN)]


def test_choose_elective_refuses_outside_the_window(make_student, programme):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70010", actor=None)

    assert str(refused.value) == (
        "module choice is closed for this programme; ask the programme administrator "
        "if your elective needs to change"
    )
    assert electives(student) == []


def test_choose_elective_refuses_after_the_window_closes(make_student, open_window, programme):
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)
    close_choice_window(programme=programme, actor=None)

    with pytest.raises(ChoiceRefusedError):
        withdraw_elective(student=student, module_code="COMP70010", actor=None)

    assert electives(student) == [("COMP70010", How.CHOSEN)]


def test_choose_elective_refuses_a_module_not_running(make_student, open_window):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70101", actor=None)

    assert str(refused.value) == (
        "COMP70101 Human-Robot Interaction is not running in 2025-26; "
        "choose one of the electives that are running"
    )


def test_choose_elective_refuses_a_core_module(make_student, open_window):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70061", actor=None)

    assert str(refused.value) == (
        "COMP70061 Research Tutorial is a core module: it is registered for every student "
        "and cannot be chosen"
    )


def test_choose_elective_refuses_an_unknown_module(make_student, open_window):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP99999", actor=None)

    assert str(refused.value) == "COMP99999 is not a module of MRes AI and Machine Learning"


def test_choose_elective_refuses_a_student_who_is_not_enrolled(make_student, open_window):
    student = make_student("00000001", status=StudentStatus.INTERRUPTED)

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70010", actor=None)

    assert str(refused.value) == (
        "00000001 is interrupted, not enrolled; modules can be chosen only for enrolled students"
    )


def test_withdraw_then_choose_another_inside_the_window(make_student, open_window):
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)

    withdraw_elective(student=student, module_code="COMP70010", actor=None)
    choose_elective(student=student, module_code="COMP70016", actor=None)

    assert electives(student) == [("COMP70016", How.CHOSEN)]
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions[-3:] == ["elective.chosen", "elective.withdrawn", "elective.chosen"]


def test_override_requires_a_reason(make_student):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError) as refused:
        override_elective(student=student, module_code="COMP70010", reason="  ", actor=None)

    assert str(refused.value) == "an override needs a reason; say why the rule is set aside"
    assert electives(student) == []
    assert not AuditEntry.objects.filter(action="elective.overridden").exists()


def test_override_replaces_the_elective_with_the_window_closed_and_records_why(
    make_student, open_window, programme, account
):
    admin = account("registry", "administrator")
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)
    close_choice_window(programme=programme, actor=admin)

    override_elective(
        student=student, module_code="COMP70016", reason="timetable clash", actor=admin
    )

    registration = Registration.objects.get(student=student, category="elective")
    assert (registration.module_code, registration.how, registration.reason) == (
        "COMP70016",
        How.OVERRIDE,
        "timetable clash",
    )
    entry = AuditEntry.objects.get(action="elective.overridden")
    assert (entry.actor, entry.subject, entry.reason, entry.data) == (
        admin,
        "00000001",
        "timetable clash",
        {"module": "COMP70016", "replaced": ["COMP70010"]},
    )


def test_override_still_refuses_a_module_not_running(make_student):
    student = make_student("00000001")

    with pytest.raises(ChoiceRefusedError):
        override_elective(student=student, module_code="COMP70101", reason="asked", actor=None)

    assert electives(student) == []


def ledger(action):
    entry = AuditEntry.objects.filter(action=action).latest("id")
    return (entry.student_id, entry.module_code, entry.before, entry.after)


def test_choice_withdrawal_and_override_keep_before_and_after_in_the_ledger(
    make_student, open_window
):
    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)
    chosen = ledger("elective.chosen")
    override_elective(student=student, module_code="COMP70016", actor=None, reason="clash")
    overridden = ledger("elective.overridden")
    withdraw_elective(student=student, module_code="COMP70016", actor=None)
    withdrawn = ledger("elective.withdrawn")

    def reg(code, how, reason=""):
        return {"module_code": code, "category": "elective", "how": how, "reason": reason}

    assert (chosen, overridden, withdrawn) == (
        ("00000001", "COMP70010", {}, reg("COMP70010", "chosen")),
        (
            "00000001",
            "COMP70016",
            reg("COMP70010", "chosen"),
            reg("COMP70016", "override", "clash"),
        ),
        ("00000001", "COMP70016", reg("COMP70016", "override", "clash"), {}),
    )


def test_an_elective_with_marks_can_be_neither_withdrawn_nor_replaced(make_student, open_window):
    from registrar.assessment.models import Mark

    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)
    Mark.objects.create(student=student, module_code="COMP70010", mark="61.00")
    refusals = []
    for attempt in (
        lambda: withdraw_elective(student=student, module_code="COMP70010", actor=None),
        lambda: override_elective(
            student=student, module_code="COMP70016", actor=None, reason="clash"
        ),
    ):
        with pytest.raises(ChoiceRefusedError) as refused:
            attempt()
        refusals.append(str(refused.value))

    assert (refusals, electives(student)) == (
        [
            "00000001 has marks in COMP70010; an elective with marks can be neither withdrawn "
            "nor replaced"
        ]
        * 2,
        [("COMP70010", How.CHOSEN)],
    )


# Races: two changes to one student's elective at the same moment, on real connections.

RACES = 20  # tries per pair; before the row lock and the constraint, PostgreSQL lost most


def _race(*changes):
    """Run `changes` at the same moment, each on its own connection; what each one raised."""
    import threading

    from django.db import connection

    start = threading.Barrier(len(changes))
    outcomes: list[object] = [None] * len(changes)

    def run(at: int, change) -> None:
        try:
            start.wait()
            change()
            outcomes[at] = "ok"
        except Exception as error:  # the test reports whatever escaped
            outcomes[at] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(changes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _unexpected(outcomes):
    return [o for o in outcomes if o != "ok" and not isinstance(o, ChoiceRefusedError)]


@pytest.mark.django_db(transaction=True)
def test_an_override_racing_a_choice_leaves_exactly_one_elective(make_student, open_window):
    student = make_student("00000001")
    seen = []
    for _ in range(RACES):
        Registration.objects.filter(student=student, category="elective").delete()
        outcomes = _race(
            lambda: override_elective(
                student=student, module_code="COMP70016", actor=None, reason="clash"
            ),
            lambda: choose_elective(student=student, module_code="COMP70010", actor=None),
        )
        seen.append((len(electives(student)), _unexpected(outcomes)))

    assert seen == [(1, [])] * RACES


@pytest.mark.django_db(transaction=True)
def test_two_overrides_racing_leave_exactly_one_elective(make_student):
    student = make_student("00000001")
    seen = []
    for _ in range(RACES):
        Registration.objects.filter(student=student, category="elective").delete()
        outcomes = _race(
            lambda: override_elective(
                student=student, module_code="COMP70016", actor=None, reason="a"
            ),
            lambda: override_elective(
                student=student, module_code="COMP70010", actor=None, reason="b"
            ),
        )
        seen.append((len(electives(student)), _unexpected(outcomes)))

    assert seen == [(1, [])] * RACES


def test_a_change_that_lost_the_race_is_refused_by_the_database_constraint(
    make_student, open_window, monkeypatch
):
    """What a loser sees if another change commits between its check and its write: the
    constraint refuses the second elective, and the domain says so (not an IntegrityError)."""
    from registrar.registrations.domain import choice

    student = make_student("00000001")
    choose_elective(student=student, module_code="COMP70010", actor=None)
    monkeypatch.setattr(choice, "chosen_electives", lambda student: [])  # the stale read

    with pytest.raises(ChoiceRefusedError) as refused:
        choose_elective(student=student, module_code="COMP70016", actor=None)

    assert str(refused.value) == (
        "00000001's elective was changed by someone else at the same moment; nothing was "
        "changed: reload to see it, then try again"
    )
    assert electives(student) == [("COMP70010", How.CHOSEN)]
    assert AuditEntry.objects.filter(action="elective.chosen").count() == 1

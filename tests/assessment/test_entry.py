"""Marks typed in (the grid, the API): optimistic versions, all or nothing, the same checks
as uploads; and what each user may mark."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from registrar.assessment.domain.entry import (
    MarkInput,
    UnknownModuleError,
    entries_upload,
    markable_modules,
    module_marks,
    module_sheet,
    save_marks,
)
from registrar.assessment.domain.saving import MarksRefusedError
from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from tests.assessment.world import AMARA, BEN, CARA, stored

pytestmark = pytest.mark.django_db

# The engine's own problems carry no fix yet (its second edition gives each one).


def save(cohort, *entries, actor=None):
    return save_marks(programme=cohort.programme, entries=list(entries), actor=actor)


def refusal(cohort, *entries, actor=None) -> list[str]:
    with pytest.raises(MarksRefusedError) as caught:
        save(cohort, *entries, actor=actor)
    return [str(e) for e in caught.value.preview.errors]


def at(hour: int, minute: int) -> dt.datetime:
    return timezone.localtime().replace(hour=hour, minute=minute, second=0, microsecond=0)


def test_entries_become_contract_lines_with_the_versions_they_started_from():
    upload = entries_upload(
        [
            MarkInput(AMARA, "COMP70059", "Background report", 1, "65", version=3),
            MarkInput(BEN, "COMP70076", "", 2, "", "NS", "1.5"),
        ]
    )

    assert upload.text == (
        "student_id,module_code,component,attempt,mark,flag,late_hours\n"
        f"{AMARA},COMP70059,Background report,1,65,,\n"
        f"{BEN},COMP70076,,2,,NS,1.5\n"
    )
    assert dict(upload.versions) == {2: 3, 3: 0}


def test_a_new_mark_is_saved_from_version_zero(cohort):
    result = save(cohort, MarkInput(AMARA, "COMP70076", mark="61"), actor=cohort.leader2)

    assert [r.action for r in result.rows] == ["add"]
    assert stored() == [(AMARA, "COMP70076", "", 1, "61.00", "", None, 1)]
    assert AuditEntry.objects.get(action="mark.added").data == {"file": "form", "line": 2}


def test_a_save_from_a_stale_version_is_refused_naming_who_changed_it_and_when(cohort):
    save(cohort, MarkInput(AMARA, "COMP70076", mark="61"), actor=cohort.leader2)
    save(cohort, MarkInput(AMARA, "COMP70076", mark="64", version=1), actor=cohort.leader2)
    Mark.objects.update(updated_at=at(14, 3))

    problems = refusal(
        cohort,
        MarkInput(BEN, "COMP70076", mark="55"),
        MarkInput(AMARA, "COMP70076", mark="62", version=1),
        actor=cohort.admin,
    )

    assert problems == [
        f"form:3: error: version: the mark of {AMARA} COMP70076 whole module, attempt 1 was "
        "changed by leader2 at 14:03 from 61.00 to 64.00. Fix: reload to see it."
    ]
    # all or nothing: Ben's mark, which was not stale, was not saved either
    assert stored() == [(AMARA, "COMP70076", "", 1, "64.00", "", None, 2)]


def test_a_mark_entered_meanwhile_by_someone_else_refuses_a_new_entry(cohort):
    save(cohort, MarkInput(AMARA, "COMP70076", mark="61"), actor=cohort.leader2)
    Mark.objects.update(updated_at=at(9, 30))

    assert refusal(cohort, MarkInput(AMARA, "COMP70076", mark="62"), actor=cohort.admin) == [
        f"form:2: error: version: the mark of {AMARA} COMP70076 whole module, attempt 1 was "
        "entered by leader2 at 09:30 as 61.00. Fix: reload to see it."
    ]


def test_a_conflict_on_another_day_says_the_date(cohort):
    save(cohort, MarkInput(AMARA, "COMP70076", mark="61"))
    Mark.objects.update(updated_at=timezone.make_aware(dt.datetime(2026, 6, 1, 16, 45)))

    assert refusal(cohort, MarkInput(AMARA, "COMP70076", mark="62", version=7)) == [
        f"form:2: error: version: the mark of {AMARA} COMP70076 whole module, attempt 1 was "
        "entered by the system at 16:45 on 1 Jun 2026 as 61.00. Fix: reload to see it."
    ]


def test_an_edit_equal_to_the_stored_mark_is_no_change_whatever_its_version(cohort):
    save(cohort, MarkInput(AMARA, "COMP70076", mark="61"))
    save(cohort, MarkInput(AMARA, "COMP70076", mark="64", version=1))

    result = save(cohort, MarkInput(AMARA, "COMP70076", mark="64.00", version=1))

    assert [r.action for r in result.rows] == ["unchanged"]
    assert stored()[0][-1] == 2


def test_a_typed_mark_is_checked_as_an_uploaded_one(cohort):
    assert refusal(cohort, MarkInput(AMARA, "COMP70076", mark="101")) == [
        "form:2: error: mark: 101 is above 100. Fix: give a mark from 0 to 100."
    ]
    assert refusal(cohort, MarkInput(AMARA, "COMP70076", attempt=2, mark="50")) == [
        "form:2: error: attempt: a resit (attempt 2) without a first attempt. "
        "Fix: give the earlier attempt's mark too, or correct the attempt number."
    ]


def test_a_locked_mark_refuses_a_typed_change(cohort):
    save(cohort, MarkInput(AMARA, "COMP70076", mark="61"))
    Mark.objects.update(locked_by=_run(cohort))

    problems = refusal(cohort, MarkInput(AMARA, "COMP70076", mark="62", version=1))

    run = Mark.objects.get().locked_by_id
    assert problems == [
        f"form:2: error: mark: the mark of {AMARA} COMP70076 whole module, attempt 1 is locked "
        f"by board run {run}. Fix: leave it as it is; a resit is a new attempt."
    ]


def _run(cohort):
    from registrar.boards.domain.runs import run_board

    return run_board(programme=cohort.programme, actor=None)


def test_a_leader_marks_only_their_module(cohort):
    assert refusal(cohort, MarkInput(AMARA, "COMP70076", mark="61"), actor=cohort.leader) == [
        f"form:2: error: module_code: you may not enter marks for {AMARA} on COMP70076. "
        "Fix: remove the row; the module's marker or the registry enters it."
    ]


def test_markable_modules_follow_the_enter_marks_rule(cohort):
    def listed(user):
        return [(m.code, m.students) for m in markable_modules(user)]

    assert listed(cohort.leader) == [("COMP70010", 1)]
    assert listed(cohort.leader2) == [("COMP70076", 3)]
    assert listed(cohort.supervisor) == [("COMP70059", 1)]
    assert listed(cohort.admin) == [
        ("COMP70010", 1),
        ("COMP70016", 1),
        ("COMP70059", 3),
        ("COMP70060", 3),
        ("COMP70061", 3),
        ("COMP70076", 3),
    ]


def test_the_sheet_shows_the_students_one_may_mark_with_the_attempts_marks(cohort):
    save(
        cohort,
        MarkInput(AMARA, "COMP70059", "Research thesis", 1, "68"),
        MarkInput(BEN, "COMP70059", "Research thesis", 1, "55"),
    )

    mine = module_sheet(programme=cohort.programme, module_code="COMP70059", user=cohort.supervisor)
    everyone = module_sheet(programme=cohort.programme, module_code="COMP70059", user=cohort.admin)

    assert mine.components == ["Background report", "Research thesis", "Oral presentation"]
    assert [r.student.student_id for r in mine.rows] == [AMARA]
    assert [c.mark.mark if c.mark else None for c in mine.rows[0].cells] == [None, 68, None]
    assert ([r.student.student_id for r in everyone.rows], everyone.registered) == (
        [AMARA, BEN, CARA],
        3,
    )
    assert everyone.attempts == [1, 2]


def test_the_sheet_of_an_unknown_module_is_refused(cohort):
    with pytest.raises(UnknownModuleError):
        module_sheet(programme=cohort.programme, module_code="COMP99999", user=cohort.admin)


def test_module_marks_are_those_the_user_may_enter(cohort):
    save(
        cohort,
        MarkInput(AMARA, "COMP70059", "Research thesis", 1, "68"),
        MarkInput(BEN, "COMP70059", "Research thesis", 1, "55"),
    )

    def marks(user):
        found = module_marks(programme=cohort.programme, module_code="COMP70059", user=user)
        return [m.student.student_id for m in found]

    assert (marks(cohort.supervisor), marks(cohort.admin), marks(cohort.leader)) == (
        [AMARA],
        [AMARA, BEN],
        [],
    )

"""The broadsheet: standing marks per module, the stored proposal, the flags; filters and sorts."""

from __future__ import annotations

import pytest

from registrar.boards.domain.broadsheet import FLAG_KEYS, broadsheet_of, select_rows
from registrar.boards.domain.decisions import decide

pytestmark = pytest.mark.django_db


def test_columns_are_the_required_modules_then_the_electives(run):
    sheet = broadsheet_of(run)

    assert [(c.key, c.ects) for c in sheet.columns] == [
        ("COMP70059", 60),
        ("COMP70060", 10),
        ("COMP70061", 10),
        ("COMP70076", 5),
        ("electives", None),
    ]


def test_each_student_has_the_flags_a_board_looks_for(run):
    flags = {row.student_id: row.flags for row in broadsheet_of(run).rows}

    assert flags == {
        "00000001": (),
        "00000002": ("borderline",),
        "00000003": ("project_lowered",),
        "00000004": ("compensated",),
        "00000005": ("referred",),
        "00000006": ("mc",),
        "00000007": (),
        "00000008": ("incomplete",),
    }
    assert broadsheet_of(run).flag_sentence("borderline") == "within 1.00 of a higher band"


def test_cells_show_standing_marks_with_the_modules_result(run):
    rows = {row.student_id: row for row in broadsheet_of(run).rows}

    def shown(student_id):
        return [[(c.code, c.mark, c.note, c.mc) for c in cells] for cells in rows[student_id].cells]

    assert shown("00000004")[4] == [("COMP70010", "45.00", "C", False)]
    assert shown("00000005")[1] == [("COMP70060", "40.00", "R", False)]
    assert shown("00000006")[3] == [("COMP70076", "60.00", "", True)]
    assert shown("00000007")[1] == [("COMP70060", "35.00", "F", False)]
    assert shown("00000008")[4] == [("COMP70010", "", "—", False)]
    assert shown("00000001") == [
        [("COMP70059", "75.00", "", False)],
        [("COMP70060", "72.00", "", False)],
        [("COMP70061", "74.00", "", False)],
        [("COMP70076", "71.00", "", False)],
        [("COMP70010", "70.00", "", False)],
    ]


def test_the_broadsheet_is_built_once_per_run(run):
    assert broadsheet_of(run) is broadsheet_of(run)


def _ids(rows):
    return [r.student_id for r in rows]


def test_rows_filter_by_proposed_status_and_by_flag(run):
    assert _ids(select_rows(run, status="awarded")) == [
        "00000001",
        "00000002",
        "00000003",
        "00000004",
        "00000006",
    ]
    assert _ids(select_rows(run, flag="compensated")) == ["00000004"]
    assert _ids(select_rows(run, status="awarded", flag="incomplete")) == []
    assert {k: _ids(select_rows(run, flag=k)) for k in FLAG_KEYS} == {
        "borderline": ["00000002"],
        "project_lowered": ["00000003"],
        "compensated": ["00000004"],
        "referred": ["00000005"],
        "mc": ["00000006"],
        "incomplete": ["00000008"],
    }


def test_rows_filter_by_how_the_decision_stands(run, cohort, board_member):
    decide(run=run, student=cohort["00000005"], actor=board_member, status="referred")
    decide(
        run=run,
        student=cohort["00000002"],
        actor=board_member,
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason="viva",
    )

    assert (
        _ids(select_rows(run, flag="differs")),
        _ids(select_rows(run, flag="agreed")),
        len(select_rows(run, flag="undecided")),
    ) == (["00000002"], ["00000005"], 6)


def test_rows_sort_by_powa_highest_first_and_by_status(run):
    assert _ids(select_rows(run, sort="powa")) == [
        "00000001",  # 74.06
        "00000003",  # 73.33
        "00000002",  # 69.07
        "00000004",  # 63.89
        "00000006",  # 60.00
        "00000008",  # 60.00
        "00000005",  # 57.78
        "00000007",  # 57.22
    ]
    assert _ids(select_rows(run, sort="status", descending=True)) == [
        "00000007",  # failed
        "00000008",  # incomplete
        "00000005",  # referred
        "00000006",
        "00000004",
        "00000003",
        "00000002",
        "00000001",
    ]


def test_unknown_filters_and_sorts_are_ignored(run):
    assert _ids(select_rows(run, status="nope", flag="nope", sort="nope")) == [
        f"0000000{n}" for n in range(1, 9)
    ]

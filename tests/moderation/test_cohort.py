"""Moderation read off the engine's evaluation of a small cohort, worked by hand.

COMP70076 (compulsory, level 7: pass 50.00, zone 40.00–49.99) and COMP70060 (core:
no zone) for seven students, each in a state moderation must tell apart: the marks are
in tests/moderation/conftest.py.
"""

from __future__ import annotations

from decimal import Decimal

from registrar.moderation.statistics import Bands
from registrar.spec.loading import load_specification


def by_id(module):
    return {s.student_id: s for s in module.students}


def test_distribution_is_of_first_attempt_marks_after_ns_and_late_work(cohort):
    # first attempts: 72.00, 45.50, 0.00 (NS), 50.00 (66.00 late 12 h, capped), 39.99;
    # S04 set aside (MC), S05 no marks.
    # mean 207.49 / 5 = 41.498 → 41.50; median 45.50;
    # deviations 30.502, 4.002, −41.498, 8.502, −1.508; squares sum to 2743.03008;
    # variance 548.606016; 23.42² = 548.4964 < variance < 23.425² = 548.730625 → 23.42
    d = cohort.module("COMP70076").distribution

    assert (d.n, d.mean, d.median, d.standard_deviation, d.minimum, d.maximum) == (
        5,
        Decimal("41.50"),
        Decimal("45.50"),
        Decimal("23.42"),
        Decimal("0.00"),
        Decimal("72.00"),
    )
    assert [b.count for b in d.bins] == [1, 0, 0, 1, 1, 1, 0, 1, 0, 0]


def test_registered_students_are_marked_missing_or_set_aside(cohort):
    module = cohort.module("COMP70076")

    assert (module.registered, module.distribution.n, module.missing, module.set_aside) == (
        7,
        5,
        1,
        1,
    )
    assert [(s.student_id, s.state) for s in module.students] == [
        ("S01", "marked"),
        ("S02", "marked"),
        ("S03", "marked"),
        ("S04", "set aside"),
        ("S05", "no marks"),
        ("S06", "marked"),
        ("S07", "marked"),
    ]


def test_an_incomplete_first_attempt_is_missing(cohort):
    module = cohort.module("COMP70061")

    assert (by_id(module)["S07"].state, module.missing, module.distribution.n) == (
        "incomplete",
        7,
        0,
    )


def test_compulsory_module_counts_pass_zone_and_fail(cohort):
    module = cohort.module("COMP70076")

    assert (module.pass_mark, module.zone_low, module.zone_high) == (
        Decimal("50.00"),
        Decimal("40.00"),
        Decimal("49.99"),
    )
    assert module.bands == Bands(passed=2, in_zone=1, failed=2)  # 72, 50 | 45.50 | 0, 39.99


def test_core_module_has_no_zone_and_fails_every_mark_below_the_pass_mark(cohort):
    # COMP70060: 64, 55, 38, 70, 49, 81; S07 has no mark. 357 / 6 = 59.50; median (55 + 64) / 2
    module = cohort.module("COMP70060")

    assert (module.zone_low, module.bands, module.missing) == (None, Bands(4, None, 2), 1)
    assert (module.distribution.mean, module.distribution.median) == (
        Decimal("59.50"),
        Decimal("59.50"),
    )


def test_each_student_shows_the_standing_mark_after_resits_and_the_engine_result(cohort):
    students = by_id(cohort.module("COMP70076"))

    assert [
        (s.student_id, s.mark, s.standing, s.result, s.attempts, s.effects)
        for s in students.values()
    ] == [
        ("S01", Decimal("72.00"), Decimal("72.00"), "passed", 1, ()),
        # a resit of 68.00 counts capped at the pass mark
        ("S02", Decimal("45.50"), Decimal("50.00"), "passed", 2, ()),
        ("S03", Decimal("0.00"), Decimal("0.00"), "failed", 1, ("not_submitted",)),
        # after MC, attempt 2 is a first sit and counts uncapped
        ("S04", None, Decimal("61.00"), "passed", 2, ()),
        ("S05", None, None, "missing", 0, ()),
        ("S06", Decimal("50.00"), Decimal("50.00"), "passed", 1, ("late_capped",)),
        ("S07", Decimal("39.99"), Decimal("39.99"), "failed", 1, ()),
    ]


def test_module_against_the_same_students_other_modules(cohort):
    # those with a mark here: S01 (64, 58), S02 (55), S03 (38), S06 (81), S07 (none complete)
    # 296 / 5 = 59.20; difference 41.498 − 59.2 = −17.702 → −17.70
    module = cohort.module("COMP70076")

    assert (module.others_mean, module.others_marks, module.difference) == (
        Decimal("59.20"),
        5,
        Decimal("-17.70"),
    )


def test_each_student_against_their_own_other_modules(cohort):
    students = by_id(cohort.module("COMP70076"))

    assert [
        (s.student_id, s.other_mean, s.other_marks, s.difference) for s in students.values()
    ] == [
        ("S01", Decimal("61.00"), 2, Decimal("11.00")),
        ("S02", Decimal("55.00"), 1, Decimal("-9.50")),
        ("S03", Decimal("38.00"), 1, Decimal("-38.00")),
        ("S04", Decimal("70.00"), 1, None),
        ("S05", Decimal("49.00"), 1, None),
        ("S06", Decimal("81.00"), 1, Decimal("-31.00")),
        ("S07", None, 0, None),
    ]


def test_cohort_mean_is_over_every_first_attempt_module_mark(cohort):
    # 207.49 (COMP70076) + 357 (COMP70060) + 58 (COMP70010) = 622.49 over 12 → 51.874… → 51.87
    assert (cohort.mean, cohort.marks, cohort.students) == (Decimal("51.87"), 12, 7)


def test_modules_are_those_running_in_specification_order(cohort, mres_path):
    spec = load_specification(mres_path)
    running = [m.code for m in spec.modules if m.code != "COMP70101"]  # not running in 2025-26

    assert [m.code for m in cohort.modules] == running
    assert (len(running), running[:4]) == (26, ["COMP70059", "COMP70060", "COMP70061", "COMP70076"])


def test_a_module_without_students_has_empty_statistics(cohort):
    module = cohort.module("COMP70016")

    assert (module.registered, module.distribution.n, module.distribution.mean) == (0, 0, None)
    assert (module.others_mean, module.difference) == (None, None)


def test_bin_kind_follows_the_zone(cohort):
    module = cohort.module("COMP70076")
    core = cohort.module("COMP70060")
    kinds = [module.bin_kind(b.low, b.high) for b in module.distribution.bins]
    core_kinds = [core.bin_kind(b.low, b.high) for b in core.distribution.bins]

    assert kinds == ["fail"] * 4 + ["zone"] + ["pass"] * 5
    assert core_kinds == ["fail"] * 5 + ["pass"] * 5

"""The engine on hand-computed cases (docs/rules.md): every number below is worked by hand."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from registrar.rules.engine import EXTRA_COLUMNS, RESULT_COLUMNS, evaluate
from registrar.rules.parameters import Parameter
from registrar.spec.model import AwardRules, Category, ExitAward, Specification
from tests.rules.helpers import EXAMPLES, mres, outcomes, run, student, taught


def with_award(**changes: object) -> Specification:
    spec = mres()
    award = AwardRules.model_validate({**spec.award.model_dump(), **changes})
    return spec.model_copy(update={"award": award})


def with_compulsory(*codes: str) -> Specification:
    """The MRes with some core modules made compulsory (so that they can be compensated)."""
    spec = mres()
    modules = [
        m.model_copy(update={"category": Category.COMPULSORY}) if m.code in codes else m
        for m in spec.modules
    ]
    return spec.model_copy(update={"modules": modules})


def changed(name: str, value: object) -> dict[str, Parameter]:
    parameters = dict(taught())
    parameters[name] = parameters[name].__class__(**{**parameters[name].__dict__, "value": value})
    return parameters


# --- the shared examples ---------------------------------------------------------------------


def test_examples_s001_compensated_elective_and_merit() -> None:
    # POWA = (71.50·60 + 68·10 + 72.25·10 + 64·5 + 45·5)/90 = 6237.5/90 = 69.3055… → 69.31
    # 45 is in the zone (40-49.99), POWA ≥ 50, 5 ≤ 15 credits → compensated; Merit band;
    # the project's 71.50 is Distinction, so the POWA's Merit stands. Within 1.00 of 70.
    got = outcomes((EXAMPLES / "marks.csv").read_text(encoding="utf-8"))["S001"]

    assert got == {
        "student_id": "S001",
        "status": "awarded",
        "award": "MRes",
        "classification": "Merit",
        "powa": "69.31",
        "project_mark": "71.50",
        "credits_earned": 90,
        "credits_compensated": 5,
        "referred_modules": "",
        "dic": True,
        "reasons": "MRes awarded: 90 credits; POWA 69.31 reaches Merit, project 71.50 reaches "
        "Distinction; classification Merit; COMP70010: compensated pass at 45.00 (5 ECTS)",
        "flags": "borderline",
        "assumed_parameters": "pass_mark;rounding;compensation_zone;"
        "compensation_requires_pass_average;borderline_margin;borderline_effect",
    }


def test_examples_s002_late_ns_and_mc() -> None:
    # COMP70076 70, six hours late → capped at 50.00; COMP70028 NS → 0.00 → below the zone,
    # one sit left → referred; COMP70060 MC then 61 → attempt 2 is sit 1, uncapped: 61.00.
    # POWA = (66·60 + 61·10 + 58·10 + 50·5 + 0·5)/90 = 5400/90 = 60.00
    evaluation = run(
        (EXAMPLES / "marks.csv").read_text(encoding="utf-8"),
        (EXAMPLES / "registrations.csv").read_text(encoding="utf-8").split("\n", 1)[1],
    )
    view = evaluation.of_student("S002")
    assert view is not None
    got, modules = view.result, view.modules

    assert (got["status"], got["powa"], got["credits_earned"], got["referred_modules"]) == (
        "referred",
        "60.00",
        85,
        "COMP70028",
    )
    assert (got["award"], got["classification"], got["dic"]) == ("", "", False)
    assert dict(modules.select("module_code", "standing").iter_rows()) == {
        "COMP70028": 0,
        "COMP70059": 6600,
        "COMP70060": 6100,
        "COMP70061": 5800,
        "COMP70076": 5000,
    }


def test_examples_without_registrations_give_the_same_outcomes() -> None:
    marks = (EXAMPLES / "marks.csv").read_text(encoding="utf-8")
    registrations = (EXAMPLES / "registrations.csv").read_text(encoding="utf-8")

    assert run(marks).results.equals(run(marks, registrations.split("\n", 1)[1]).results)


# --- REGULATIONS.md worked examples ------------------------------------------------------------


def test_worked_example_1_distinction() -> None:
    # (71·60 + 72·10 + 68·10 + 75·5 + 70·5)/90 = 6385/90 = 70.944… → 70.94; project 71 ≥ 70
    got = outcomes(student("71", "72", "68", "75", "70"))["S1"]

    assert (got["status"], got["classification"], got["powa"]) == (
        "awarded",
        "Distinction",
        "70.94",
    )


def test_worked_example_2_merit_and_project_threshold() -> None:
    # project 68: (68·60 + 72·10 + 68·10 + 75·5 + 70·5)/90 = 6205/90 = 68.944… → 68.94 Merit
    # project 68, all else 80: (68·60 + 80·30)/90 = 6480/90 = 72.00 → Distinction band,
    # but the project's 68 reaches only Merit → Merit, flagged as lowered
    first = outcomes(student("68", "72", "68", "75", "70"))["S1"]
    second = outcomes(student("68", "80", "80", "80", "80"))["S1"]

    assert (first["classification"], first["powa"]) == ("Merit", "68.94")
    assert (second["classification"], second["powa"], second["flags"]) == (
        "Merit",
        "72.00",
        "project_lowered",
    )


def test_worked_example_3_elective_in_the_zone_is_compensated() -> None:
    # (60·60 + 60·10 + 60·10 + 60·5 + 46·5)/90 = 5330/90 = 59.22 ≥ 50 → COMP70010 compensated
    got = outcomes(student("60", "60", "60", "60", "46"))["S1"]

    assert (got["status"], got["credits_earned"], got["credits_compensated"]) == (
        "awarded",
        90,
        5,
    )
    assert (got["classification"], got["powa"]) == ("Pass", "59.22")


def test_worked_example_4_core_never_compensated_and_resit_capped() -> None:
    # R&D proposal 46 is core → referred. Resit 58 counts 50.00:
    # (70·60 + 50·10 + 70·10 + 70·5 + 70·5)/90 = 6100/90 = 67.777… → 67.78 Merit
    marks = student(proposal="46")
    before = outcomes(marks)["S1"]
    after = outcomes(marks + "S1,COMP70060,,2,58,,\n")["S1"]

    assert (before["status"], before["referred_modules"]) == ("referred", "COMP70060")
    assert (after["status"], after["powa"], after["classification"]) == (
        "awarded",
        "67.78",
        "Merit",
    )


def test_worked_example_5_below_zone_referred_and_mc_resit_uncapped() -> None:
    # elective 38 < 40 → referred. With MC on the first attempt, attempt 2 is sit 1:
    # 65 counts uncapped: (70·60 + 70·10 + 70·10 + 70·5 + 65·5)/90 = 6275/90 = 69.72
    referred = outcomes(student(elective="38"))["S1"]
    mc = student(elective=None) + "S1,COMP70010,,1,38,MC,\nS1,COMP70010,,2,65,,\n"
    resat = outcomes(mc)["S1"]

    assert (referred["status"], referred["referred_modules"]) == ("referred", "COMP70010")
    assert (resat["status"], resat["powa"]) == ("awarded", "69.72")


# --- exactness at the boundaries ---------------------------------------------------------------


def test_module_mark_69_995_rounds_to_70_00_distinction() -> None:
    # project components 70.00·20% + 69.99·50% + 70.00·30% = 69.995 → 70.00 (half up, once)
    marks = student(project="").replace("S1,COMP70059,,1,,,\n", "") + (
        "S1,COMP70059,Background report,1,70,,\n"
        "S1,COMP70059,Research thesis,1,69.99,,\n"
        "S1,COMP70059,Oral presentation,1,70,,\n"
    )
    got = outcomes(marks)["S1"]

    assert (got["project_mark"], got["powa"], got["classification"]) == (
        "70.00",
        "70.00",
        "Distinction",
    )


def test_module_mark_69_994_rounds_to_69_99_merit() -> None:
    # 69.97·20% + 70.00·50% + 70.00·30% = 69.994 → 69.99: the project reaches only Merit
    marks = student(project="").replace("S1,COMP70059,,1,,,\n", "") + (
        "S1,COMP70059,Background report,1,69.97,,\n"
        "S1,COMP70059,Research thesis,1,70,,\n"
        "S1,COMP70059,Oral presentation,1,70,,\n"
    )
    got = outcomes(marks)["S1"]

    assert (got["project_mark"], got["classification"]) == ("69.99", "Merit")


def test_powa_69_995_is_distinction_and_69_994_is_merit() -> None:
    # (70·60 + 69.99·10 + 69.99·10 + 69.99·5 + 69.96·5)/90 = 6299.55/90 = 69.995 → 70.00
    # with the elective at 69.95: 6299.50/90 = 69.9944… → 69.99
    up = outcomes(student("70", "69.99", "69.99", "69.99", "69.96"))["S1"]
    down = outcomes(student("70", "69.99", "69.99", "69.99", "69.95"))["S1"]

    assert (up["powa"], up["classification"]) == ("70.00", "Distinction")
    assert (down["powa"], down["classification"], down["flags"]) == (
        "69.99",
        "Merit",
        "borderline",
    )


def test_module_at_49_99_is_in_the_zone_and_50_00_passes() -> None:
    # core COMP70060 at 49.99 → failed (core) → referred; at 50.00 → passed
    failed = outcomes(student(proposal="49.99"))["S1"]
    passed = outcomes(student(proposal="50.00"))["S1"]

    assert (failed["status"], failed["referred_modules"]) == ("referred", "COMP70060")
    assert passed["status"] == "awarded"


def test_compensation_needs_a_powa_of_50_00() -> None:
    # project 50, proposal 50, tutorial 50, elective 45 (zone); ethics e:
    # e = 54.82: (3000 + 500 + 500 + 274.10 + 225)/90 = 4499.10/90 = 49.99 → not compensated
    # e = 54.91: 4499.55/90 = 49.995 → 50.00 → compensated
    below = outcomes(student("50", "50", "50", "54.82", "45"))["S1"]
    rounded = outcomes(student("50", "50", "50", "54.91", "45"))["S1"]

    assert (below["powa"], below["status"], below["referred_modules"]) == (
        "49.99",
        "referred",
        "COMP70010",
    )
    assert (rounded["powa"], rounded["status"], rounded["credits_compensated"]) == (
        "50.00",
        "awarded",
        5,
    )


def test_zone_starts_at_40_00() -> None:
    # elective 39.99 is below the zone → referred; 40.00 is in it → compensated
    below = outcomes(student(elective="39.99"))["S1"]
    edge = outcomes(student(elective="40.00"))["S1"]

    assert (below["status"], below["referred_modules"]) == ("referred", "COMP70010")
    assert (edge["status"], edge["credits_compensated"]) == ("awarded", 5)


# --- late work, NS, MC, resits -----------------------------------------------------------------


def test_late_work_up_to_24_hours_is_capped_and_later_scores_zero() -> None:
    # ethics 80: 24 hours late → 50.00; 24.01 hours late → 0.00 (below zone → referred)
    capped = run(student(ethics="80").replace("COMP70076,,1,80,,", "COMP70076,,1,80,,24"))
    zero = outcomes(student(ethics="80").replace("COMP70076,,1,80,,", "COMP70076,,1,80,,24.01"))

    view = capped.of_student("S1")
    assert view is not None
    assert view.modules.filter(pl.col("module_code") == "COMP70076")["standing"][0] == 5000
    assert (zero["S1"]["status"], zero["S1"]["referred_modules"]) == ("referred", "COMP70076")


def test_late_work_under_the_pass_mark_keeps_its_mark() -> None:
    # 45 two hours late: min(45, 50) = 45 → zone → compensated
    got = outcomes(student(ethics="45").replace("COMP70076,,1,45,,", "COMP70076,,1,45,,2"))

    assert got["S1"]["credits_compensated"] == 5


def test_mc_sets_aside_a_late_attempt_with_its_marks() -> None:
    # attempt 1 MC with a mark and lateness: set aside; attempt 2 (sit 1) 75 counts uncapped
    marks = student(elective=None) + "S1,COMP70010,,1,30,MC,48\nS1,COMP70010,,2,75,,\n"
    evaluation = run(marks)
    view = evaluation.of_student("S1")
    assert view is not None
    attempts = view.attempts.filter(pl.col("module_code") == "COMP70010")

    assert attempts.select("attempt", "set_aside", "sit", "counted").rows() == [
        (1, True, None, None),
        (2, False, 1, 7500),
    ]


def test_the_better_of_first_attempt_and_capped_resit_stands() -> None:
    # first sit 38 (below zone), resit 45 → 45 (no cap needed) → zone → compensated
    got = outcomes(student(elective="38") + "S1,COMP70010,,2,45,,\n")["S1"]

    assert (got["status"], got["credits_compensated"]) == ("awarded", 5)


def test_failed_core_resit_leaves_no_sit_and_fails_the_student() -> None:
    got = outcomes(student(proposal="30") + "S1,COMP70060,,2,42,,\n")["S1"]

    assert (got["status"], got["award"], got["referred_modules"]) == ("failed", "", "")
    assert got["reasons"] == ("COMP70060: 42.00 is below the pass mark 50.00 and no sit is left")


def test_failed_student_gets_the_largest_exit_award_earned() -> None:
    spec = with_award(
        exit_awards=[
            ExitAward(name="PG Certificate", min_credits=30),
            ExitAward(name="PG Diploma", min_credits=60),
        ]
    )
    got = outcomes(student(proposal="30") + "S1,COMP70060,,2,42,,\n", spec=spec)["S1"]

    assert (got["status"], got["award"], got["classification"], got["dic"]) == (
        "failed",
        "PG Diploma",
        "",
        False,
    )


# --- incomplete --------------------------------------------------------------------------------


def test_no_elective_is_incomplete() -> None:
    got = outcomes(student(elective=None))["S1"]

    assert (got["status"], got["reasons"]) == ("incomplete", "no elective module chosen")


def test_a_registered_module_without_marks_is_incomplete() -> None:
    registrations = "".join(
        f"S1,{code}\n" for code in ("COMP70059", "COMP70060", "COMP70061", "COMP70076", "COMP70028")
    )
    got = outcomes(student(elective=None), registrations)["S1"]

    assert (got["status"], got["reasons"]) == ("incomplete", "COMP70028: no mark yet")


def test_a_missing_component_leaves_the_module_incomplete() -> None:
    marks = student().replace("S1,COMP70059,,1,70,,\n", "") + (
        "S1,COMP70059,Background report,1,70,,\nS1,COMP70059,Research thesis,1,70,,\n"
    )
    got = outcomes(marks)["S1"]

    assert (got["status"], got["project_mark"]) == ("incomplete", "")


def test_a_pending_module_has_no_standing_mark_and_is_left_out_of_the_powa() -> None:
    # project attempt 1 whole 40 (failed, core), attempt 2 with one component only → pending:
    # no standing mark, no credits, POWA over the other 30 ECTS: (70·10 + 70·10 + 70·5 +
    # 70·5)/30 = 70.00; the incomplete attempt uses no sit, so one sit is still left
    marks = student(project="40") + "S1,COMP70059,Research thesis,2,80,,\n"
    evaluation = run(marks)
    view = evaluation.of_student("S1")
    assert view is not None
    project = view.modules.filter(pl.col("module_code") == "COMP70059").row(0, named=True)

    assert (view.result["status"], view.result["powa"], view.result["project_mark"]) == (
        "incomplete",
        "70.00",
        "",
    )
    assert (project["standing"], project["sits_used"], project["sits_left"]) == (None, 1, 1)
    assert view.result["credits_earned"] == 30


def test_an_incomplete_attempt_uses_no_sit() -> None:
    # attempt 1 incomplete (components to come), attempt 2 complete → attempt 2 is sit 1,
    # counted uncapped; the module is still pending while attempt 1 lacks marks
    marks = student(project=None) + (
        "S1,COMP70059,Research thesis,1,80,,\n"
        "S1,COMP70059,Background report,2,80,,\n"
        "S1,COMP70059,Research thesis,2,80,,\n"
        "S1,COMP70059,Oral presentation,2,80,,\n"
    )
    view = run(marks).of_student("S1")
    assert view is not None

    assert view.attempts.filter(pl.col("module_code") == "COMP70059").select(
        "attempt", "uses_sit", "sit", "counted"
    ).rows() == [(1, False, None, None), (2, True, 1, 8000)]


def test_only_an_mc_attempt_is_incomplete() -> None:
    got = outcomes(student(elective=None) + "S1,COMP70010,,1,,MC,\n")["S1"]

    assert got["status"] == "incomplete"
    assert got["reasons"] == (
        "COMP70010: no standing mark (its attempts were set aside for mitigating circumstances)"
    )


def test_failed_comes_before_incomplete() -> None:
    got = outcomes(student(proposal="30", elective=None) + "S1,COMP70060,,2,35,,\n")["S1"]

    assert got["status"] == "failed"


# --- compensation: most credits within the limit, higher marks first ---------------------------


def test_over_the_limit_the_higher_mark_is_compensated_and_the_rest_referred() -> None:
    # limit 5: ethics 44 and elective 48 are both in the zone; 48 is compensated
    spec = with_award(max_compensated_credits=5)
    got = outcomes(student(ethics="44", elective="48"), spec=spec)["S1"]

    assert (got["status"], got["credits_compensated"], got["referred_modules"]) == (
        "referred",
        5,
        "COMP70076",
    )


def test_knapsack_takes_the_set_with_most_credits() -> None:
    # tutorial (10) 41, ethics (5) 49, elective (5) 48, limit 15:
    # {tutorial, ethics} = 15 credits, marks (49, 41); {tutorial, elective} = 15, (48, 41);
    # {ethics, elective} = 10 → the first: tutorial and ethics compensated, elective referred
    spec = with_compulsory("COMP70061")
    got = outcomes(student("70", "70", "41", "49", "48"), spec=spec)["S1"]

    assert (got["credits_compensated"], got["referred_modules"]) == (15, "COMP70010")


def test_one_pattern_solution_serves_many_students() -> None:
    spec = with_compulsory("COMP70061")
    marks = "".join(
        student("70", "70", "41", "49", "48", sid=f"S{i:03d}") for i in range(20)
    ) + student("70", "70", "70", "49", "48", sid="T1")
    results = run(marks, spec=spec).results

    assert results["referred_modules"].to_list() == ["COMP70010"] * 20 + [""]
    assert results["credits_compensated"].to_list() == [15] * 20 + [10]


# --- parameters change outcomes ----------------------------------------------------------------


def test_a_wider_compensation_zone_changes_the_outcome() -> None:
    got = outcomes(student(elective="38"), parameters=changed("compensation_zone", Decimal(15)))

    assert got["S1"]["status"] == "awarded"


def test_resits_uncapped_when_the_parameter_says_so() -> None:
    marks = student(proposal="30") + "S1,COMP70060,,2,80,,\n"
    capped = outcomes(marks)["S1"]
    uncapped = outcomes(marks, parameters=changed("resit_capped_at_pass_mark", False))["S1"]

    # capped: (70·60 + 50·10 + 70·10 + 70·5 + 70·5)/90 = 6100/90 = 67.78
    # uncapped: (70·60 + 80·10 + 70·20)/90 = 6400/90 = 71.11
    assert (capped["powa"], uncapped["powa"]) == ("67.78", "71.11")


# --- one engine for one student or many --------------------------------------------------------


def test_students_are_evaluated_independently_and_sorted() -> None:
    one = outcomes(student(elective="45", sid="B2"))["B2"]
    many = run(student(sid="A1") + student(elective="45", sid="B2") + student(sid="C3"))

    assert many.results["student_id"].to_list() == ["A1", "B2", "C3"]
    assert many.results.filter(pl.col("student_id") == "B2").row(0, named=True) == one


def test_evaluate_takes_an_empty_cohort() -> None:
    empty = pl.DataFrame(
        schema={
            "student_id": pl.String,
            "module_code": pl.String,
            "component": pl.String,
            "attempt": pl.Int64,
            "mark": pl.Int64,
            "flag": pl.String,
            "late": pl.Int64,
            "line": pl.Int64,
        }
    )

    assert evaluate(mres(), taught(), empty).results.height == 0


def test_results_have_the_contract_columns_then_the_extras() -> None:
    assert run(student()).results.columns == [*RESULT_COLUMNS, *EXTRA_COLUMNS]

"""The named steps of the engine, each with the clause it implements and what it reads.

Every step is computed in `engine.py` as columns of a Polars frame; this module
declares them (as OpenFisca declares variables) so that the trace, the
documentation and the tests name the same steps with the same clauses.
Clause references: "rules.md §n" is docs/rules.md item n; "REGULATIONS" is
shared/docs/REGULATIONS.md; "spec" is the programme specification.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    clause: str
    parameters: tuple[str, ...]
    level: str  # what it is computed for: row, attempt, module or student


STEPS: tuple[Step, ...] = (
    Step(
        "row_mark",
        "Late work and non-submission",
        "rules.md §1-3; REGULATIONS 'Passing a module' (not submitted, late work)",
        (
            "non_submission_mark",
            "late_capped_up_to_hours",
            "late_beyond_cap",
            "pass_mark",
            "mitigating_circumstances",
        ),
        "row",
    ),
    Step(
        "module_mark",
        "Module mark of each attempt (weighted mean of components)",
        "rules.md §4; REGULATIONS 'Passing a module' (module mark)",
        ("rounding",),
        "attempt",
    ),
    Step(
        "sit",
        "Sit of each attempt, resit cap and mitigating circumstances",
        "rules.md §5-7; REGULATIONS 'Re-assessment and mitigating circumstances'",
        ("pass_mark", "resit_capped_at_pass_mark", "mitigating_circumstances", "max_sits"),
        "attempt",
    ),
    Step(
        "standing_mark",
        "Which attempt stands (the best counted mark)",
        "rules.md §8; REGULATIONS 'which mark stands'",
        (),
        "module",
    ),
    Step(
        "module_result",
        "Pass, compensation zone or fail",
        "rules.md §9; spec Programme Structure footnote 1 (core never compensated)",
        ("pass_mark", "compensation_zone", "core_never_compensated"),
        "module",
    ),
    Step(
        "powa",
        "Programme Overall Weighted Average",
        "rules.md §10; REGULATIONS 'Award and classification' (POWA, rounding)",
        ("rounding",),
        "student",
    ),
    Step(
        "compensation",
        "Compensation within the limit",
        "rules.md §11; REGULATIONS 'Compensation'; spec 'no more than 15 credits compensated'",
        (
            "compensation_requires_pass_average",
            "max_compensated_credits",
            "award_level",
            "pass_mark",
        ),
        "student",
    ),
    Step(
        "credits",
        "Credits earned",
        "rules.md §12",
        (),
        "student",
    ),
    Step(
        "referral",
        "Referred modules (resits due)",
        "rules.md §13; REGULATIONS 'attempts'",
        ("max_sits",),
        "student",
    ),
    Step(
        "status",
        "Status and award eligibility",
        "rules.md §14; spec Progression and Classification (award requirements)",
        ("award_credits", "max_credits_below_level", "max_compensated_credits", "award_level"),
        "student",
    ),
    Step(
        "classification",
        "Classification, lowered to the project's band",
        "rules.md §15; spec 'the designated dissertation or final major project module "
        "meeting the threshold'",
        ("bands", "project_module"),
        "student",
    ),
    Step(
        "award",
        "Award (or exit award)",
        "rules.md §16; REGULATIONS 'exit awards'",
        (),
        "student",
    ),
    Step(
        "dic",
        "Diploma of Imperial College (associateship)",
        "rules.md §17; spec Programme Information (associateship)",
        (),
        "student",
    ),
    Step(
        "borderline",
        "Borderline flags for the board",
        "rules.md §18; REGULATIONS 'borderline'",
        ("borderline_margin",),
        "student",
    ),
)

BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}


def step(name: str) -> Step:
    return BY_NAME[name]

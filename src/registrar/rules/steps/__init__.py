"""The named steps of the engine, declared once, in the order `evaluate` runs them.

Each step has a stable name, a label, the clauses of docs/rules.md it implements
(anchors, e.g. `resit-cap`), the parameters it may read, the function that computes
it (Polars, on the evaluation's frames: `registrar.rules.run.Run`) and the function
that explains it for one student. The trace is what these explain functions say of
the frames the compute functions wrote; the assumed parameters an outcome depended on
are derived from the reads the compute functions recorded (`registrar.rules.reads`).

To add a rule: write its clause in docs/rules.md under a `{#anchor}`, its step module
here (compute and explain), and one `Step(...)` below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from registrar.rules.reads import StepParameters
from registrar.rules.run import Run
from registrar.rules.steps import (
    award,
    borderline,
    classification,
    compensation,
    credits,
    dic,
    module_mark,
    module_result,
    powa,
    referral,
    row_mark,
    sit,
    standing_mark,
    status,
)
from registrar.rules.steps.explaining import Explaining, Explanation

RULES_DOC = "docs/rules.md"


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    clauses: tuple[str, ...]  # anchors in docs/rules.md
    parameters: tuple[str, ...]  # the only parameters `compute` may read
    level: str  # what it is computed for: row, attempt, module or student
    compute: Callable[[Run, StepParameters], None]
    explain: Callable[[Explaining], Explanation]
    source: str = ""  # the specification's own words, where it states the rule

    @property
    def clause(self) -> str:
        """The citation shown to people: docs/rules.md anchors, then the spec's words."""
        cited = ", ".join(f"{RULES_DOC}#{anchor}" for anchor in self.clauses)
        return f"{cited}; {self.source}" if self.source else cited


STEPS: tuple[Step, ...] = (
    Step(
        "row_mark",
        "Late work and non-submission",
        ("not-submitted", "mitigating-circumstances", "late-work"),
        (
            "non_submission_mark",
            "late_capped_up_to_hours",
            "late_beyond_cap",
            "pass_mark",
            "mitigating_circumstances",
        ),
        "row",
        row_mark.compute,
        row_mark.explain,
    ),
    Step(
        "module_mark",
        "Module mark of each attempt (weighted mean of components)",
        ("module-mark", "incomplete-attempt", "rounding"),
        ("rounding",),
        "attempt",
        module_mark.compute,
        module_mark.explain,
    ),
    Step(
        "sit",
        "Sit of each attempt, resit cap and mitigating circumstances",
        ("pass-mark", "sit", "resit-cap", "attempts-allowed"),
        ("pass_mark", "resit_capped_at_pass_mark", "mitigating_circumstances"),
        "attempt",
        sit.compute,
        sit.explain,
    ),
    Step(
        "standing_mark",
        "Which attempt stands (the best counted mark)",
        ("standing-mark", "modules-taken"),
        ("max_sits", "resit_mark_stands"),
        "module",
        standing_mark.compute,
        standing_mark.explain,
    ),
    Step(
        "module_result",
        "Pass, compensation zone or fail",
        ("module-result",),
        ("pass_mark", "compensation_zone", "core_never_compensated"),
        "module",
        module_result.compute,
        module_result.explain,
        "spec Programme Structure footnote 1 (core never compensated)",
    ),
    Step(
        "powa",
        "Programme Overall Weighted Average",
        ("powa", "rounding"),
        ("rounding",),
        "student",
        powa.compute,
        powa.explain,
    ),
    Step(
        "compensation",
        "Compensation within the limit",
        ("compensation",),
        (
            "compensation_requires_pass_average",
            "max_compensated_credits",
            "award_level",
            "pass_mark",
        ),
        "student",
        compensation.compute,
        compensation.explain,
        "spec 'no more than 15 credits compensated'",
    ),
    Step(
        "credits",
        "Credits earned",
        ("credits-earned", "selection"),
        ("award_level", "project_module"),
        "student",
        credits.compute,
        credits.explain,
    ),
    Step(
        "referral",
        "Referred modules (resits due)",
        ("referral",),
        ("max_sits",),
        "student",
        referral.compute,
        referral.explain,
    ),
    Step(
        "status",
        "Status and award eligibility",
        ("status", "professional-skills"),
        ("award_credits", "max_credits_below_level", "max_compensated_credits", "award_level"),
        "student",
        status.compute,
        status.explain,
        "spec Progression and Classification (award requirements)",
    ),
    Step(
        "classification",
        "Classification, lowered to the project's band",
        ("classification",),
        ("bands", "project_module"),
        "student",
        classification.compute,
        classification.explain,
        "spec 'the designated dissertation or final major project module meeting the threshold'",
    ),
    Step(
        "award",
        "Award (or exit award)",
        ("award",),
        (),
        "student",
        award.compute,
        award.explain,
    ),
    Step(
        "dic",
        "Diploma of Imperial College (associateship)",
        ("dic",),
        (),
        "student",
        dic.compute,
        dic.explain,
        "spec Programme Information (associateship)",
    ),
    Step(
        "borderline",
        "Borderline flags for the board",
        ("borderline",),
        ("borderline_margin", "borderline_effect"),
        "student",
        borderline.compute,
        borderline.explain,
    ),
)

BY_NAME: dict[str, Step] = {s.name: s for s in STEPS}


def step(name: str) -> Step:
    return BY_NAME[name]


__all__ = ["BY_NAME", "RULES_DOC", "STEPS", "Explaining", "Step", "step"]

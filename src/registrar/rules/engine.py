"""The cohort evaluation: marks in, one outcome per student out, every step kept.

One vectorised implementation serves one student or a million: each step of
`steps.py` is a set of columns on a Polars frame (per row, per attempt, per
module, per student), and the trace of one student is read off these same
frames (`trace.py`). Marks are integer hundredths; a mean is computed with
integers and rounded once, half up (`numbers.round_half_up`). Compensation's
choice is in `compensation.py`, the wording of reasons in `reasons.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import polars.selectors as cs

from registrar.rules.compensation import compensate
from registrar.rules.numbers import as_decimal, hundredths_text, round_half_up
from registrar.rules.parameters import (
    Parameter,
    ParameterError,
    ParameterProblem,
    Regulations,
    flag_value,
    hundredths_value,
    int_value,
    pass_marks,
    programme_parameters,
)
from registrar.rules.reasons import add_reasons, join_per_student
from registrar.spec.model import Category, Specification

# Contract columns of the classification output, in order (DESIGN.md).
RESULT_COLUMNS = (
    "student_id",
    "status",
    "award",
    "classification",
    "powa",
    "project_mark",
    "credits_earned",
    "credits_compensated",
    "referred_modules",
    "dic",
    "reasons",
)
EXTRA_COLUMNS = ("flags", "assumed_parameters")

MARKS_SCHEMA = {
    "student_id": pl.String,
    "module_code": pl.String,
    "component": pl.String,
    "attempt": pl.Int64,
    "mark": pl.Int64,
    "flag": pl.String,
    "late": pl.Int64,
    "line": pl.Int64,
}


def parameters_for(spec: Specification, regulations: Regulations) -> dict[str, Parameter]:
    """Every parameter in force for the specification's cohort, programme ones included.

    ParameterError if a value is missing for the cohort, or the pass mark is not given
    for a level the programme's modules (or its award) are at.
    """
    values = {**regulations.for_year(spec.details.cohort), **programme_parameters(spec)}
    pass_mark = values["pass_mark"]
    levels = {m.fheq_level for m in spec.modules} | {spec.award.min_level}
    missing = sorted(levels - set(pass_marks(values)))
    if missing:
        listed = ", ".join(str(level) for level in missing)
        raise ParameterError(
            [
                ParameterProblem(
                    Path(pass_mark.origin),
                    pass_mark.line,
                    "parameters.pass_mark",
                    f"no pass mark for FHEQ level {listed} in {pass_mark.effective_from}, "
                    f"which the programme's modules or award are at",
                )
            ]
        )
    return values


@dataclass(frozen=True)
class Evaluation:
    """The outcome of a cohort with every intermediate frame the trace reads.

    Frames are keyed by `sid`, a small integer per student (see `students`), and
    `module_code` as an Enum; `of_student` gives one student's rows with plain codes.

    - `rows`: each marks row with `row_mark` (after NS and late work), `row_effect`;
    - `attempts`: per (student, module, attempt): `set_aside`, `complete`, `mark`,
      `sit`, `counted`;
    - `modules`: per (student, module) taken: `standing`, `sits_used`, `sits_left`,
      `zone`, `compensated`, `result`, `referred`;
    - `students`: per student, numbers in hundredths and the outcome;
    - `results`: the contract columns (DESIGN.md), students in ascending id order.
    """

    spec: Specification
    parameters: dict[str, Parameter]
    modules_table: pl.DataFrame
    rows: pl.DataFrame
    attempts: pl.DataFrame
    modules: pl.DataFrame
    students: pl.DataFrame
    results: pl.DataFrame

    def student_ids(self) -> list[str]:
        return list(self.results["student_id"])

    def of_student(self, student_id: str) -> StudentView | None:
        """One student's rows of every frame (module codes as text), or None if unknown."""
        found = self.students.filter(pl.col("student_id") == student_id)
        if found.height == 0:
            return None
        sid = found["sid"][0]

        def mine(frame: pl.DataFrame, order: tuple[str, ...]) -> pl.DataFrame:
            return (
                frame.filter(pl.col("sid") == sid)
                .sort(*order, nulls_last=False)
                .drop("sid")
                .with_columns(pl.col(pl.Enum).cast(pl.String))
            )

        return StudentView(
            student_id,
            mine(self.rows, ("module_code", "attempt", "component")),
            mine(self.attempts, ("module_code", "attempt")),
            mine(self.modules, ("module_code",)),
            found.drop("sid").row(0, named=True),
            self.results.filter(pl.col("student_id") == student_id).row(0, named=True),
        )


@dataclass(frozen=True)
class StudentView:
    """One student's part of an evaluation: the same frames, filtered."""

    student_id: str
    rows: pl.DataFrame
    attempts: pl.DataFrame
    modules: pl.DataFrame
    student: dict[str, Any]
    result: dict[str, Any]


def module_table(spec: Specification, parameters: dict[str, Parameter]) -> pl.DataFrame:
    """The specification's modules with their pass marks (hundredths)."""
    by_level = pass_marks(parameters)
    missing = sorted({m.fheq_level for m in spec.modules} - set(by_level))
    if missing:
        levels = ", ".join(str(level) for level in missing)
        raise ValueError(f"the regulations give no pass mark for FHEQ level {levels}")
    return pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules],
            "category": [m.category.value for m in spec.modules],
            "group": [m.group for m in spec.modules],
            "ects": [m.ects for m in spec.modules],
            "level": [m.fheq_level for m in spec.modules],
            "running": [m.runs_in(spec.year) for m in spec.modules],
            "n_components": [len(m.components) for m in spec.modules],
            "weight_total": [sum(int(c.weight * 100) for c in m.components) for m in spec.modules],
            "pass": [by_level[m.fheq_level] for m in spec.modules],
        },
        schema={
            "module_code": pl.String,
            "category": pl.String,
            "group": pl.String,
            "ects": pl.Int64,
            "level": pl.Int64,
            "running": pl.Boolean,
            "n_components": pl.Int64,
            "weight_total": pl.Int64,
            "pass": pl.Int64,
        },
    )


def module_type(spec: Specification) -> pl.Enum:
    """Module codes as an Enum, in code order (so that sorting sorts by code)."""
    return pl.Enum(sorted({m.code for m in spec.modules}))


def component_type(spec: Specification) -> pl.Enum:
    return pl.Enum(sorted({c.name for m in spec.modules for c in m.components}))


def _by_index(values: list[Any], dtype: Any, index: pl.Expr) -> pl.Expr:
    """values[index] per row (null index → null): a lookup in a small table, no join."""
    return pl.lit(pl.Series(values, dtype=dtype)).gather(index)


def _student_index(
    marks: pl.DataFrame, registrations: pl.DataFrame | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(students: sid, student_id in student_id order; marks with `sid` added)."""
    sid_ = pl.col("student_id")
    if (
        registrations is None
        and marks.height > 0
        and marks.select(
            (sid_.null_count() == 0) & (sid_ >= sid_.shift(1)).all().fill_null(True)
        ).item()
    ):
        # the common file lists each student's rows together, in id order: number the runs
        new = (sid_ != sid_.shift(1)).fill_null(True)
        marks = marks.with_columns(new.alias("_new")).with_columns(
            (pl.col("_new").cast(pl.UInt32).cum_sum() - 1).alias("sid")
        )
        students = marks.filter(pl.col("_new")).select("sid", "student_id")
        return students, marks.drop("_new")
    ids = [marks.select("student_id")]
    if registrations is not None:
        ids.append(registrations.select(pl.col("student_id").cast(pl.String)))
    students = pl.concat(ids).unique().sort("student_id").with_row_index("sid")
    return students, marks.join(students, on="student_id")


# --- per row, per attempt, per module ----------------------------------------------------------


def _frames(
    spec: Specification,
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None,
    students: pl.DataFrame,
    table: pl.DataFrame,
    p: dict[str, Parameter],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """rows (rules.md §1-3), attempts (§4-7), modules (§8-9) and per-module row facts.

    Keys are integers: `mk` = sid × M + module index (the Enum's, in code order) for a
    (student, module), and `ak` = mk × A + attempt for an attempt, so that every group and
    join is on one integer column and sorting by the key sorts by (sid, code, attempt).
    """
    modules_enum = module_type(spec)
    components_enum = component_type(spec)
    codes = list(modules_enum.categories)
    names = list(components_enum.categories)
    n_mod = len(codes)
    n_comp = len(names)
    ordered = table.sort(pl.col("module_code").to_physical())

    def per_module(column: str, index: pl.Expr) -> pl.Expr:
        return _by_index(ordered[column].to_list(), ordered.schema[column], index)

    ns_mark = hundredths_value(p, "non_submission_mark")
    window = hundredths_value(p, "late_capped_up_to_hours")
    capped = flag_value(p, "resit_capped_at_pass_mark")
    max_sits = int_value(p, "max_sits")
    zone = hundredths_value(p, "compensation_zone")

    # --- rows: rules.md §1-3, NS scores the non-submission mark; late work capped or zero
    midx = pl.col("module_code").to_physical().cast(pl.Int64)
    rows = marks.select(
        "sid",
        pl.col("module_code").cast(modules_enum),
        pl.col("component").cast(components_enum),
        *(c for c in MARKS_SCHEMA if c not in ("student_id", "module_code", "component")),
    ).with_columns(per_module("pass", midx).alias("pass"))
    late = (pl.col("late") > 0) & (pl.col("flag").fill_null("") != "MC")
    within = pl.col("late") <= window
    rows = rows.with_columns(
        pl.when(pl.col("flag") == "NS")
        .then(pl.lit(ns_mark, dtype=pl.Int64))
        .when(late & within)
        .then(pl.min_horizontal("mark", "pass"))
        .when(late)
        .then(pl.lit(0, dtype=pl.Int64))
        .otherwise(pl.col("mark"))
        .alias("row_mark"),
        pl.when(pl.col("flag") == "MC")
        .then(pl.lit("set_aside"))
        .when(pl.col("flag") == "NS")
        .then(pl.lit("not_submitted"))
        .when(late & within)
        .then(pl.lit("late_capped"))
        .when(late)
        .then(pl.lit("late_zero"))
        .otherwise(pl.lit("none"))
        .alias("row_effect"),
    )

    # --- attempts: rules.md §4-7, module mark per attempt, its sit, and its counted mark
    top = rows["attempt"].max()
    n_att = (int(top) if isinstance(top, int) else 0) + 1
    weights = [0] * (n_mod * n_comp)
    known = [False] * (n_mod * n_comp)
    for m in spec.modules:
        for c in m.components:
            slot = codes.index(m.code) * n_comp + names.index(c.name)
            weights[slot], known[slot] = int(c.weight * 100), True
    weight: pl.Expr
    if n_comp:
        pair = midx * n_comp + pl.col("component").to_physical().cast(pl.Int64)
        weight = pl.when(_by_index(known, pl.Boolean, pair)).then(
            _by_index(weights, pl.Int64, pair)
        )
    else:
        weight = pl.lit(None, dtype=pl.Int64)
    mk = pl.col("sid").cast(pl.Int64) * n_mod + midx
    # the input refuses duplicate rows and mixed attempts, so plain sums and counts suffice
    attempts = (
        rows.lazy()
        .select(
            (mk * n_att + pl.col("attempt")).alias("ak"),
            (pl.col("flag") == "MC").fill_null(False).alias("_mc"),
            pl.col("component").is_null().alias("_whole"),
            pl.when(pl.col("component").is_null()).then(pl.col("row_mark")).alias("_whole_mark"),
            "component",
            (weight * pl.col("row_mark")).alias("_weighted"),
            # row_effect not_submitted / late_capped or late_zero, from what decides them
            (pl.col("flag") == "NS").fill_null(False).alias("_ns"),
            ((pl.col("late") > 0) & pl.col("flag").is_in(["NS", "MC"]).fill_null(False).not_())
            .fill_null(False)
            .alias("_late"),
        )
        .group_by("ak")
        .agg(
            pl.col("_mc").any().alias("set_aside"),
            pl.col("_whole").any().alias("whole"),
            pl.col("_whole_mark").max().alias("whole_mark"),
            pl.col("component").count().alias("n_given"),
            pl.col("_weighted").sum().alias("weighted_sum"),
            pl.col("_ns").any().alias("had_ns"),
            pl.col("_late").any().alias("had_late"),
        )
        .with_columns(pl.col("set_aside").alias("had_mc"))  # row_effect set_aside: an MC row
        .sort("ak")
        .with_columns(
            (pl.col("ak") // n_att).alias("mk"),
            (pl.col("ak") % n_att).alias("attempt"),
        )
        .with_columns(
            (pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"),
            (pl.col("mk") % n_mod).alias("_midx"),
        )
        .with_columns(
            per_module("module_code", pl.col("_midx")).alias("module_code"),
            per_module("n_components", pl.col("_midx")).alias("n_components"),
            per_module("weight_total", pl.col("_midx")).alias("weight_total"),
            per_module("pass", pl.col("_midx")).alias("pass"),
        )
        .with_columns(
            (pl.col("whole") | (pl.col("n_given") == pl.col("n_components"))).alias("complete"),
        )
        .with_columns(
            pl.when(pl.col("whole"))
            .then(pl.col("whole_mark"))
            .when(pl.col("complete"))
            .then(round_half_up(pl.col("weighted_sum"), pl.col("weight_total")))
            .alias("mark"),
            # rules.md §4, §6: an attempt set aside (MC) or incomplete uses no sit
            (pl.col("set_aside").not_() & pl.col("complete")).alias("uses_sit"),
        )
        .with_columns(pl.col("uses_sit").cast(pl.Int64).cum_sum().alias("_used"))
        .with_columns(
            # the sit: uses so far within the (student, module), the attempts being sorted
            pl.when(pl.col("uses_sit"))
            .then(
                pl.col("_used")
                - pl.when((pl.col("mk") != pl.col("mk").shift(1)).fill_null(True))
                .then(pl.col("_used") - pl.col("uses_sit").cast(pl.Int64))
                .forward_fill()
            )
            .alias("sit"),
        )
        .with_columns(
            pl.when(pl.col("set_aside") | pl.col("complete").not_())
            .then(pl.lit(None, dtype=pl.Int64))
            .when((pl.col("sit") >= 2) & pl.lit(capped))
            .then(pl.min_horizontal("mark", "pass"))
            .otherwise(pl.col("mark"))
            .alias("counted"),
        )
        .collect()
    )

    # --- modules: rules.md §8-9, standing mark, sits left, and pass / zone / fail
    # rules.md §4: while an attempt is incomplete the module is pending: no standing mark
    marked = (
        attempts.lazy()
        .group_by("mk")
        .agg(
            pl.col("counted").max().alias("best"),
            pl.col("uses_sit").cast(pl.Int64).sum().alias("sits_used"),
            (pl.col("complete").not_() & pl.col("set_aside").not_()).any().alias("pending"),
            pl.col("attempt").max().alias("last_attempt"),
            pl.col("had_ns").any(),
            pl.col("had_late").any(),
            pl.col("had_mc").any(),
            (pl.col("sit") >= 2).any().alias("had_resit"),
        )
        .collect()
    )
    joined: pl.LazyFrame
    if registrations is not None:
        regs = registrations.select(
            pl.col("student_id").cast(pl.String), pl.col("module_code").cast(modules_enum)
        ).join(students, on="student_id")
        taken = (
            regs.lazy().select((pl.col("sid").cast(pl.Int64) * n_mod + midx).alias("mk")).unique()
        )
        joined = taken.join(marked.lazy(), on="mk", how="left").sort("mk")
    else:
        required = [
            codes.index(m.code)
            for m in spec.modules
            if m.category in (Category.CORE, Category.COMPULSORY) and m.runs_in(spec.year)
        ]
        # the modules with marks and every required one: one sort by (mk, source) and the
        # first row of each mk (so that a module with marks keeps them)
        parts = [marked.lazy().with_columns((pl.col("mk") * 2).alias("_key"))]
        if required:
            parts.append(
                students.lazy()
                .select((pl.col("sid").cast(pl.Int64) * n_mod).alias("base"))
                .join(pl.LazyFrame({"r": required}, schema={"r": pl.Int64}), how="cross")
                .select(
                    (pl.col("base") + pl.col("r")).alias("mk"),
                    ((pl.col("base") + pl.col("r")) * 2 + 1).alias("_key"),
                )
            )
        joined = (
            pl.concat(parts, how="diagonal")
            .sort("_key")
            .filter((pl.col("mk") != pl.col("mk").shift(1)).fill_null(True))
            .drop("_key")
        )
    table_columns = [c for c in table.columns if c != "module_code"]
    core = pl.col("category") == Category.CORE.value
    modules = (
        joined.with_columns(
            (pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"),
            (pl.col("mk") % n_mod).alias("_midx"),
        )
        .select(
            "sid",
            per_module("module_code", pl.col("_midx")).alias("module_code"),
            *(per_module(c, pl.col("_midx")).alias(c) for c in table_columns),
            "best",
            pl.col("sits_used").fill_null(0),
            pl.col("pending").fill_null(False),
            pl.when(pl.col("pending").fill_null(False))
            .then(None)
            .otherwise(pl.col("best"))
            .alias("standing"),
            pl.col("last_attempt").fill_null(0),
            (max_sits - pl.col("sits_used").fill_null(0)).alias("sits_left"),
            "mk",
            "had_ns",
            "had_late",
            "had_mc",
            "had_resit",
        )
        .with_columns(
            pl.when(pl.col("standing").is_null() | pl.col("pending"))
            .then(pl.lit("missing"))
            .when(pl.col("standing") >= pl.col("pass"))
            .then(pl.lit("passed"))
            .when(core.not_() & (pl.col("standing") >= pl.col("pass") - zone))
            .then(pl.lit("zone"))
            .otherwise(pl.lit("failed"))
            .alias("mark_result")
        )
        .collect()
        .rechunk()
    )
    # facts about a student's rows: from every module with marks (registered or not)
    facts = (
        marked.lazy()
        .group_by((pl.col("mk") // n_mod).cast(pl.UInt32).alias("sid"))
        .agg(pl.col("had_ns", "had_late", "had_mc", "had_resit").any())
        .collect()
    )
    attempts = attempts.select(
        "sid",
        "module_code",
        "attempt",
        "set_aside",
        "whole",
        "n_given",
        "complete",
        "uses_sit",
        "mark",
        "sit",
        "counted",
    )
    return rows, attempts, modules, facts


# --- per student -------------------------------------------------------------------------------


def _selection_unmet(
    spec: Specification, table: pl.DataFrame
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Per-student counts for each selection rule (aggregations over the modules taken),
    and the steps that word `unmet`: which rules are not yet met, in order, joined by '; '.
    """
    counts: list[pl.Expr] = []
    steps: list[pl.Expr] = [pl.lit("").alias("unmet")]
    n = 0
    for stage in spec.stages:
        for rule in stage.selection:
            matches = pl.col("category") == rule.category.value
            if rule.group is not None:
                matches &= pl.col("group") == rule.group
            what = rule.category.value + (f" module of {rule.group}" if rule.group else " module")
            if rule.choose == "all":
                needed = table.filter(matches & pl.col("running")).height
                text = f"not every {what} is registered"
            else:
                needed = rule.choose
                text = f"no {what} chosen" if needed == 1 else f"fewer than {needed} {what}s chosen"
            name = f"_rule{n}"
            n += 1
            counts.append(matches.sum().alias(name))
            unmet = pl.col("unmet")
            steps.append(
                pl.when(pl.col(name).fill_null(0) < needed)
                .then(pl.when(unmet == "").then(pl.lit(text)).otherwise(unmet + "; " + text))
                .otherwise(unmet)
                .alias("unmet")
            )
    return counts, steps


def _band_index(mark: pl.Expr, bands: list[int]) -> pl.Expr:
    """Index of the highest band the mark reaches (0 = highest); len(bands) if none."""
    expr = pl.lit(len(bands), dtype=pl.Int64)
    for index in range(len(bands) - 1, -1, -1):
        expr = pl.when(mark >= bands[index]).then(pl.lit(index, dtype=pl.Int64)).otherwise(expr)
    return expr


def evaluate(
    spec: Specification,
    regulations: Regulations | dict[str, Parameter],
    marks: pl.DataFrame,
    registrations: pl.DataFrame | None = None,
) -> Evaluation:
    """Evaluate a cohort. `marks` / `registrations` are the frames of `inputs.py`."""
    p = parameters_for(spec, regulations) if isinstance(regulations, Regulations) else regulations
    table = module_table(spec, p)
    award = spec.award
    award_pass = pass_marks(p)[award.min_level]
    bands = [int(b.min_mark * 100) for b in award.bands]
    band_names = [b.name for b in award.bands]
    margin = hundredths_value(p, "borderline_margin")

    marks = marks.select(list(MARKS_SCHEMA)).cast(MARKS_SCHEMA)  # type: ignore[arg-type]
    # every student gets a small integer id (in student_id order) and every (student,
    # module) an integer key: joins and groups on them are far cheaper than on strings
    students, marks = _student_index(marks, registrations)
    table = table.with_columns(pl.col("module_code").cast(module_type(spec)))
    rows, attempts, modules, facts = _frames(spec, marks, registrations, students, table, p)

    # rules.md §10: POWA over every module with a standing mark, rounded once
    has_mark = pl.col("standing").is_not_null()
    some = pl.col("_n") > 0
    powa = (
        modules.lazy()
        .group_by("sid")
        .agg(
            (pl.col("ects") * pl.col("standing")).sum().alias("powa_num"),
            pl.col("ects").filter(has_mark).sum().alias("powa_den"),
            has_mark.sum().alias("_n"),
        )
        .select(
            "sid",
            pl.when(some).then(pl.col("powa_num")).alias("powa_num"),
            pl.when(some).then(pl.col("powa_den")).alias("powa_den"),
            pl.when(some).then(round_half_up(pl.col("powa_num"), pl.col("powa_den"))).alias("powa"),
        )
    )
    # rules.md §11: compensation is open when the POWA reaches the award level's pass mark
    required = flag_value(p, "compensation_requires_pass_average")
    powa_frame = (
        students.lazy()
        .join(powa, on="sid", how="left")
        .with_columns(
            (pl.lit(not required) | (pl.col("powa").fill_null(-1) >= award_pass)).alias(
                "may_compensate"
            )
        )
        .sort("sid")
        .collect()
    )
    modules = compensate(modules, powa_frame, p)

    core = pl.col("category") == Category.CORE.value
    earned = pl.col("result").is_in(["passed", "compensated"])
    below = pl.col("level") < award.min_level
    project = pl.col("module_code") == award.project_module if award.project_module else None

    def credits(condition: pl.Expr) -> pl.Expr:
        return pl.when(condition).then(pl.col("ects")).otherwise(0).sum()

    rule_counts, unmet_steps = _selection_unmet(spec, table)
    per_student = (
        modules.lazy()
        .group_by("sid")
        .agg(
            credits(earned).alias("credits_earned"),
            credits(pl.col("result") == "compensated").alias("credits_compensated"),
            credits(earned & below).alias("credits_below_level"),
            (core & (pl.col("result") != "passed")).any().alias("core_not_passed"),
            (
                pl.when(project).then(pl.col("standing")).max()
                if project is not None
                else pl.lit(None, dtype=pl.Int64)
            ).alias("project_mark"),
            (pl.col("mark_result") == "zone").any().alias("had_zone"),
            ((pl.col("mark_result") == "failed") & core.not_() & pl.col("standing").is_not_null())
            .any()
            .alias("had_below_zone"),
            (pl.col("referred") | pl.col("exhausted")).any().alias("had_failed"),
            *rule_counts,
        )
    )
    # module lists, in module-code order (modules are sorted; groups keep row order)
    lists = [
        join_per_student(
            modules.lazy().filter(condition), pl.col("module_code").cast(pl.String), separator, name
        )
        for condition, separator, name in (
            (pl.col("referred"), ";", "referred_modules"),
            (pl.col("exhausted"), ", ", "exhausted_modules"),
            (pl.col("result") == "missing", ", ", "missing_modules"),
        )
    ]

    s_lazy = powa_frame.lazy().join(per_student, on="sid", how="left")
    for frame in (*lists, facts.lazy()):
        s_lazy = s_lazy.join(frame, on="sid", how="left")
    for step in unmet_steps:
        s_lazy = s_lazy.with_columns(step)
    s = (
        s_lazy.drop(cs.starts_with("_rule"))
        .with_columns(
            pl.col(c).fill_null(0)
            for c in ("credits_earned", "credits_compensated", "credits_below_level")
        )
        .with_columns(
            pl.col(c).fill_null(False)
            for c in ("had_ns", "had_late", "had_mc", "had_resit", "had_zone", "had_below_zone")
        )
        .with_columns(
            pl.col(c).fill_null("")
            for c in ("referred_modules", "exhausted_modules", "missing_modules", "unmet")
        )
        .sort("sid")
        .collect()
    )
    limit_comp = int_value(p, "max_compensated_credits")
    limit_below = int_value(p, "max_credits_below_level")
    meets = (
        (pl.col("credits_earned") >= award.min_credits)
        & (pl.col("credits_below_level") <= limit_below)
        & (pl.col("credits_compensated") <= limit_comp)
        & pl.col("core_not_passed").fill_null(True).not_()
    )
    s = s.with_columns(
        pl.when(pl.col("exhausted_modules") != "")
        .then(pl.lit("failed"))
        .when((pl.col("missing_modules") != "") | (pl.col("unmet") != ""))
        .then(pl.lit("incomplete"))
        .when(pl.col("referred_modules") != "")
        .then(pl.lit("referred"))
        .when(meets)
        .then(pl.lit("awarded"))
        .otherwise(pl.lit("failed"))
        .alias("status")
    )
    awarded = pl.col("status") == "awarded"
    powa_band = _band_index(pl.col("powa"), bands)
    project_band = (
        _band_index(pl.col("project_mark"), bands)
        if award.project_module
        else pl.lit(0, dtype=pl.Int64)
    )
    s = s.with_columns(
        powa_band.alias("powa_band"),
        pl.when(pl.col("project_mark").is_null())
        .then(pl.lit(0, dtype=pl.Int64))
        .otherwise(project_band)
        .alias("project_band"),
    ).with_columns(pl.max_horizontal("powa_band", "project_band").alias("class_band"))
    names = pl.Series("names", [*band_names, None], dtype=pl.String)
    thresholds = [*bands, None]
    s = s.with_columns(
        pl.when(awarded)
        .then(pl.col("class_band").replace_strict(list(range(len(names))), names))
        .alias("classification"),
        (awarded & (pl.col("project_band") > pl.col("powa_band"))).alias("project_lowered"),
        pl.when(pl.col("powa_band") > 0)
        .then(
            pl.col("powa_band").replace_strict(
                list(range(1, len(thresholds))), thresholds[:-1], default=None
            )
        )
        .alias("next_threshold"),
    ).with_columns(
        (
            awarded
            & pl.col("next_threshold").is_not_null()
            & (pl.col("powa") >= pl.col("next_threshold") - margin)
        ).alias("borderline"),
    )
    exits = sorted(award.exit_awards, key=lambda e: e.min_credits, reverse=True)
    exit_award: pl.Expr = pl.lit(None, dtype=pl.String)
    for exit_rule in reversed(exits):
        exit_award = (
            pl.when(pl.col("credits_earned") >= exit_rule.min_credits)
            .then(pl.lit(exit_rule.name))
            .otherwise(exit_award)
        )
    has_dic = spec.ownership.associateship is not None
    s = s.with_columns(
        pl.when(awarded)
        .then(pl.lit(award.name))
        .when(pl.col("status") == "failed")
        .then(exit_award)
        .alias("award"),
        (awarded & pl.lit(has_dic)).alias("dic"),
    )
    s = add_reasons(s, modules, p, band_names, award.name)
    s = s.sort("sid")
    results = s.select(
        "student_id",
        "status",
        pl.col("award").fill_null(""),
        pl.col("classification").fill_null(""),
        as_decimal(pl.col("powa")).fill_null("").alias("powa"),
        as_decimal(pl.col("project_mark")).fill_null("").alias("project_mark"),
        "credits_earned",
        "credits_compensated",
        "referred_modules",
        "dic",
        "reasons",
        "flags",
        "assumed_parameters",
    )
    modules = modules.drop("mk", "had_ns", "had_late", "had_mc", "had_resit")
    return Evaluation(spec, p, table, rows, attempts, modules, s, results)


__all__ = [
    "EXTRA_COLUMNS",
    "MARKS_SCHEMA",
    "RESULT_COLUMNS",
    "Evaluation",
    "StudentView",
    "as_decimal",
    "evaluate",
    "hundredths_text",
    "module_table",
    "parameters_for",
    "round_half_up",
]

"""Why each student has their outcome: short sentences, and the flags for the board.

Every sentence is worded from columns the engine computed; nothing is decided here.
"""

from __future__ import annotations

import polars as pl

from registrar.rules.numbers import as_decimal
from registrar.rules.parameters import Parameter
from registrar.spec.model import Category


def join_per_student(
    frame: pl.LazyFrame, value: pl.Expr, separator: str, name: str
) -> pl.LazyFrame:
    """One row per `sid` with its values joined by `separator` (as `str.join` per group).

    `frame` must hold each student's rows together, in the order wanted. Instead of a
    group_by (which joins strings group by group), the first row of each student gathers
    the next rows' values by shifting: as many shifts as the longest run of rows.
    """
    sid = pl.col("sid")
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    runs = frame.select(
        sid,
        value.alias("_value"),
        (sid != sid.shift(1)).fill_null(True).alias("_first"),
    ).with_columns(
        (index - pl.when(pl.col("_first")).then(index).forward_fill()).alias("_position")
    )
    longest = runs.select(pl.col("_position").max()).collect().item()
    parts = [
        pl.when(sid.shift(-k) == sid).then(pl.col("_value").shift(-k))
        for k in range(1, (longest or 0) + 1)
    ]
    joined = pl.concat_str([pl.col("_value"), *parts], separator=separator, ignore_nulls=True)
    return runs.with_columns(joined.alias(name)).filter(pl.col("_first")).select(sid, name)


def add_reasons(
    s: pl.DataFrame,
    modules: pl.DataFrame,
    p: dict[str, Parameter],
    band_names: list[str],
    award_name: str,
) -> pl.DataFrame:
    """Add `reasons` (sentences joined by '; ') and `flags` to `s`.

    `s` is the engine's per-student frame, `modules` its per-module frame.
    """
    mark = as_decimal(pl.col("standing"))
    pass_text = as_decimal(pl.col("pass"))
    code = pl.col("module_code").cast(pl.String)
    module_reason = (
        pl.when(pl.col("result") == "missing")
        .then(
            pl.when(pl.col("pending"))
            .then(pl.format("{}: marks missing (an attempt lacks a component)", code))
            .when(pl.col("last_attempt") > 0)
            .then(
                pl.format(
                    "{}: no standing mark (its attempts were set aside for mitigating "
                    "circumstances)",
                    code,
                )
            )
            .otherwise(pl.format("{}: no mark yet", code))
        )
        .when(pl.col("result") == "compensated")
        .then(pl.format("{}: compensated pass at {} ({} ECTS)", code, mark, "ects"))
        .when(pl.col("referred"))
        .then(
            pl.format(
                "{}: {} is below the pass mark {}{}; referred (resit due)",
                code,
                mark,
                pass_text,
                pl.when(pl.col("category") == Category.CORE.value)
                .then(pl.lit(", core modules are never compensated"))
                .when(pl.col("mark_result") == "zone")
                .then(pl.lit(", not compensated"))
                .otherwise(pl.lit("")),
            )
        )
        .when(pl.col("exhausted"))
        .then(
            pl.format(
                "{}: {} is below the pass mark {} and no sit is left",
                code,
                mark,
                pass_text,
            )
        )
    )
    # only the modules that have a sentence are worded (a few of them in a large cohort)
    worded = (
        (pl.col("result") == "missing")
        | (pl.col("result") == "compensated")
        | pl.col("referred")
        | pl.col("exhausted")
    )
    per_student = (
        modules.lazy()
        .filter(worded)
        .with_columns(module_reason.alias("reason"))
        .filter(pl.col("reason").is_not_null())
    )
    reasons = join_per_student(per_student, pl.col("reason"), "; ", "module_reasons").collect()
    band_name = pl.col("class_band").replace_strict(
        list(range(len(band_names) + 1)), [*band_names, "no band"], return_dtype=pl.String
    )
    powa_band_name = pl.col("powa_band").replace_strict(
        list(range(len(band_names) + 1)), [*band_names, "no band"], return_dtype=pl.String
    )
    project_band_name = pl.col("project_band").replace_strict(
        list(range(len(band_names) + 1)), [*band_names, "no band"], return_dtype=pl.String
    )
    award_reason = (
        pl.when(pl.col("status") == "awarded")
        .then(
            pl.format(
                "{} awarded: {} credits; POWA {} reaches {}{}",
                pl.lit(award_name),
                "credits_earned",
                as_decimal(pl.col("powa")),
                powa_band_name,
                pl.when(pl.col("project_mark").is_not_null())
                .then(
                    pl.format(
                        ", project {} reaches {}; classification {}",
                        as_decimal(pl.col("project_mark")),
                        project_band_name,
                        band_name,
                    )
                )
                .otherwise(pl.format("; classification {}", band_name)),
            )
        )
        .when((pl.col("status") == "failed") & (pl.col("exhausted_modules") == ""))
        .then(
            pl.format(
                "the {} requirements are not met ({} credits earned)",
                pl.lit(award_name),
                "credits_earned",
            )
        )
    )
    unmet_reason = pl.when(pl.col("unmet") != "").then(pl.col("unmet"))
    skills_reason = pl.when(pl.col("skills_missing").fill_null("") != "").then(
        pl.format("professional skills courses not completed: {}", pl.col("skills_missing"))
    )
    return s.join(reasons, on="sid", how="left").with_columns(
        pl.concat_str(
            [award_reason, unmet_reason, skills_reason, pl.col("module_reasons")],
            separator="; ",
            ignore_nulls=True,
        ).alias("reasons"),
        pl.concat_str(
            [
                pl.when(pl.col("borderline")).then(pl.lit("borderline")),
                pl.when(pl.col("project_lowered")).then(pl.lit("project_lowered")),
            ],
            separator=";",
            ignore_nulls=True,
        ).alias("flags"),
    )

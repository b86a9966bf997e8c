"""Checks across rows: selection rules, duplicate and mixed attempts, sits allowed."""

from __future__ import annotations

import polars as pl

from registrar.rules.inputs.problems import InputProblem, shown
from registrar.rules.inputs.rows import _modules_frame
from registrar.rules.parameters import Parameter
from registrar.rules.selection import matches as rule_matches
from registrar.rules.sits import sit_number, uses_sit
from registrar.spec.model import Specification


def _selection_checks(chosen: pl.DataFrame, spec: Specification, file: str) -> list[InputProblem]:
    """Students with more modules under a 'choose N' rule than it allows.

    `chosen` holds one row per (student_id, module_code) with the line that first names it.
    """
    modules, _ = _modules_frame(spec)
    # one integer per student if the caller has it (`_sid`): counting on it is cheaper
    key = "_sid" if "_sid" in chosen.columns else "student_id"
    out: list[InputProblem] = []
    for stage in spec.stages:
        for rule in stage.selection:
            if rule.choose == "all":
                continue
            what = rule.describe()
            codes = modules.filter(rule_matches(rule))["module_code"].implode()
            rows = chosen.filter(pl.col("module_code").is_in(codes))
            # the few students over the limit first, then their rows in detail
            over_limit = rows.group_by(key).len().filter(pl.col("len") > rule.choose)
            if over_limit.height == 0:
                continue
            over = (
                rows.join(over_limit.select(key), on=key, how="semi")
                .with_columns(pl.len().over("student_id").alias("taken"))
                .filter(pl.col("taken") > rule.choose)
                .sort("line")
                .with_columns(
                    pl.col("module_code").cum_count().over("student_id").alias("nth"),
                    pl.col("module_code").sort().str.join(", ").over("student_id").alias("all"),
                )
                .filter(pl.col("nth") > rule.choose)
            )
            out += [
                InputProblem(
                    file,
                    line,
                    "module_code",
                    f"student {shown(student)} takes {taken} {what} ({names}); "
                    f"the selection rule allows {rule.choose}",
                    "remove the rows of the modules the student does not take",
                )
                for student, line, taken, names in over.select(
                    "student_id", "line", "taken", "all"
                ).iter_rows()
            ]
    return out


def _over_selection(keyed: pl.DataFrame, spec: Specification) -> bool:
    """Some student of `_keyed` marks has more modules under a 'choose N' rule than it
    allows: the cheap test before `_selection_checks` words each (a clean file has none).

    Counted on the integer keys alone: the distinct `_mk` are the (student, module) pairs.
    """
    modules, _ = _modules_frame(spec)
    codes = sorted({m.code for m in spec.modules})
    rules = [r for stage in spec.stages for r in stage.selection if r.choose != "all"]
    if not rules:
        return False
    pairs = keyed.lazy().select(pl.col("_mk").unique()).collect()
    module = pl.col("_mk") % len(codes)
    for rule in rules:
        chosen = [codes.index(c) for c in modules.filter(rule_matches(rule))["module_code"]]
        counts = (
            pairs.lazy()
            .filter(module.is_in(chosen))
            .group_by(pl.col("_mk") // len(codes))
            .len()
            .filter(pl.col("len") > rule.choose)
            .collect()
        )
        if counts.height:
            return True
    return False


def _keyed(marks: pl.DataFrame, spec: Specification) -> pl.DataFrame:
    """Checked marks with integer keys: `_sid` per student, `_mk` per (student, module),
    `_ak` per attempt and `_rk` per row key (student, module, component, attempt).

    Every module code and component is known by now, so each key is exact (no hashing):
    grouping and finding duplicates on one integer column is far cheaper than on strings.
    """
    codes = sorted({m.code for m in spec.modules})
    names = sorted({c.name for m in spec.modules for c in m.components})
    n_mod, n_comp = len(codes), len(names)
    top = marks["attempt"].max()
    n_att = (int(top) if isinstance(top, int) else 0) + 1
    sid = pl.col("student_id")
    in_order = marks.height > 0 and bool(
        marks.select((sid >= sid.shift(1)).all().fill_null(True)).item()
    )
    # the common file lists each student's rows together, in id order: number the runs
    number = (
        (sid != sid.shift(1)).fill_null(True).cast(pl.Int64).cum_sum()
        if in_order
        else sid.cast(pl.Categorical).to_physical().cast(pl.Int64)
    )
    midx = pl.col("module_code").cast(pl.Enum(codes)).to_physical().cast(pl.Int64)
    cidx = (
        pl.col("component").cast(pl.Enum(names)).to_physical().cast(pl.Int64) + 1
        if n_comp
        else pl.lit(None, dtype=pl.Int64)
    ).fill_null(0)
    return (
        marks.lazy()
        .with_columns(number.alias("_sid"))
        .with_columns((pl.col("_sid") * n_mod + midx).alias("_mk"))
        .with_columns((pl.col("_mk") * n_att + pl.col("attempt")).alias("_ak"))
        .with_columns((pl.col("_ak") * (n_comp + 1) + cidx).alias("_rk"))
        .collect()
    )


def _row_relations(
    keyed: pl.DataFrame, spec: Specification, parameters: dict[str, Parameter], file: str
) -> list[InputProblem]:
    """Checks across rows: duplicates, mixed attempts, attempts without predecessors.

    Each check finds its few suspects with one cheap pass on the integer keys of `_keyed`
    (is_duplicated, group_by) and only then looks closer, so that a large clean file
    costs little.
    """
    out: list[InputProblem] = []
    columns = [c for c in keyed.columns if not c.startswith("_")]
    key = ["student_id", "module_code", "component", "attempt"]
    if keyed["_rk"].n_unique() < keyed.height:
        duplicated = keyed.lazy().filter(pl.col("_rk").is_duplicated()).select(columns).collect()
        firsts = duplicated.group_by(key).agg(pl.col("line").min().alias("first"))
        repeats = duplicated.join(firsts, on=key, nulls_equal=True).filter(
            pl.col("line") != pl.col("first")
        )
        out += [
            InputProblem(
                file,
                line,
                "(row)",
                f"duplicate row (first at line {first})",
                "give each mark once; a resit is a new attempt",
            )
            for line, first in repeats.select("line", "first").iter_rows()
        ]

    top = keyed["attempt"].max()
    n_att = (int(top) if isinstance(top, int) else 0) + 1
    codes = sorted({m.code for m in spec.modules})
    by_code = {m.code: len(m.components) for m in spec.modules}
    n_components = pl.lit(pl.Series([by_code[c] for c in codes], dtype=pl.UInt32)).gather(
        pl.col("_mk") % len(codes)
    )
    whole = pl.col("component").is_null()
    attempts = (
        keyed.lazy()
        .group_by("_ak")
        .agg(
            pl.col("line").min(),
            whole.any().alias("has_whole"),
            whole.not_().any().alias("has_components"),
            pl.col("component").count().alias("n_given"),
            (pl.col("flag") == "MC").fill_null(False).any().alias("mc"),
        )
        .with_columns(
            (pl.col("_ak") // n_att).alias("_mk"), (pl.col("_ak") % n_att).alias("attempt")
        )
        .with_columns(
            # docs/rules.md#incomplete-attempt, #attempts-allowed: an MC or an incomplete
            # attempt uses no sit
            uses_sit(pl.col("mc"), pl.col("has_whole") | (pl.col("n_given") == n_components)).alias(
                "uses_sit"
            )
        )
        .collect()
    )
    mixed = attempts.filter(pl.col("has_whole") & pl.col("has_components"))["_ak"]
    if mixed.len():
        rows = keyed.filter(pl.col("_ak").is_in(mixed.implode()) & whole)
        out += [
            InputProblem(
                file,
                line,
                "component",
                "a whole-module mark and component marks in one attempt",
                "give either the whole module's mark or its components' marks",
            )
            for (line,) in rows.select("line").iter_rows()
        ]

    # attempt n needs attempt n-1
    orphans = attempts.filter(
        (pl.col("attempt") > 1) & (pl.col("_ak") - 1).is_in(pl.col("_ak").implode()).not_()
    ).sort("line")
    out += [
        InputProblem(
            file,
            line,
            "attempt",
            "a resit (attempt 2) without a first attempt"
            if attempt == 2
            else f"attempt {attempt} without attempt {attempt - 1}",
            "give the earlier attempt's mark too, or correct the attempt number",
        )
        for attempt, line in orphans.select("attempt", "line").iter_rows()
    ]

    # sits beyond the limit are refused; MC and incomplete attempts use none (sit ≤ attempt)
    max_sits = parameters["max_sits"].value
    assert isinstance(max_sits, int)
    late = attempts.filter(pl.col("attempt") > max_sits)["_mk"].unique()
    if late.len():
        suspects = (
            attempts.filter(pl.col("_mk").is_in(late.implode()))
            .sort("_ak")
            .with_columns(
                # the sit this attempt is, or would be once complete
                sit_number(pl.col("uses_sit"), pl.col("_mk")).alias("sit")
            )
            .filter(pl.col("mc").not_() & (pl.col("sit") > max_sits))
        )
        # an attempt's least line is one of its rows: that row names the student and module
        named = suspects.join(
            keyed.filter(pl.col("line").is_in(suspects["line"].implode())).select(
                "line", "student_id", "module_code"
            ),
            on="line",
        ).sort("_ak")
        out += [
            InputProblem(
                file,
                line,
                "attempt",
                f"attempt {attempt} would be sit {sit} of {shown(student)} at {module}; "
                f"only {max_sits} sits are allowed",
                "remove the row, or flag an attempt MC if mitigating circumstances were upheld",
            )
            for attempt, sit, student, module, line in named.select(
                "attempt", "sit", "student_id", "module_code", "line"
            ).iter_rows()
        ]
    return out

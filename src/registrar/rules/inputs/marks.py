"""The marks file, read and checked (against the registrations, if given)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from registrar.rules.inputs.cross import (
    _keyed,
    _over_selection,
    _row_relations,
    _selection_checks,
)
from registrar.rules.inputs.problems import InputError, InputProblem, shown_expr
from registrar.rules.inputs.reading import NotPlainError, read_slices, read_table
from registrar.rules.inputs.rows import (
    DECIMAL,
    FLAGS,
    MARKS_OPTIONAL,
    MARKS_REQUIRED,
    MAX_ATTEMPT,
    MAX_LATE_HOURS,
    NUMBER,
    _hundredths,
    _module_checks,
    _problems,
)
from registrar.rules.parameters import Parameter
from registrar.rules.run import by_index, component_type, module_type
from registrar.spec.model import Specification

FLAG_TYPE = pl.Enum(FLAGS)


def read_marks(
    path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    registrations: pl.DataFrame | None = None,
    registrations_file: str = "registrations",
) -> pl.DataFrame:
    """The marks file, checked against the specification (and registrations, if given).

    A plain file is read and checked a slice at a time (`read_slices`), each slice kept
    only as the compact frame it becomes; any other file is read whole (`read_table`).
    """
    try:
        marks, problems = _checked_rows(
            read_slices(path, MARKS_REQUIRED, MARKS_OPTIONAL), spec, path
        )
    except NotPlainError:
        frame, problems = read_table(path, MARKS_REQUIRED, MARKS_OPTIONAL)
        if frame is None:
            raise InputError(problems) from None
        marks, more = _checked_rows(iter([frame]), spec, path)
        problems += more
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return _checked_across(marks, path, spec, parameters, registrations, registrations_file)


def _checked_rows(
    parts: Iterator[pl.DataFrame], spec: Specification, path: Path
) -> tuple[pl.DataFrame, list[InputProblem]]:
    """Every row of every part checked alone; the parts as one compact frame (or an
    empty one, if any row has a problem)."""
    problems: list[InputProblem] = []
    compact: list[pl.DataFrame] = []
    for frame in parts:
        found, part = _checked_part(frame, spec, str(path), not problems)
        problems += found
        if part is not None:
            compact.append(part)
    if problems or not compact:
        return pl.DataFrame(schema=compact_schema(spec)), problems
    return pl.concat(compact), problems


def compact_schema(spec: Specification) -> dict[str, pl.DataType]:
    """The checked marks frame: the codes as Enums (one byte each, in code order), numbers
    as integers."""
    return {
        "student_id": pl.String(),
        "module_code": module_type(spec),
        "component": component_type(spec),
        "attempt": pl.Int64(),
        "mark": pl.Int64(),
        "flag": FLAG_TYPE,
        "late": pl.Int64(),
        "line": pl.Int64(),
    }


def _checked_part(
    frame: pl.DataFrame, spec: Specification, file: str, wanted: bool
) -> tuple[list[InputProblem], pl.DataFrame | None]:
    """One part's row problems and, if it has none and `wanted`, its compact frame."""
    problems: list[InputProblem] = []
    with_parts = [m.code for m in spec.modules if m.components]
    without_parts = [m.code for m in spec.modules if not m.components]
    # flags are codes: "ns" and "NS" are the same flag
    if not frame.select(pl.col("flag").is_in(list(FLAGS)).fill_null(True).all()).item():
        frame = frame.with_columns(pl.col("flag").str.to_uppercase())
    has_components = pl.col("module_code").is_in(pl.Series(with_parts, dtype=pl.String).implode())
    no_components = pl.col("module_code").is_in(pl.Series(without_parts, dtype=pl.String).implode())
    owners: dict[str, set[str]] = {}
    for m in spec.modules:
        for c in m.components:
            owners.setdefault(c.name, set()).add(m.code)
    if all(len(codes) == 1 for codes in owners.values()):
        # each component name belongs to one module: the pair is known if it is that one
        names = list(owners)
        known_component = (
            pl.col("component").replace_strict(
                names, [owners[n].pop() for n in names], default=None, return_dtype=pl.String
            )
            == pl.col("module_code")
        ).fill_null(False)
    else:
        pairs = [f"{m.code}\x00{c.name}" for m in spec.modules for c in m.components]
        known_component = (
            pl.concat_str(pl.col("module_code"), pl.lit("\x00"), pl.col("component"))
            .is_in(pl.Series(pairs, dtype=pl.String).implode())
            .fill_null(False)
        )
    # marks as exact hundredths: a checked decimal of at most 15 characters parses exactly
    # as Decimal(38, 2); a file with a longer one takes the slow way (as it always did)
    long_marks = frame.select((pl.col("mark").str.len_bytes() > 15).any()).item()
    schema = compact_schema(spec)
    frame = frame.with_columns(
        (
            _hundredths("mark")
            if long_marks
            else pl.col("mark")
            .cast(pl.Decimal(38, 2), strict=False)
            .to_physical()
            .cast(pl.Int64, strict=False)  # "1e22" parses, then overflows: not a mark anyway
        ).alias("_hundredths"),
        # the codes as the Enums of the compact frame, null where unknown: each text is
        # hashed once, and the suspects below are found by integer lookups
        pl.col("module_code").cast(schema["module_code"], strict=False).alias("_module"),
        pl.col("component").cast(schema["component"], strict=False).alias("_component"),
        pl.col("attempt").cast(pl.Int64, strict=False).alias("_attempt"),
    )
    mark_decimal = pl.col("mark").str.contains(DECIMAL).fill_null(False)
    # every row that breaks a check below is among these (see each check); a null
    # (an unknown code) counts as suspect
    suspect = pl.any_horizontal(
        *_module_suspects(spec),
        pl.col("mark").is_not_null() & mark_decimal.not_(),  # not a mark, < 0, 3 decimals
        mark_decimal & (pl.col("_hundredths") > 10000),  # above 100
        pl.col("mark").str.len_bytes() > 15,  # where _hundredths would overflow Int64
        pl.col("mark").is_null(),
        (pl.col("flag") == "NS").fill_null(False),  # (a null would make every row suspect)
        pl.col("flag").is_not_null() & pl.col("flag").is_in(FLAGS).not_(),
        # one digit 1-9 is a common attempt; anything else is looked at closely
        pl.col("attempt").is_not_null()
        & ((pl.col("attempt").str.len_bytes() == 1) & pl.col("_attempt").is_between(1, 9)).not_(),
        pl.col("late_hours").is_not_null(),
    )
    mark_number = pl.col("mark").str.contains(NUMBER).fill_null(False)
    mark_ok = pl.col("mark").str.contains(DECIMAL).fill_null(False)
    late_ok = pl.col("late_hours").str.contains(NUMBER)
    attempt_ok = pl.col("attempt").str.contains(r"^[0-9]+$")
    attempt = pl.col("attempt").cast(pl.Int64, strict=False)
    mark, flag, late_hours = shown_expr("mark"), shown_expr("flag"), shown_expr("late_hours")
    problems += _problems(
        frame,
        file,
        [
            *_module_checks(spec),
            (
                pl.col("mark").is_not_null() & mark_number.not_(),
                "mark",
                pl.format("'{}' is not a mark", mark),
                "write a number from 0 to 100 with at most two decimals",
            ),
            (
                mark_number & pl.col("mark").str.starts_with("-"),
                "mark",
                pl.format("{} is below 0", mark),
                "give a mark from 0 to 100",
            ),
            (
                mark_number & pl.col("mark").str.starts_with("-").not_() & mark_ok.not_(),
                "mark",
                pl.format("{} has more than two decimals", mark),
                "round it to two",
            ),
            (
                # more than three integer digits is above 100 however long (no Int64 overflow)
                mark_ok
                & (
                    (pl.col("mark").str.extract(r"^0*([0-9]*)").str.len_bytes() > 3)
                    | (_hundredths("mark") > 10000)
                ),
                "mark",
                pl.format("{} is above 100", mark),
                "give a mark from 0 to 100",
            ),
            (
                pl.col("mark").is_null() & pl.col("flag").is_in(FLAGS).not_().fill_null(True),
                "mark",
                pl.lit("empty"),
                "give a mark, or flag the row NS (not submitted) or MC",
            ),
            (
                # docs/rules.md#not-submitted: NS stands for the mark; a mark beside it is
                # either the wrong row or a wrong flag
                pl.col("mark").is_not_null() & (pl.col("flag") == "NS"),
                "mark",
                pl.format("a mark ({}) with the flag NS (not submitted)", mark),
                "leave the mark empty for work not submitted, or remove the NS flag",
            ),
            (
                pl.col("flag").is_not_null() & pl.col("flag").is_in(FLAGS).not_(),
                "flag",
                pl.format("unknown flag {}", flag),
                "write NS (not submitted), MC (mitigating circumstances) or leave it empty",
            ),
            (
                pl.col("attempt").is_not_null() & (attempt_ok.not_() | (attempt < 1)),
                "attempt",
                pl.format("'{}' is not an attempt", shown_expr("attempt")),
                "write 1 for the first sit, 2 for the resit, and so on",
            ),
            (
                attempt_ok & (attempt.is_null() | (attempt > MAX_ATTEMPT)),
                "attempt",
                pl.format("attempt {} is beyond {}", shown_expr("attempt"), pl.lit(MAX_ATTEMPT)),
                "write the attempt's number: 1 for the first sit, 2 for the resit, and so on",
            ),
            (
                pl.col("late_hours").is_not_null() & late_ok.not_(),
                "late_hours",
                pl.format("'{}' is not a number of hours", late_hours),
                "write the hours late, e.g. 3 or 1.5, or leave it empty",
            ),
            (
                pl.col("late_hours").is_not_null()
                & late_ok
                & pl.col("late_hours").str.starts_with("-"),
                "late_hours",
                pl.format("{} is negative", late_hours),
                "write 0 or more hours late",
            ),
            (
                late_ok & (pl.col("late_hours").cast(pl.Float64, strict=False) > MAX_LATE_HOURS),
                "late_hours",
                pl.format("{} hours is beyond {}", late_hours, pl.lit(MAX_LATE_HOURS)),
                f"write the hours late, at most {MAX_LATE_HOURS} (over a year)",
            ),
            (
                pl.col("component").is_not_null() & no_components,
                "component",
                pl.format("module {} has no components in the specification", "module_code"),
                "leave component empty",
            ),
            (
                pl.col("component").is_not_null() & has_components & known_component.not_(),
                "component",
                pl.format(
                    "unknown component {} of module {}", shown_expr("component"), "module_code"
                ),
                "name a component of the module in the specification, or leave it empty "
                "for the whole module's mark",
            ),
        ],
        suspect,
    )
    if problems or not wanted:
        return problems, None

    late_parts = pl.col("late_hours").str.split_exact(".", 1)
    late = (
        late_parts.struct.field("field_0").cast(pl.Int64, strict=False) * 100
        + late_parts.struct.field("field_1")
        .fill_null("")
        .str.slice(0, 2)
        .str.pad_end(2, "0")
        .cast(pl.Int64, strict=False)
        # hours beyond two decimals only matter at the window's edge: round them up
        + pl.col("late_hours")
        .str.split_exact(".", 1)
        .struct.field("field_1")
        .fill_null("")
        .str.slice(2)
        .str.contains(r"[1-9]")
        .cast(pl.Int64, strict=False)
    )
    if not frame.select((pl.col("late_hours").str.len_bytes() > 15).any()).item():
        # the same, exactly, for checked hours of at most 15 characters: hundredths of an
        # hour rounded up, from the exact decimal with 15 places
        exact = pl.col("late_hours").cast(pl.Decimal(38, 15), strict=False).to_physical()
        late = ((exact + (10**13 - 1)) // 10**13).cast(pl.Int64)
    # every code is known by now: the casts to the Enums gave no null
    return problems, frame.select(
        "student_id",
        pl.col("_module").alias("module_code"),
        pl.col("_component").alias("component"),
        pl.col("_attempt").fill_null(1).alias("attempt"),
        pl.col("_hundredths").alias("mark"),
        pl.col("flag").cast(FLAG_TYPE),
        pl.when(pl.col("late_hours").is_null()).then(0).otherwise(late).alias("late"),
        "line",
    )


def _module_suspects(spec: Specification) -> list[pl.Expr]:
    """Conditions that hold on every row `_module_checks` and the component checks refuse
    (and maybe others), on the Enum columns `_module` and `_component`: no text compared."""
    codes = list(module_type(spec).categories)
    names = list(component_type(spec).categories)
    by_code = {m.code: m for m in spec.modules}
    module = pl.col("_module").to_physical().cast(pl.Int64)
    resting = by_index([not by_code[c].runs_in(spec.year) for c in codes], pl.Boolean, module)
    has_parts = by_index([bool(by_code[c].components) for c in codes], pl.Boolean, module)
    known = [False] * (len(codes) * len(names))
    for m in spec.modules:
        for c in m.components:
            known[codes.index(m.code) * len(names) + names.index(c.name)] = True
    pair = module * len(names) + pl.col("_component").to_physical().cast(pl.Int64)
    known_pair = by_index(known, pl.Boolean, pair) if names else pl.lit(False)
    return [
        pl.col("student_id").is_null(),
        pl.col("module_code").is_null(),
        pl.col("_module").is_null(),  # an unknown module
        resting,
        # a component of a module without any, or not one of its module's
        pl.col("component").is_not_null() & (has_parts.not_() | known_pair.not_()),
    ]


def _checked_across(
    marks: pl.DataFrame,
    path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    registrations: pl.DataFrame | None,
    registrations_file: str,
) -> pl.DataFrame:
    """The checks across rows (duplicates, attempts, sits, registrations, selection)."""
    file = str(path)
    problems: list[InputProblem] = []
    keyed = _keyed(marks, spec)
    problems += _row_relations(keyed, spec, parameters, file)
    if registrations is not None:
        registered = registrations.select(
            "student_id",
            pl.col("module_code").cast(module_type(spec)),
            pl.lit(True).alias("registered"),
        )
        unregistered = marks.join(registered, on=["student_id", "module_code"], how="left")
        problems += _problems(
            unregistered,
            file,
            [
                (
                    pl.col("registered").is_null(),
                    "module_code",
                    pl.format(
                        "student {} is not registered for {} in {}",
                        shown_expr("student_id"),
                        "module_code",
                        pl.lit(registrations_file),
                    ),
                    "register the student for the module, or remove the row",
                )
            ],
        )
    elif _over_selection(keyed, spec):
        # rows are in line order: a (student, module)'s first row has its least line
        mk = pl.col("_mk")
        first = (
            (mk != mk.shift(1)).fill_null(True)
            if keyed["_mk"].is_sorted()
            else mk.is_first_distinct()
        )
        firsts = (
            keyed.lazy()
            .select("student_id", pl.col("module_code").cast(pl.String), "line", "_sid", "_mk")
            .filter(first)
            .drop("_mk")
            .collect()
        )
        problems += _selection_checks(firsts, spec, file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return marks

"""The marks and registrations CSV files, read and checked whole, into Polars frames.

The contracts are in DESIGN.md ("Interfaces that others rely on"). A file is
refused whole: `InputError` lists every bad row as `FILE:LINE: column: reason`.
Marks become integer hundredths (`mark`), late hours hundredths of an hour
(`late`); nothing is a float.

Frames handed to the engine (`Inputs.marks`, `Inputs.registrations`):

- marks: student_id, module_code, component (null = whole module), attempt,
  mark (Int64 hundredths, null when empty), flag (null, "NS" or "MC"),
  late (Int64 hundredths of an hour, 0 when empty), line;
- registrations: student_id, module_code, line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from registrar.rules.parameters import Parameter
from registrar.spec.model import Specification

MARKS_REQUIRED = ("student_id", "module_code", "mark")
MARKS_OPTIONAL = ("component", "attempt", "flag", "late_hours")
REGISTRATIONS_REQUIRED = ("student_id", "module_code")
FLAGS = ("NS", "MC")

DECIMAL = r"^[0-9]+(\.[0-9]{1,2})?$"
NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"


@dataclass(frozen=True)
class InputProblem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.reason}"


class InputError(Exception):
    """Bad input, refused whole; `problems` lists every one, in file and line order."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Inputs:
    marks: pl.DataFrame
    registrations: pl.DataFrame | None


def _read_table(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[InputProblem]]:
    """The file's rows as strings (empty → null) with their line numbers."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [InputProblem(name, 1, "(file)", f"cannot read the file ({error.strerror})")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [InputProblem(name, line, "(file)", "not UTF-8 text; save it as UTF-8")]
    if not text.strip():
        expected = ",".join(required)
        return None, [
            InputProblem(name, 1, "(file)", f"the file is empty; expected a header row: {expected}")
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[InputProblem] = []
    header: list[str] = []
    for row in reader:
        if row:
            header = [h.strip() for h in row]
            break
    header_line = reader.line_num
    known = required + optional
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(InputProblem(name, header_line, column, "this column is given twice"))
        elif column not in known:
            problems.append(
                InputProblem(
                    name,
                    header_line,
                    column or "(empty)",
                    f"unknown column (expected: {', '.join(known)})",
                )
            )
        seen.add(column)
    for column in required:
        if column not in seen:
            problems.append(
                InputProblem(name, header_line, column, "this required column is missing")
            )
    if problems:
        return None, problems
    frame = _read_plain(text, header, header_line)
    if frame is None:
        frame, problems = _read_quoted(reader, header, name)
    for column in optional:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    return frame, problems


BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _read_plain(text: str, header: list[str], header_line: int) -> pl.DataFrame | None:
    """The fast path for the common file: no quotes, no blank lines, every row whole.

    Row i is then on line header_line + 1 + i. Anything else returns None and is read by
    `_read_quoted`, which reports each malformed row.
    """
    text = text.replace("\r\n", "\n")
    if header_line != 1 or '"' in text or "\r" in text or BLANK_LINE.search(text.rstrip("\n")):
        return None
    body = text.rstrip("\n")
    rows = body.count("\n")
    if body.count(",") != (rows + 1) * (len(header) - 1):
        return None
    try:
        frame = pl.read_csv(
            io.StringIO(body + "\n"),
            has_header=True,
            new_columns=header,
            infer_schema=False,
            quote_char=None,
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height != rows:
        return None
    stripped = pl.col(pl.String).str.strip_chars()
    return frame.with_columns(
        pl.when(stripped == "").then(None).otherwise(stripped).name.keep(),
        (pl.int_range(pl.len(), dtype=pl.Int64) + header_line + 1).alias("line"),
    )


def _read_quoted(
    reader: Any, header: list[str], name: str
) -> tuple[pl.DataFrame, list[InputProblem]]:
    """Row by row with the csv module: quoted fields, blank lines, ragged rows."""
    problems: list[InputProblem] = []
    columns: dict[str, list[str | None]] = {c: [] for c in header}
    lines: list[int] = []
    for row in reader:
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            problems.append(
                InputProblem(
                    name,
                    reader.line_num,
                    "(row)",
                    f"expected {len(header)} fields, found {len(row)}",
                )
            )
            continue
        for column, value in zip(header, row, strict=True):
            stripped = value.strip()
            columns[column].append(stripped or None)
        lines.append(reader.line_num)
    frame = pl.DataFrame(
        {**{c: pl.Series(c, v, dtype=pl.String) for c, v in columns.items()}, "line": lines},
        schema={**dict.fromkeys(header, pl.String), "line": pl.Int64},
    )
    return frame, problems


def _problems(
    frame: pl.DataFrame, file: str, checks: list[tuple[pl.Expr, str, pl.Expr]]
) -> list[InputProblem]:
    """Rows where each condition holds, as problems (column, reason expression)."""
    out: list[InputProblem] = []
    for condition, column, reason in checks:
        bad = (
            frame.with_columns(condition.fill_null(False).alias("_bad"), reason.alias("_reason"))
            .filter(pl.col("_bad"))
            .select("line", "_reason")
        )
        out += [InputProblem(file, line, column, why) for line, why in bad.iter_rows()]
    return out


def _hundredths(column: str) -> pl.Expr:
    """A checked decimal string with at most two places → integer hundredths."""
    parts = pl.col(column).str.split_exact(".", 1)
    whole = parts.struct.field("field_0").cast(pl.Int64, strict=False)
    frac = (
        parts.struct.field("field_1").fill_null("").str.pad_end(2, "0").cast(pl.Int64, strict=False)
    )
    return whole * 100 + frac


def _modules_frame(spec: Specification) -> tuple[pl.DataFrame, pl.DataFrame]:
    modules = pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules],
            "category": [m.category.value for m in spec.modules],
            "group": [m.group for m in spec.modules],
            "running": [m.runs_in(spec.year) for m in spec.modules],
            "has_components": [bool(m.components) for m in spec.modules],
            "n_components": [len(m.components) for m in spec.modules],
        },
        schema={
            "module_code": pl.String,
            "category": pl.String,
            "group": pl.String,
            "running": pl.Boolean,
            "has_components": pl.Boolean,
            "n_components": pl.UInt32,
        },
    )
    components = pl.DataFrame(
        {
            "module_code": [m.code for m in spec.modules for _ in m.components],
            "component": [c.name for m in spec.modules for c in m.components],
            "known_component": [True for m in spec.modules for _ in m.components],
        },
        schema={"module_code": pl.String, "component": pl.String, "known_component": pl.Boolean},
    )
    return modules, components


def _module_checks(frame: pl.DataFrame, spec: Specification, file: str) -> list[InputProblem]:
    modules, _ = _modules_frame(spec)
    joined = frame.join(modules, on="module_code", how="left")
    return _problems(
        joined,
        file,
        [
            (pl.col("student_id").is_null(), "student_id", pl.lit("empty; give the student's id")),
            (pl.col("module_code").is_null(), "module_code", pl.lit("empty; give a module code")),
            (
                pl.col("module_code").is_not_null() & pl.col("category").is_null(),
                "module_code",
                pl.format("unknown module {} (not in the programme specification)", "module_code"),
            ),
            (
                pl.col("running").not_(),
                "module_code",
                pl.format("module {} is not running in {}", "module_code", pl.lit(spec.year)),
            ),
        ],
    )


def _selection_checks(chosen: pl.DataFrame, spec: Specification, file: str) -> list[InputProblem]:
    """Students with more modules under a 'choose N' rule than it allows.

    `chosen` holds one row per (student_id, module_code) with the line that first names it.
    """
    modules, _ = _modules_frame(spec)
    rows = chosen.join(modules, on="module_code", how="inner")
    out: list[InputProblem] = []
    for stage in spec.stages:
        for rule in stage.selection:
            if rule.choose == "all":
                continue
            matches = pl.col("category") == rule.category.value
            if rule.group is not None:
                matches &= pl.col("group") == rule.group
            what = f"{rule.category.value} modules" + (f" of {rule.group}" if rule.group else "")
            over = (
                rows.filter(matches)
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
                    f"student {student} takes {taken} {what} ({names}); "
                    f"the selection rule allows {rule.choose}",
                )
                for student, line, taken, names in over.select(
                    "student_id", "line", "taken", "all"
                ).iter_rows()
            ]
    return out


def read_registrations(path: Path, spec: Specification) -> pl.DataFrame:
    """The registrations file, checked; InputError lists every problem."""
    frame, problems = _read_table(path, REGISTRATIONS_REQUIRED, ())
    if frame is None:
        raise InputError(problems)
    file = str(path)
    problems += _module_checks(frame, spec, file)
    first = pl.col("line").min().over("student_id", "module_code")
    problems += _problems(
        frame,
        file,
        [
            (
                pl.col("student_id").is_not_null()
                & pl.col("module_code").is_not_null()
                & (pl.col("line") != first),
                "module_code",
                pl.format("duplicate registration (first at line {})", first),
            )
        ],
    )
    if not problems:
        firsts = frame.group_by("student_id", "module_code").agg(pl.col("line").min())
        problems += _selection_checks(firsts, spec, file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return frame.select("student_id", "module_code", "line")


def read_marks(
    path: Path,
    spec: Specification,
    parameters: dict[str, Parameter],
    registrations: pl.DataFrame | None = None,
    registrations_file: str = "registrations",
) -> pl.DataFrame:
    """The marks file, checked against the specification (and registrations, if given)."""
    frame, problems = _read_table(path, MARKS_REQUIRED, MARKS_OPTIONAL)
    if frame is None:
        raise InputError(problems)
    file = str(path)
    problems += _module_checks(frame, spec, file)
    modules, components = _modules_frame(spec)
    frame = frame.join(
        modules.select("module_code", "has_components"), on="module_code", how="left"
    )
    frame = frame.join(components, on=["module_code", "component"], how="left")
    # flags are codes: "ns" and "NS" are the same flag
    frame = frame.with_columns(pl.col("flag").str.to_uppercase())
    mark_number = pl.col("mark").str.contains(NUMBER).fill_null(False)
    mark_ok = pl.col("mark").str.contains(DECIMAL).fill_null(False)
    late_ok = pl.col("late_hours").str.contains(NUMBER)
    attempt_ok = pl.col("attempt").str.contains(r"^[0-9]+$")
    problems += _problems(
        frame,
        file,
        [
            (
                pl.col("mark").is_not_null() & mark_number.not_(),
                "mark",
                pl.format(
                    "'{}' is not a mark; write a number from 0 to 100 with at most two decimals",
                    "mark",
                ),
            ),
            (
                mark_number & pl.col("mark").str.starts_with("-"),
                "mark",
                pl.format("{} is below 0; marks are from 0 to 100", "mark"),
            ),
            (
                mark_number & pl.col("mark").str.starts_with("-").not_() & mark_ok.not_(),
                "mark",
                pl.format("{} has more than two decimals; round it to two", "mark"),
            ),
            (
                mark_ok & (_hundredths("mark") > 10000),
                "mark",
                pl.format("{} is above 100; marks are from 0 to 100", "mark"),
            ),
            (
                pl.col("mark").is_null() & pl.col("flag").is_in(FLAGS).not_().fill_null(True),
                "mark",
                pl.lit("empty; give a mark, or flag the row NS (not submitted) or MC"),
            ),
            (
                pl.col("flag").is_not_null() & pl.col("flag").is_in(FLAGS).not_(),
                "flag",
                pl.format("unknown flag {} (expected NS, MC or empty)", "flag"),
            ),
            (
                pl.col("attempt").is_not_null()
                & (attempt_ok.not_() | (pl.col("attempt").cast(pl.Int64, strict=False) < 1)),
                "attempt",
                pl.format("'{}' is not an attempt; write 1 (first sit), 2 (resit), ...", "attempt"),
            ),
            (
                pl.col("late_hours").is_not_null() & late_ok.not_(),
                "late_hours",
                pl.format("'{}' is not a number of hours", "late_hours"),
            ),
            (
                pl.col("late_hours").is_not_null()
                & late_ok
                & pl.col("late_hours").str.starts_with("-"),
                "late_hours",
                pl.format("{} is negative; hours late are 0 or more", "late_hours"),
            ),
            (
                pl.col("component").is_not_null() & pl.col("has_components").not_(),
                "component",
                pl.format(
                    "module {} has no components in the specification; leave component empty",
                    "module_code",
                ),
            ),
            (
                pl.col("component").is_not_null()
                & pl.col("has_components")
                & pl.col("known_component").is_null(),
                "component",
                pl.format("unknown component {} of module {}", "component", "module_code"),
            ),
        ],
    )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))

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
    marks = frame.select(
        "student_id",
        "module_code",
        "component",
        pl.col("attempt").cast(pl.Int64).fill_null(1).alias("attempt"),
        _hundredths("mark").alias("mark"),
        "flag",
        pl.when(pl.col("late_hours").is_null()).then(0).otherwise(late).alias("late"),
        "line",
    )
    problems += _row_relations(marks, spec, parameters, file)
    if registrations is not None:
        registered = registrations.select(
            "student_id", "module_code", pl.lit(True).alias("registered")
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
                        "student_id",
                        "module_code",
                        pl.lit(registrations_file),
                    ),
                )
            ],
        )
    else:
        firsts = marks.group_by("student_id", "module_code").agg(pl.col("line").min())
        problems += _selection_checks(firsts, spec, file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return marks


def _row_relations(
    marks: pl.DataFrame, spec: Specification, parameters: dict[str, Parameter], file: str
) -> list[InputProblem]:
    """Checks across rows: duplicates, mixed attempts, attempts without predecessors.

    Each check finds its few suspects with one cheap pass (is_duplicated, group_by) and
    only then looks closer, so that a large clean file costs little.
    """
    out: list[InputProblem] = []
    key = ["student_id", "module_code", "component", "attempt"]
    duplicated = marks.filter(marks.select(key).is_duplicated())
    if duplicated.height:
        firsts = duplicated.group_by(key).agg(pl.col("line").min().alias("first"))
        repeats = duplicated.join(firsts, on=key, nulls_equal=True).filter(
            pl.col("line") != pl.col("first")
        )
        out += [
            InputProblem(file, line, "(row)", f"duplicate row (first at line {first})")
            for line, first in repeats.select("line", "first").iter_rows()
        ]

    attempt_key = ["student_id", "module_code", "attempt"]
    whole = pl.col("component").is_null()
    modules, _ = _modules_frame(spec)
    attempts = (
        marks.group_by(attempt_key)
        .agg(
            pl.col("line").min(),
            whole.any().alias("has_whole"),
            whole.not_().any().alias("has_components"),
            pl.col("component").count().alias("n_given"),
            (pl.col("flag") == "MC").fill_null(False).any().alias("mc"),
        )
        .join(modules.select("module_code", "n_components"), on="module_code", how="left")
        .with_columns(
            # rules.md §4, §7: an MC or an incomplete attempt uses no sit
            (
                pl.col("mc").not_()
                & (pl.col("has_whole") | (pl.col("n_given") == pl.col("n_components")))
            ).alias("uses_sit")
        )
    )
    mixed = attempts.filter(pl.col("has_whole") & pl.col("has_components")).select(attempt_key)
    if mixed.height:
        rows = marks.join(mixed, on=attempt_key).filter(whole)
        out += [
            InputProblem(
                file,
                line,
                "component",
                "a whole-module mark and component marks in one attempt; give one or the other",
            )
            for (line,) in rows.select("line").iter_rows()
        ]

    # attempt n needs attempt n-1
    previous = attempts.select(
        "student_id",
        "module_code",
        (pl.col("attempt") + 1).alias("attempt"),
        pl.lit(True).alias("x"),
    )
    orphans = (
        attempts.filter(pl.col("attempt") > 1)
        .join(previous, on=attempt_key, how="anti")
        .sort("line")
    )
    out += [
        InputProblem(
            file,
            line,
            "attempt",
            "a resit (attempt 2) without a first attempt"
            if attempt == 2
            else f"attempt {attempt} without attempt {attempt - 1}",
        )
        for attempt, line in orphans.select("attempt", "line").iter_rows()
    ]

    # sits beyond the limit are refused; MC and incomplete attempts use none (sit ≤ attempt)
    max_sits = parameters["max_sits"].value
    assert isinstance(max_sits, int)
    late = (
        attempts.filter(pl.col("attempt") > max_sits).select("student_id", "module_code").unique()
    )
    if late.height:
        suspects = (
            attempts.join(late, on=["student_id", "module_code"])
            .sort(attempt_key)
            .with_columns(
                # the sit this attempt is, or would be once complete
                (
                    pl.col("uses_sit").cast(pl.Int64).cum_sum().over("student_id", "module_code")
                    - pl.col("uses_sit").cast(pl.Int64)
                    + 1
                ).alias("sit")
            )
            .filter(pl.col("mc").not_() & (pl.col("sit") > max_sits))
        )
        out += [
            InputProblem(
                file,
                line,
                "attempt",
                f"attempt {attempt} would be sit {sit} of {student} at {module}; "
                f"only {max_sits} sits are allowed",
            )
            for attempt, sit, student, module, line in suspects.select(
                "attempt", "sit", "student_id", "module_code", "line"
            ).iter_rows()
        ]
    return out


def load_inputs(
    spec: Specification,
    parameters: dict[str, Parameter],
    marks_path: Path,
    registrations_path: Path | None = None,
) -> Inputs:
    """Both files, checked; InputError lists every problem in both."""
    registrations = None
    problems: list[InputProblem] = []
    if registrations_path is not None:
        try:
            registrations = read_registrations(registrations_path, spec)
        except InputError as error:
            problems += error.problems
    try:
        marks = read_marks(marks_path, spec, parameters, registrations, str(registrations_path))
    except InputError as error:
        problems += error.problems
    if problems:
        raise InputError(problems)
    return Inputs(marks, registrations)

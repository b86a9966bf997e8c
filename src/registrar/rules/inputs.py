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
from registrar.rules.selection import matches as rule_matches
from registrar.rules.sits import sit_number, uses_sit
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
    """The file's rows as strings (empty → null) with their line numbers.

    A `.parquet` file is read as the same table (row i is reported as line i + 2, as
    if the file were CSV with its header on line 1) and goes through the same checks.
    """
    name = str(path)
    if path.suffix.lower() == ".parquet":
        return _read_parquet(path, required, optional)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [InputProblem(name, 1, "(file)", f"cannot read the file ({error.strerror})")]
    # An ASCII file is valid UTF-8 as it is: it is decoded only if the slow path needs it.
    ascii_text = raw.isascii()
    text: str | None = None
    if not ascii_text:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            return None, [InputProblem(name, line, "(file)", "not UTF-8 text; save it as UTF-8")]
    head = raw[:4096].decode("ascii") if ascii_text else text
    assert head is not None
    if not head or head.isspace():
        whole = raw.decode("ascii") if text is None else text
        if not whole or whole.isspace():
            expected = ",".join(required)
            return None, [
                InputProblem(
                    name, 1, "(file)", f"the file is empty; expected a header row: {expected}"
                )
            ]
    end = raw.find(b"\n")
    first = raw if end < 0 else raw[: end + 1]
    if ascii_text and b'"' not in first and first.strip():
        # the header is the first line: read it alone
        reader = csv.reader(io.StringIO(first.decode("ascii"), newline=""))
    else:
        text = raw.decode("ascii") if text is None else text
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
    frame = _read_plain(raw, header, header_line)
    if frame is None:
        if text is None:
            # the whole file, row by row, from just after the header
            reader = csv.reader(io.StringIO(raw.decode("ascii"), newline=""))
            for row in reader:
                if row:
                    break
        frame, problems = _read_quoted(reader, header, name)
    for column in optional:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    return frame, problems


def _header_problems(
    name: str, header: list[str], line: int, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[InputProblem]:
    known = required + optional
    problems = [
        InputProblem(
            name, line, column or "(empty)", f"unknown column (expected: {', '.join(known)})"
        )
        for column in header
        if column not in known
    ]
    problems += [
        InputProblem(name, line, column, "this required column is missing")
        for column in required
        if column not in header
    ]
    return problems


def _read_parquet(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[InputProblem]]:
    """A Parquet file as the CSV reader's table: every column as text, stripped, empty →
    null, with `line` = row index + 2."""
    name = str(path)
    try:
        frame = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        return None, [InputProblem(name, 1, "(file)", f"cannot read the Parquet file ({error})")]
    header = [c.strip() for c in frame.columns]
    problems = _header_problems(name, header, 1, required, optional)
    if problems:
        return None, problems
    text = pl.col(frame.columns).cast(pl.String).str.strip_chars()
    frame = frame.select(pl.when(text == "").then(None).otherwise(text).name.keep()).rename(
        dict(zip(frame.columns, header, strict=True))
    )
    frame = frame.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + 2).alias("line"))
    for column in optional:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(column))
    return frame, []


BLANK_LINE = re.compile(rb"\n[ \t]*\n")
# ASCII whitespace that str.strip_chars would strip, other than space, \r and \n
OTHER_SPACE = (b"\t", b"\x0b", b"\x0c")


def _read_plain(raw: bytes, header: list[str], header_line: int) -> pl.DataFrame | None:
    """The fast path for the common file: no quotes, no blank lines, every row whole.

    Row i is then on line header_line + 1 + i. Anything else returns None and is read by
    `_read_quoted`, which reports each malformed row. Works on the file's bytes (UTF-8,
    checked by the caller) and copies them only when it must, so that a large file costs
    little more than its parse.
    """
    data = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    if header_line != 1 or b'"' in data or b"\r" in data:
        return None
    end = len(data)
    while end and data[end - 1] == 10:  # the body: without the trailing newlines
        end -= 1
    rows = data.count(b"\n", 0, end)
    if data.count(b",", 0, end) != (rows + 1) * (len(header) - 1):
        return None
    # With two columns or more, a blank line has too few commas; the count can only still
    # agree if another line has too many, which the parser refuses: either way, not here.
    if len(header) < 2 and BLANK_LINE.search(data, 0, end) is not None:
        return None
    body = data if end == len(data) - 1 else data[:end] + b"\n"
    try:
        frame = pl.read_csv(
            body,
            has_header=True,
            new_columns=header,
            infer_schema=False,
            quote_char=None,
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height != rows:
        return None
    line = (pl.int_range(pl.len(), dtype=pl.Int64) + header_line + 1).alias("line")
    if data.isascii() and not any(space in data for space in OTHER_SPACE):
        # only a space could be stripped: strip the columns that have one at an end
        edges = frame.select(
            (pl.col(c).str.starts_with(" ") | pl.col(c).str.ends_with(" ")).any()
            for c in frame.columns
        ).row(0)
        padded = [c for c, edge in zip(frame.columns, edges, strict=True) if edge]
    else:
        padded = frame.columns
    if not padded:
        # empty fields are read as null already
        return frame.with_columns(line)
    stripped = pl.col(padded).str.strip_chars()
    return frame.with_columns(
        pl.when(stripped == "").then(None).otherwise(stripped).name.keep(), line
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
    frame: pl.DataFrame,
    file: str,
    checks: list[tuple[pl.Expr, str, pl.Expr]],
    suspect: pl.Expr | None = None,
) -> list[InputProblem]:
    """Rows where each condition holds, as problems (column, reason expression).

    A reason is worded from its own row only (it is evaluated on the bad rows alone).
    `suspect`, if given, is a cheap condition that holds on every row that breaks a
    check (and maybe others): the checks themselves are then computed on those rows only.

    All conditions are computed in one pass; reasons are worded only for the rows that
    break one, so that a large clean file costs one scan.
    """
    if not checks:
        return []
    flags = [
        condition.fill_null(False).alias(f"_bad{i}") for i, (condition, _, _) in enumerate(checks)
    ]
    rows = frame.lazy()
    if suspect is not None:
        rows = rows.filter(suspect.fill_null(True))
    bad = (
        rows.with_columns(flags)
        .filter(pl.any_horizontal(f"_bad{i}" for i in range(len(checks))))
        .collect()
    )
    if bad.height == 0:
        return []
    out: list[InputProblem] = []
    for i, (_, column, reason) in enumerate(checks):
        found = bad.filter(pl.col(f"_bad{i}")).select("line", reason.alias("_reason"))
        out += [InputProblem(file, line, column, why) for line, why in found.iter_rows()]
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


def _module_checks(spec: Specification) -> list[tuple[pl.Expr, str, pl.Expr]]:
    """The checks of student_id and module_code, for `_problems`."""
    codes = [m.code for m in spec.modules]
    resting = [m.code for m in spec.modules if not m.runs_in(spec.year)]
    return [
        (pl.col("student_id").is_null(), "student_id", pl.lit("empty; give the student's id")),
        (pl.col("module_code").is_null(), "module_code", pl.lit("empty; give a module code")),
        (
            pl.col("module_code").is_not_null()
            & pl.col("module_code").is_in(pl.Series(codes, dtype=pl.String).implode()).not_(),
            "module_code",
            pl.format("unknown module {} (not in the programme specification)", "module_code"),
        ),
        (
            pl.col("module_code").is_in(pl.Series(resting, dtype=pl.String).implode()),
            "module_code",
            pl.format("module {} is not running in {}", "module_code", pl.lit(spec.year)),
        ),
    ]


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
    problems += _problems(frame, file, _module_checks(spec))
    # the first line of each registration, over the whole file (reasons are worded on
    # the bad rows alone, so no reason may look at other rows)
    first = pl.col("_first")
    problems += _problems(
        frame.with_columns(pl.col("line").min().over("student_id", "module_code").alias("_first")),
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
    frame = frame.with_columns(
        (
            _hundredths("mark")
            if long_marks
            else pl.col("mark").cast(pl.Decimal(38, 2), strict=False).to_physical().cast(pl.Int64)
        ).alias("_hundredths")
    )
    common_attempts = [str(n) for n in range(1, 10)]
    mark_decimal = pl.col("mark").str.contains(DECIMAL).fill_null(False)
    # every row that breaks a check below is among these (see each check)
    suspect = pl.any_horizontal(
        *(condition for condition, _, _ in _module_checks(spec)),
        pl.col("mark").is_not_null() & mark_decimal.not_(),  # not a mark, < 0, 3 decimals
        mark_decimal & (pl.col("_hundredths") > 10000),  # above 100
        pl.col("mark").str.len_bytes() > 15,  # where _hundredths would overflow Int64
        pl.col("mark").is_null(),
        pl.col("flag").is_not_null() & pl.col("flag").is_in(FLAGS).not_(),
        pl.col("attempt").is_not_null() & pl.col("attempt").is_in(common_attempts).not_(),
        pl.col("late_hours").is_not_null(),
        pl.col("component").is_not_null() & no_components,
        pl.col("component").is_not_null() & has_components & known_component.not_(),
    )
    mark_number = pl.col("mark").str.contains(NUMBER).fill_null(False)
    mark_ok = pl.col("mark").str.contains(DECIMAL).fill_null(False)
    late_ok = pl.col("late_hours").str.contains(NUMBER)
    attempt_ok = pl.col("attempt").str.contains(r"^[0-9]+$")
    problems += _problems(
        frame,
        file,
        [
            *_module_checks(spec),
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
                # more than three integer digits is above 100 however long (no Int64 overflow)
                mark_ok
                & (
                    (pl.col("mark").str.extract(r"^0*([0-9]*)").str.len_bytes() > 3)
                    | (_hundredths("mark") > 10000)
                ),
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
                pl.col("component").is_not_null() & no_components,
                "component",
                pl.format(
                    "module {} has no components in the specification; leave component empty",
                    "module_code",
                ),
            ),
            (
                pl.col("component").is_not_null() & has_components & known_component.not_(),
                "component",
                pl.format("unknown component {} of module {}", "component", "module_code"),
            ),
        ],
        suspect,
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
    if not frame.select((pl.col("late_hours").str.len_bytes() > 15).any()).item():
        # the same, exactly, for checked hours of at most 15 characters: hundredths of an
        # hour rounded up, from the exact decimal with 15 places
        exact = pl.col("late_hours").cast(pl.Decimal(38, 15), strict=False).to_physical()
        late = ((exact + (10**13 - 1)) // 10**13).cast(pl.Int64)
    marks = frame.select(
        "student_id",
        "module_code",
        "component",
        pl.col("attempt").cast(pl.Int64).fill_null(1).alias("attempt"),
        pl.col("_hundredths").alias("mark"),
        "flag",
        pl.when(pl.col("late_hours").is_null()).then(0).otherwise(late).alias("late"),
        "line",
    )
    keyed = _keyed(marks, spec)
    problems += _row_relations(keyed, spec, parameters, file)
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
        # rows are in line order: a (student, module)'s first row has its least line
        mk = pl.col("_mk")
        first = (
            (mk != mk.shift(1)).fill_null(True)
            if keyed["_mk"].is_sorted()
            else mk.is_first_distinct()
        )
        firsts = (
            keyed.lazy()
            .select("student_id", "module_code", "line", "_sid", "_mk")
            .filter(first)
            .drop("_mk")
            .collect()
        )
        problems += _selection_checks(firsts, spec, file)
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return marks


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
            InputProblem(file, line, "(row)", f"duplicate row (first at line {first})")
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
                "a whole-module mark and component marks in one attempt; give one or the other",
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
                f"attempt {attempt} would be sit {sit} of {student} at {module}; "
                f"only {max_sits} sits are allowed",
            )
            for attempt, sit, student, module, line in named.select(
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

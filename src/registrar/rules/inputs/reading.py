"""Reading a CSV or Parquet file into a table of strings, with the line of every row."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from registrar.rules.inputs.problems import InputProblem, shown
from registrar.rules.inputs.scanning import count_bytes


def read_table(
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
        return None, [
            InputProblem(
                name,
                1,
                "(file)",
                f"cannot read the file ({error.strerror})",
                "check the file's name and that it can be read",
            )
        ]
    # An ASCII file is valid UTF-8 as it is: it is decoded only if the slow path needs it.
    ascii_text = raw.isascii()
    text: str | None = None
    if not ascii_text:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            return None, [InputProblem(name, line, "(file)", "not UTF-8 text", "save it as UTF-8")]
    head = raw[:4096].decode("ascii") if ascii_text else text
    assert head is not None
    if not head or head.isspace():
        whole = raw.decode("ascii") if text is None else text
        if not whole or whole.isspace():
            expected = ",".join(required)
            return None, [
                InputProblem(
                    name,
                    1,
                    "(file)",
                    "the file is empty",
                    f"start it with the header row {expected}",
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
    header: list[str] = []
    start = 1  # the line the header starts on
    try:
        for row in reader:
            if row:
                header = [h.strip() for h in row]
                break
            start = reader.line_num + 1
    except csv.Error as error:
        return None, [_malformed(name, start, error)]
    header_line = reader.line_num
    problems = _header_problems(name, header, header_line, required, optional)
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
    """Unknown, repeated and missing columns; a column without a name by its place."""
    known = required + optional
    problems: list[InputProblem] = []
    seen: set[str] = set()
    for place, column in enumerate(header, start=1):
        field = shown(column) if column else f"column {place} (no name)"
        if column in seen:
            problems.append(
                InputProblem(name, line, field, "this column is given twice", "keep one of the two")
            )
        elif column not in known:
            problems.append(
                InputProblem(
                    name,
                    line,
                    field,
                    "unknown column",
                    f"name each column one of: {', '.join(known)}",
                )
            )
        seen.add(column)
    problems += [
        InputProblem(
            name,
            line,
            column,
            "this required column is missing",
            f"add it to the header row ({', '.join(required)} are required)",
        )
        for column in required
        if column not in seen
    ]
    return problems


def _malformed(name: str, line: int, error: csv.Error) -> InputProblem:
    """The csv module's refusal of a row (a field over its limit, a stray quote) as a problem."""
    if "field larger than field limit" in str(error):
        return InputProblem(
            name,
            line,
            "(row)",
            f"a field longer than {csv.field_size_limit():,} characters",
            "check the quotes: a quote left open joins the rows after it into one field",
        )
    return InputProblem(
        name, line, "(row)", f"not a CSV row ({error})", "check the quotes around the fields"
    )


def _read_parquet(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...]
) -> tuple[pl.DataFrame | None, list[InputProblem]]:
    """A Parquet file as the CSV reader's table: every column as text, stripped, empty →
    null, with `line` = row index + 2."""
    name = str(path)
    try:
        frame = pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        return None, [
            InputProblem(
                name,
                1,
                "(file)",
                f"cannot read the Parquet file ({first_line(error)})",
                "save it again as Parquet, or as CSV",
            )
        ]
    header = [c.strip() for c in frame.columns]
    problems = _header_problems(name, header, 1, required, optional)
    problems += [
        InputProblem(
            name,
            1,
            column,
            f"a column of {dtype} where values are expected",
            "save the column as text or numbers",
        )
        for column, dtype in zip(header, frame.dtypes, strict=True)
        if dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object
    ]
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


def first_line(error: Exception) -> str:
    """The first line of an error's text (Polars adds lines of context below it)."""
    return next(iter(str(error).splitlines()), type(error).__name__)


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
    rows = iter(reader)
    while True:
        # a row is reported on its first line (a quoted field may span several)
        start = reader.line_num + 1
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(_malformed(name, start, error))
            break  # the reader cannot find the next row after this one
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            problems.append(
                InputProblem(
                    name,
                    start,
                    "(row)",
                    f"expected {len(header)} fields, found {len(row)}",
                    "give every row the header's columns, separated by commas",
                )
            )
            continue
        for column, value in zip(header, row, strict=True):
            stripped = value.strip()
            columns[column].append(stripped or None)
        lines.append(start)
    frame = pl.DataFrame(
        {**{c: pl.Series(c, v, dtype=pl.String) for c, v in columns.items()}, "line": lines},
        schema={**dict.fromkeys(header, pl.String), "line": pl.Int64},
    )
    return frame, problems


# a slice of a large plain file: big enough that Polars parses it in parallel, small
# enough that its text columns cost little beside the checked frame they become, and
# below the C allocator's 32 MB limit for reusing freed memory: a 32 MB slice was mapped
# afresh each time (a third more page faults over a 1M cohort's read)
SLICE_BYTES = 16 * 2**20


class NotPlainError(Exception):
    """The file is not the common plain CSV `read_slices` reads: read it whole instead."""


def read_slices(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], size: int | None = None
) -> Iterator[pl.DataFrame]:
    """The rows of a plain file as `read_table` gives them, a slice (~`size` bytes) at a
    time, so that neither the file nor its text is ever held whole.

    Plain: ASCII without quotes or carriage returns, the header on line 1, two columns
    or more, every line with the header's commas (so no blank or ragged line) and a
    known, complete header. Anything else raises `NotPlainError`, even after slices have been
    given: the caller then reads the file with `read_table`, which reports every problem.
    A `.parquet` file is read in batches of rows (`read_parquet_batches`).
    """
    if path.suffix.lower() == ".parquet":
        yield from read_parquet_batches(path, required, optional)
        return
    size = size or SLICE_BYTES
    try:
        handle = path.open("rb")
    except OSError as error:
        raise NotPlainError from error
    with handle:
        line_one = handle.readline(2**20)  # a header is short; a longer line is not plain
        first = line_one[:-1]
        if (
            not line_one.endswith(b"\n")
            or not first.isascii()
            or b'"' in first
            or b"\r" in first
            or not first.strip()
        ):
            raise NotPlainError
        header = [h.strip() for h in first.decode("ascii").split(",")]
        if len(header) < 2 or _header_problems(str(path), header, 1, required, optional):
            raise NotPlainError
        commas = len(header) - 1
        carry = b""
        line = 2  # the line of the next row
        while True:
            more = handle.read(size)
            if more and not more.endswith(b"\n"):
                more += handle.readline()  # end the slice with its last line: no copy below
            data = carry + more if carry else more
            if not more:  # the end of the file: without its trailing newlines
                body = data.rstrip(b"\n")
                if not body and line == 2:
                    raise NotPlainError  # no row: `read_table` gives the empty table
                if body:
                    yield _with_optional(_plain_slice(body + b"\n", header, commas, line), optional)
                return
            cut = data.rfind(b"\n") + 1
            # a run of newlines at the cut may be the file's trailing ones: keep it with
            # the next slice, which knows whether the file ends there
            while cut > 1 and data[cut - 2] == 10:
                cut -= 1
            if cut <= 1:
                carry = data
                continue
            frame = _plain_slice(data if cut == len(data) else data[:cut], header, commas, line)
            carry = data[cut:]
            line += frame.height
            yield _with_optional(frame, optional)


def _with_optional(frame: pl.DataFrame, optional: tuple[str, ...]) -> pl.DataFrame:
    """The optional columns the file lacks, as empty (null) text."""
    missing = [c for c in optional if c not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)


def _plain_slice(body: bytes, header: list[str], commas: int, line: int) -> pl.DataFrame:
    """One slice of whole lines (ending in a newline), parsed and stripped as `_read_plain`
    does; its first row is on line `line`."""
    if not body.isascii() or b'"' in body or b"\r" in body:
        raise NotPlainError
    counts = count_bytes(body)
    rows = counts.newlines
    if counts.commas != rows * commas:
        raise NotPlainError
    try:
        frame = pl.read_csv(
            body, has_header=False, new_columns=header, infer_schema=False, quote_char=None
        )
    except pl.exceptions.PolarsError as error:
        raise NotPlainError from error
    if frame.height != rows:
        raise NotPlainError
    numbered = (pl.int_range(pl.len(), dtype=pl.Int64) + line).alias("line")
    if not counts.space_at_edge and body[:1] != b" " and not any(s in body for s in OTHER_SPACE):
        return frame.with_columns(numbered)  # no field has a space at an end to strip
    if not any(space in body for space in OTHER_SPACE):
        edges = frame.select(
            (pl.col(c).str.starts_with(" ") | pl.col(c).str.ends_with(" ")).any()
            for c in frame.columns
        ).row(0)
        padded = [c for c, edge in zip(frame.columns, edges, strict=True) if edge]
    else:
        padded = frame.columns
    if not padded:
        return frame.with_columns(numbered)
    stripped = pl.col(padded).str.strip_chars()
    return frame.with_columns(
        pl.when(stripped == "").then(None).otherwise(stripped).name.keep(), numbered
    )


PARQUET_BATCH = 1_000_000  # rows


def read_parquet_batches(
    path: Path, required: tuple[str, ...], optional: tuple[str, ...], size: int | None = None
) -> Iterator[pl.DataFrame]:
    """A Parquet file as `_read_parquet` gives it, `size` rows at a time; `NotPlainError` if it
    cannot be read or its columns are wrong (`read_table` then says why)."""
    try:
        schema = pl.read_parquet_schema(path)
        height = pl.scan_parquet(path).select(pl.len()).collect().item()
    except (OSError, pl.exceptions.PolarsError) as error:
        raise NotPlainError from error
    header = [c.strip() for c in schema]
    if _header_problems(str(path), header, 1, required, optional) or any(
        dtype.is_nested() or dtype == pl.Binary or dtype == pl.Object for dtype in schema.values()
    ):
        raise NotPlainError
    if height == 0:
        raise NotPlainError
    names = dict(zip(schema, header, strict=True))
    size = size or PARQUET_BATCH
    for offset in range(0, height, size):
        try:
            batch = pl.scan_parquet(path).slice(offset, size).collect()
        except (OSError, pl.exceptions.PolarsError) as error:
            raise NotPlainError from error
        text = pl.col(batch.columns).cast(pl.String).str.strip_chars()
        frame = batch.select(pl.when(text == "").then(None).otherwise(text).name.keep())
        frame = frame.rename(names).with_columns(
            (pl.int_range(pl.len(), dtype=pl.Int64) + offset + 2).alias("line")
        )
        yield _with_optional(frame, optional)

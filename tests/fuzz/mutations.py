"""Mutations of a good input file, by kind, each a pure function of the file and a Random.

A mutation knows what it must do to the outcome: `must_refuse` (the file it makes is
bad, so accepting it is a failure), `same_as_seed` (BOM and CRLF change nothing, so
the outcome must equal the seed's), or neither (anything but a crash is fine).
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Mutate = Callable[[bytes, random.Random], bytes]

LONG_FIELD = 200_000  # characters: past the csv module's 131,072 limit
DEEP = 5_000  # nesting levels: past Python's recursion limit
MANY_ROWS = 300  # rows written by `many_rows` (bench/fuzz.py raises it)


@dataclass(frozen=True)
class Mutation:
    kind: str
    apply: Mutate
    must_refuse: bool = False
    same_as_seed: bool = False


# --- bytes -----------------------------------------------------------------------------------


def byte_flip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
    return bytes(out)


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data))]


def bom(data: bytes, rnd: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes, rnd: random.Random) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def _insert(data: bytes, rnd: random.Random, what: bytes) -> bytes:
    at = rnd.randrange(len(data) + 1)
    return data[:at] + what + data[at:]


def non_utf8(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, rnd.choice([b"\xff", b"\xe9", b"\xc3\x28", b"\xed\xa0\x80"]))


def nul_byte(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, b"\x00")


BYTES: tuple[Mutation, ...] = (
    Mutation("byte_flip", byte_flip),
    Mutation("truncate", truncate),
    Mutation("bom", bom, same_as_seed=True),
    Mutation("crlf", crlf, same_as_seed=True),
    Mutation("non_utf8", non_utf8, must_refuse=True),
    Mutation("nul_byte", nul_byte, must_refuse=True),
)


# --- CSV -------------------------------------------------------------------------------------


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def _csv(rows: Sequence[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _cell(rows: list[list[str]], rnd: random.Random, columns: Sequence[str]) -> tuple[int, int]:
    """A data row and the index of one of `columns` in it."""
    header = rows[0]
    index = header.index(rnd.choice([c for c in columns if c in header]))
    return rnd.randrange(1, len(rows)), index


@dataclass(frozen=True)
class CsvShape:
    """What a CSV file holds: the columns each mutation may aim at."""

    required: tuple[str, ...]
    numbers: tuple[str, ...] = ()  # numeric columns
    marks: tuple[str, ...] = ()  # columns of marks (two decimals at most)
    flag: str | None = None  # the column where NS may be written
    unique: str | None = None  # a column whose value may appear once in a file


def csv_mutations(shape: CsvShape) -> tuple[Mutation, ...]:
    def long_field(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        row, col = _cell(rows, rnd, rows[0])
        rows[row][col] = rnd.choice('x9,"') * LONG_FIELD
        return _csv(rows)

    def newline_in_field(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        row, col = _cell(rows, rnd, shape.required)
        rows[row][col] = rows[row][col] + "\nline two"
        return _csv(rows)

    def many_rows(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        body = rows[1:]
        return _csv([rows[0], *(body[i % len(body)] for i in range(MANY_ROWS))])

    def duplicate_column(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        col = rnd.randrange(len(rows[0]))
        return _csv([[*row, row[col] if col < len(row) else ""] for row in rows])

    def missing_column(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        col = rows[0].index(rnd.choice(shape.required))
        return _csv([[c for i, c in enumerate(row) if i != col] for row in rows])

    def blank_columns(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        return _csv([[*rows[0], "", ""], *([*row, "", ""] for row in rows[1:])])

    def set_cell(columns: Sequence[str], values: Callable[[random.Random], str]) -> Mutate:
        def apply(data: bytes, rnd: random.Random) -> bytes:
            rows = _rows(data)
            row, col = _cell(rows, rnd, columns)
            rows[row][col] = values(rnd)
            return _csv(rows)

        return apply

    def three_decimals(rnd: random.Random) -> str:
        return f"{rnd.randint(0, 99)}.{rnd.randint(0, 99):02d}{rnd.randint(1, 9)}"

    def huge(rnd: random.Random) -> str:
        return rnd.choice(
            ["9" * rnd.randint(20, 400), "18446744073709551616", "1e400", "-9" * 30, "1" + "0" * 30]
        )

    def non_finite(rnd: random.Random) -> str:
        return rnd.choice(["nan", "NaN", "inf", "-inf", "Infinity", "-Infinity", "1e999"])

    def ns_with_mark(data: bytes, rnd: random.Random) -> bytes:
        rows = _rows(data)
        header = rows[0]
        row = rnd.randrange(1, len(rows))
        assert shape.flag is not None
        rows[row][header.index(shape.flag)] = "NS"
        rows[row][header.index(shape.marks[0])] = str(rnd.randint(0, 100))
        return _csv(rows)

    def repeated(data: bytes, rnd: random.Random) -> bytes:
        """A row again under a new identity, keeping its `unique` value (a username twice)."""
        rows = _rows(data)
        header = rows[0]
        assert shape.unique is not None
        donor = next(r for r in rows[1:] if r[header.index(shape.unique)])
        copy = list(donor)
        copy[0] = "0259" + "".join(rnd.choice("0123456789") for _ in range(4))
        return _csv([*rows, copy])

    out = [
        Mutation("long_field", long_field, must_refuse=True),
        Mutation("newline_in_field", newline_in_field, must_refuse=True),
        Mutation("many_rows", many_rows),
        Mutation("duplicate_column", duplicate_column, must_refuse=True),
        Mutation("missing_column", missing_column, must_refuse=True),
        Mutation("blank_columns", blank_columns, must_refuse=True),
    ]
    if shape.numbers:
        out += [
            Mutation("huge_number", set_cell(shape.numbers, huge), must_refuse=True),
            Mutation("non_finite", set_cell(shape.numbers, non_finite), must_refuse=True),
        ]
    if shape.marks:
        out.append(Mutation("three_decimals", set_cell(shape.marks, three_decimals), True))
    if shape.flag:
        out.append(Mutation("ns_with_mark", ns_with_mark, must_refuse=True))
    if shape.unique:
        out.append(Mutation("same_unique_value_twice", repeated, must_refuse=True))
    return tuple(out)


# --- YAML ------------------------------------------------------------------------------------

# `key: value` on one line, the value a plain scalar (no flow collection, quote or block).
_ENTRY = re.compile(rb"^( *)([A-Za-z_][\w-]*): ([^\s\[{'\"|>&*!#][^#\n]*)$", re.M)
_NUMBER = re.compile(rb"^( *(?:- )?[\w-]+: )(-?[0-9]+(?:\.[0-9]+)?)$", re.M)


def _lines(pattern: re.Pattern[bytes], data: bytes) -> list[re.Match[bytes]]:
    found = list(pattern.finditer(data))
    assert found, "the seed has no line this mutation can change"
    return found


def _replace(data: bytes, match: re.Match[bytes], group: int, new: bytes) -> bytes:
    return data[: match.start(group)] + new + data[match.end(group) :]


def alias_bomb(data: bytes, rnd: random.Random) -> bytes:
    """The issue's: nine levels of `x: &x [*w, ...]`, the last used for an existing value."""
    lines = [b"w: &w [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    previous = b"w"
    for level in range(1, 9):
        name = b"x%d" % level
        lines.append(name + b": &" + name + b" [" + b",".join([b"*" + previous] * 9) + b"]")
        previous = name
    entry = rnd.choice(_lines(_ENTRY, data))
    return b"\n".join(lines) + b"\n" + _replace(data, entry, 3, b"*" + previous)


def anchor_and_alias(data: bytes, rnd: random.Random) -> bytes:
    """One value named with &a and repeated with *a: the same data as written out."""
    entries = _lines(_ENTRY, data)
    first, second = sorted(rnd.sample(entries, 2), key=lambda m: m.start())
    value = first.group(3)
    out = _replace(data, second, 3, b"*a")
    return _replace(out, first, 3, b"&a " + value)


def duplicate_key(data: bytes, rnd: random.Random) -> bytes:
    entry = rnd.choice(_lines(_ENTRY, data))
    return data[: entry.end()] + b"\n" + entry.group(0) + data[entry.end() :]


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    entry = rnd.choice(_lines(_ENTRY, data))
    depth = rnd.choice([65, 1_000, DEEP])
    return _replace(data, entry, 3, b"[" * depth + b"]" * depth)


def number_as(values: Callable[[random.Random], bytes]) -> Mutate:
    def apply(data: bytes, rnd: random.Random) -> bytes:
        return _replace(data, rnd.choice(_lines(_NUMBER, data)), 2, values(rnd))

    return apply


def huge_yaml(rnd: random.Random) -> bytes:
    return rnd.choice([b"9" * rnd.randint(20, 99), b"1.0e+400", b"-" + b"9" * 25, b"9" * 150])


def non_finite_yaml(rnd: random.Random) -> bytes:
    return rnd.choice([b".inf", b"-.inf", b".nan", b".NaN", b"'nan'", b"'Infinity'"])


def three_decimals_yaml(rnd: random.Random) -> bytes:
    return b"%d.%02d%d" % (rnd.randint(1, 9), rnd.randint(0, 99), rnd.randint(1, 9))


def tag(data: bytes, rnd: random.Random) -> bytes:
    entry = rnd.choice(_lines(_ENTRY, data))
    chosen = rnd.choice([b"!!python/object/apply:os.system ", b"!!binary ", b"!!float ", b"!x "])
    return _replace(data, entry, 3, chosen + entry.group(3))


def big_file(data: bytes, rnd: random.Random) -> bytes:
    return data + b"# " + b"x" * 1_100_000 + b"\n"


def long_value(data: bytes, rnd: random.Random) -> bytes:
    return _replace(data, rnd.choice(_lines(_ENTRY, data)), 3, b"y" * LONG_FIELD)


def yaml_mutations(*, numbers_bounded: bool) -> tuple[Mutation, ...]:
    """`numbers_bounded`: every number in the file has a range, so a huge one is refused."""
    return (
        Mutation("alias_bomb", alias_bomb, must_refuse=True),
        Mutation("anchor_and_alias", anchor_and_alias, must_refuse=True),
        Mutation("duplicate_key", duplicate_key, must_refuse=True),
        Mutation("deep_nesting", deep_nesting, must_refuse=True),
        Mutation("tag", tag, must_refuse=True),
        Mutation("big_file", big_file, must_refuse=True),
        Mutation("long_value", long_value),
        Mutation("huge_number", number_as(huge_yaml), must_refuse=numbers_bounded),
        Mutation("non_finite", number_as(non_finite_yaml), must_refuse=True),
        Mutation("three_decimals", number_as(three_decimals_yaml), must_refuse=numbers_bounded),
    )

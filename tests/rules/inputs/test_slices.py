"""A plain marks file read a slice at a time gives what reading it whole gives: the same
frame, the same problems, on the same lines; any other file is read whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from registrar.rules.inputs import InputError, read_marks, reading
from registrar.rules.inputs.reading import NotPlainError, read_slices, read_table
from registrar.rules.inputs.rows import MARKS_OPTIONAL, MARKS_REQUIRED
from tests.rules.helpers import HEADER, mres, taught

ROWS = (
    "S001,COMP70059,Background report,1,65,,\n"
    "S001,COMP70059,Research thesis,1,59.5,,\n"
    "S001,COMP70059,Oral presentation,1,69.00,,12\n"
    "S001,COMP70060,,1,48.25,,\n"
    "S001,COMP70060,Written reports,2,66,,\n"
    "S002,COMP70061,Paper discussion,1,,NS,\n"
    "S002,COMP70061,Presentation slides,1,49,mc,\n"
    "S002,COMP70061,Summary report,1,62.30,,24.01\n"
    "S002,COMP70076,,1,78,,\n"
    "S003,COMP70007,,1,58.76,,\n"
)
BAD = (
    "S001,COMP70059,,1,65,,\n"
    "S001,NOPE,,1,59.5,,\n"
    "S002,COMP70060,,1,101,,\n"
    "S002,COMP70061,Paper discussion,1,,XX,\n"
    "S003,COMP70059,,1,65,,\n"
    "S003,COMP70059,,1,65,,\n"
    "S003,COMP70076,,x,-3,,\n"
)


def _file(tmp_path: Path, text: str, name: str = "marks.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _whole(monkeypatch: pytest.MonkeyPatch, path: Path) -> pl.DataFrame | list[str]:
    """read_marks as if no file were plain (every file read whole)."""

    def not_plain(*_: object, **__: object) -> None:
        raise NotPlainError

    with monkeypatch.context() as patch:
        patch.setattr("registrar.rules.inputs.marks.read_slices", not_plain)
        return _read(path)


def _read(path: Path) -> pl.DataFrame | list[str]:
    try:
        return read_marks(path, mres(), taught())
    except InputError as error:
        return [str(p) for p in error.problems]


@pytest.mark.parametrize("size", [1, 40, 100, 10**6])
def test_slices_are_the_table_read_whole(tmp_path: Path, size: int) -> None:
    path = _file(tmp_path, HEADER + ROWS + "\n\n")
    whole, problems = read_table(path, MARKS_REQUIRED, MARKS_OPTIONAL)
    assert problems == []
    assert whole is not None
    parts = list(read_slices(path, MARKS_REQUIRED, MARKS_OPTIONAL, size))
    if size == 10**6:
        assert len(parts) == 1
    else:
        assert len(parts) > 3  # the file really was read in slices
    assert_frame_equal(pl.concat(parts).select(whole.columns), whole)


@pytest.mark.parametrize("size", [1, 64, 10**6])
@pytest.mark.parametrize("rows", [ROWS, BAD], ids=["good", "bad"])
def test_read_marks_in_slices_gives_the_same_frame_or_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, rows: str
) -> None:
    path = _file(tmp_path, HEADER + rows)
    expected = _whole(monkeypatch, path)
    monkeypatch.setattr(reading, "SLICE_BYTES", size)
    got = _read(path)
    if isinstance(expected, list):
        assert got == expected
        assert "marks.csv:3: error: module_code: unknown module NOPE" in "\n".join(got)
    else:
        assert isinstance(got, pl.DataFrame)
        assert_frame_equal(got, expected)
        assert got.schema["module_code"] == pl.Enum(sorted(m.code for m in mres().modules))
        assert got["flag"].to_list()[5:7] == ["NS", "MC"]


@pytest.mark.parametrize(
    "text",
    [
        HEADER + ROWS.replace("Research thesis", '"Research thesis"'),  # quotes
        HEADER + ROWS.replace("\n", "\r\n"),  # CRLF
        HEADER + ROWS[:100] + "\n" + ROWS[100:],  # a blank line
        "\ufeff" + HEADER + ROWS,  # a byte order mark
        HEADER + ROWS.replace("S003", "S\u00e9003"),  # not ASCII
        "\n" + HEADER + ROWS,  # the header on line 2
        HEADER.replace("mark,", "mark,extra,") + ROWS,  # an unknown column
        HEADER,  # no row
        HEADER + ROWS + "S004,COMP70007\n",  # a short row
        HEADER + ROWS.replace(",58.76,", ",  58.76 ,"),  # padded
    ],
    ids=["quotes", "crlf", "blank", "bom", "utf8", "line2", "column", "empty", "short", "pad"],
)
def test_other_files_read_as_a_whole_file_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    path = _file(tmp_path, text)
    expected = _whole(monkeypatch, path)
    monkeypatch.setattr(reading, "SLICE_BYTES", 50)
    got = _read(path)
    if isinstance(expected, list):
        assert got == expected
    else:
        assert isinstance(got, pl.DataFrame)
        assert_frame_equal(got, expected)


@pytest.mark.parametrize("size", [1, 3, 10**6])
@pytest.mark.parametrize("rows", [ROWS, BAD], ids=["good", "bad"])
def test_parquet_in_batches_gives_the_same_frame_or_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, rows: str
) -> None:
    csv = _file(tmp_path, HEADER + rows)
    parquet = tmp_path / "marks.parquet"
    pl.scan_csv(csv, infer_schema=False).sink_parquet(parquet)
    expected = _whole(monkeypatch, parquet)
    monkeypatch.setattr(reading, "PARQUET_BATCH", size)
    got = _read(parquet)
    if isinstance(expected, list):
        assert got == expected
        assert [line.replace("marks.parquet", "marks.csv") for line in got] == _read(csv)
    else:
        assert isinstance(got, pl.DataFrame)
        assert_frame_equal(got, expected)
        assert_frame_equal(got, _read(csv))  # type: ignore[arg-type]

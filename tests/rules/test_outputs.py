"""The classification output written as CSV: as text, or streamed to a file, the same bytes."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from registrar.rules.outputs import results_csv, write_results_csv


def test_the_csv_streamed_to_a_file_is_the_csv_text_byte_for_byte(tmp_path: Path) -> None:
    results = pl.DataFrame(
        {
            "student_id": ["S1", "S2"],
            "powa": ["69.31", ""],
            "dic": [True, False],
            "reasons": ['a, "quoted" reason', ""],
        }
    )
    path = tmp_path / "results.csv"

    write_results_csv(results, path)

    expected = 'student_id,powa,dic,reasons\nS1,69.31,true,"a, ""quoted"" reason"\nS2,,false,\n'
    assert results_csv(results) == expected
    assert path.read_bytes() == expected.encode("utf-8")

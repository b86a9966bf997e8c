"""Exports of a run: the classification columns as stored, then the board's decision and reason."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from openpyxl import load_workbook

from registrar.boards.domain.decisions import decide
from registrar.boards.domain.export import (
    EXPORT_COLUMNS,
    export,
    export_csv,
    export_pdf,
    export_rows,
    export_xlsx,
)
from registrar.boards.domain.reading import proposals
from registrar.rules.engine import RESULT_COLUMNS

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(run, cohort, board_member):
    decide(
        run=run,
        student=cohort["00000002"],
        actor=board_member,
        status="awarded",
        award="MRes",
        classification="Distinction",
        reason="viva outstanding, with a comma",
    )
    decide(run=run, student=cohort["00000005"], actor=board_member, status="referred")
    return run


def test_export_columns_are_the_contract_then_decision_and_reason():
    assert list(EXPORT_COLUMNS) == [
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
        "decision",
        "decision_reason",
    ]


def test_export_rows_carry_the_stored_proposal_and_the_decision(decided):
    rows = {row["student_id"]: row for row in export_rows(decided)}
    stored = proposals(decided)

    assert list(rows) == sorted(stored)
    for student_id, row in rows.items():
        assert {c: row[c] for c in RESULT_COLUMNS} == {
            c: stored[student_id][c] for c in RESULT_COLUMNS
        }
    assert [(r["decision"], r["decision_reason"]) for r in rows.values()] == [
        ("agreed", ""),
        ("awarded MRes Distinction", "viva outstanding, with a comma"),
        ("agreed", ""),
        ("agreed", ""),
        ("agreed", ""),  # decided, and the decision is the proposal
        ("agreed", ""),
        ("agreed", ""),
        ("agreed", ""),
    ]


def test_export_csv_is_the_rows_with_a_header(decided):
    text = export_csv(decided)

    lines = text.split("\n")
    assert lines[0] == ",".join(EXPORT_COLUMNS)
    assert lines[2] == (
        "00000002,awarded,MRes,Merit,69.07,69.10,90,0,,true,"
        '"MRes awarded: 90 credits; POWA 69.07 reaches Merit, project 69.10 reaches Merit; '
        'classification Merit",awarded MRes Distinction,"viva outstanding, with a comma"'
    )
    assert list(csv.DictReader(io.StringIO(text))) == export_rows(decided)


def test_export_xlsx_has_the_rows_with_numbers_and_the_runs_facts(decided):
    book = load_workbook(io.BytesIO(export_xlsx(decided)))

    sheet = book["Decisions"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == EXPORT_COLUMNS
    # POWA and project mark are numbers shown with two decimals (openpyxl reads them as floats)
    assert rows[2][:10] == (
        "00000002",
        "awarded",
        "MRes",
        "Merit",
        69.07,
        69.1,
        90,
        0,
        None,
        "true",
    )
    assert rows[2][11:] == ("awarded MRes Distinction", "viva outstanding, with a comma")
    assert sheet["E3"].number_format == "0.00"
    assert len(rows) == 9
    facts = dict(book["Run"].iter_rows(values_only=True))
    assert (facts["Board run"], facts["Cohort"], facts["SHA-256 of marks"]) == (
        str(decided.pk),
        "2025-26",
        decided.hashes["marks"],
    )


def test_export_pdf_is_a_landscape_broadsheet_with_the_hashes(decided, tmp_path):
    path = tmp_path / "board.pdf"
    path.write_bytes(export_pdf(decided))

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(text.split())  # a cell's text may wrap
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size:"))
    assert size.split()[2:] == ["841.89", "x", "595.276", "pts", "(A4)"]
    assert "Exam board broadsheet" in text
    assert decided.hashes["marks"] in text
    assert decided.hashes["specification"] in text
    assert [sid for sid in (f"0000000{n}" for n in range(1, 9)) if sid in text] == [
        f"0000000{n}" for n in range(1, 9)
    ]
    # the decision and its reason sit side by side, so their wrapped lines interleave in the text
    assert {"viva", "outstanding,", "with", "comma"} <= set(words.split())


def test_export_refuses_an_unknown_format(run):
    with pytest.raises(ValueError, match=r"^format 'docx' is not one of csv, xlsx, pdf$"):
        export(run, "docx")

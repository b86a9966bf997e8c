"""`registrar projects allocate`: the files, every refusal, the exit codes and the JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from registrar.cli import app

runner = CliRunner()

PROPOSALS = "proposal_id,supervisor,capacity\nP1,Dr A,1\nP2,Dr B,2\nP3,Dr C,0\n"
PREFERENCES = (
    "student_id,rank,proposal_id\nS3,1,P1\nS3,3,P2\nS1,1,P1\nS1,2,P2\nS2,1,P1\nS2,2,P3\nS4,1,P3\n"
)
FIX_CAP = "give the number of students the proposal can take: a whole number from 0 to 1000000"
FIX_RANK = (
    "give the student's rank for the proposal: a whole number from 1 (the first choice) to 1000000"
)


def files(tmp_path: Path, proposals: str | bytes, preferences: str | bytes) -> tuple[Path, Path]:
    out = []
    for name, text in (("proposals.csv", proposals), ("preferences.csv", preferences)):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        out.append(path)
    return out[0], out[1]


def run(proposals: Path, preferences: Path, *extra: str) -> object:
    args = [
        "projects",
        "allocate",
        "--proposals",
        str(proposals),
        "--preferences",
        str(preferences),
    ]
    return runner.invoke(app, [*args, *extra])


def test_json_is_the_contract_exactly(tmp_path: Path) -> None:
    result = run(*files(tmp_path, PROPOSALS, PREFERENCES), "--json")

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "{\n"
        '  "allocation": {\n'
        '    "S1": "P2",\n'
        '    "S2": "P1",\n'
        '    "S3": "P2",\n'
        '    "S4": null\n'
        "  },\n"
        '  "allocated": 3,\n'
        '  "rank_sum": 6,\n'
        '  "first_choice": 1,\n'
        '  "top_three": 3,\n'
        '  "unallocated": 1\n'
        "}\n"
    )


def test_the_table_lists_every_student_and_the_summary(tmp_path: Path) -> None:
    result = run(*files(tmp_path, PROPOSALS, PREFERENCES))

    assert result.exit_code == 0
    rows = [line.split("│")[1:-1] for line in result.stdout.splitlines() if line.startswith("│")]
    assert [[cell.strip() for cell in row] for row in rows] == [
        ["S1", "P2", "Dr B", "2"],
        ["S2", "P1", "Dr A", "1"],
        ["S3", "P2", "Dr B", "3"],
        ["S4", "unallocated", "", ""],
    ]
    assert result.stdout.splitlines()[-1] == (
        "4 student(s): 3 allocated (1 at their first choice, 3 in their top three), "
        "1 unallocated; sum of ranks obtained 6"
    )


def test_bom_crlf_quotes_and_spaces_are_read(tmp_path: Path) -> None:
    proposals = b'\xef\xbb\xbfproposal_id , supervisor,capacity\r\n P1 ,"Dr A, PhD", 1 \r\n'
    preferences = b"\xef\xbb\xbfstudent_id,rank,proposal_id\r\nS1 , 1,P1  \r\n\r\n"
    result = run(*files(tmp_path, proposals, preferences), "--json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["allocation"] == {"S1": "P1"}


def test_ranks_with_gaps_and_beyond_five_count_as_the_file_gives_them(tmp_path: Path) -> None:
    proposals = "proposal_id,supervisor,capacity\n" + "".join(
        f"P{i},Dr {i},{1 if i == 7 else 0}\n" for i in range(1, 8)
    )
    preferences = "student_id,rank,proposal_id\n" + "".join(
        f"S1,{r},P{i}\n" for i, r in zip(range(1, 8), (2, 4, 6, 8, 10, 12, 14), strict=True)
    )
    result = run(*files(tmp_path, proposals, preferences), "--json")

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["allocation"], data["rank_sum"], data["top_three"]) == ({"S1": "P7"}, 14, 0)


def test_no_preferences_at_all(tmp_path: Path) -> None:
    result = run(*files(tmp_path, PROPOSALS, "student_id,rank,proposal_id\n"), "--json")

    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "allocation": {},
        "allocated": 0,
        "rank_sum": 0,
        "first_choice": 0,
        "top_three": 0,
        "unallocated": 0,
    }


@pytest.mark.parametrize(
    ("proposals", "problems"),
    [
        (
            "proposal_id,capacity\nP1,1\n",
            [
                "proposals.csv:1: error: supervisor: this required column is missing. Fix: add it "
                "to the header row (proposal_id, supervisor, capacity are required)."
            ],
        ),
        (
            "proposal_id,supervisor,capacity,room,capacity\nP1,A,1,x,1\n",
            [
                "proposals.csv:1: error: room: unknown column. Fix: name each column one of: "
                "proposal_id, supervisor, capacity.",
                "proposals.csv:1: error: capacity: this column is given twice. Fix: keep one of "
                "the two.",
            ],
        ),
        (
            "proposal_id,supervisor,capacity\n,Dr A,1\nP2,,1\nP3,Dr C,\n",
            [
                "proposals.csv:2: error: proposal_id: empty. Fix: give the proposal's id.",
                "proposals.csv:3: error: supervisor: empty. Fix: give the proposal's supervisor.",
                "proposals.csv:4: error: capacity: empty. Fix: give the number of students the "
                "proposal can take.",
            ],
        ),
        (
            "proposal_id,supervisor,capacity\nP1,A,two\nP2,A,-1\nP3,A,1.5\nP4,A,1000001\nP5,A,0\n",
            [
                f"proposals.csv:2: error: capacity: two is not a whole number. Fix: {FIX_CAP}.",
                f"proposals.csv:3: error: capacity: -1 is below 0. Fix: {FIX_CAP}.",
                f"proposals.csv:4: error: capacity: 1.5 is not a whole number. Fix: {FIX_CAP}.",
                f"proposals.csv:5: error: capacity: 1000001 is above 1000000. Fix: {FIX_CAP}.",
            ],
        ),
        (
            "proposal_id,supervisor,capacity\nP1,A,1\nP2,B,1\nP1,C,2\n",
            [
                "proposals.csv:4: error: proposal_id: proposal P1 is given twice (first on line "
                "2). Fix: list each proposal once."
            ],
        ),
        (
            "proposal_id,supervisor,capacity\nP1,A\n",
            [
                "proposals.csv:2: error: (row): expected 3 fields, found 2. Fix: give every row "
                "the header's columns, separated by commas."
            ],
        ),
        (
            "",
            [
                "proposals.csv:1: error: (file): the file is empty. Fix: start it with the header "
                "row proposal_id,supervisor,capacity."
            ],
        ),
    ],
)
def test_bad_proposals_are_refused_whole(
    tmp_path: Path, proposals: str, problems: list[str]
) -> None:
    result = run(*files(tmp_path, proposals, "student_id,rank,proposal_id\n"))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.replace(f"{tmp_path}/", "") for line in result.stderr.splitlines()] == problems


@pytest.mark.parametrize(
    ("preferences", "problems"),
    [
        (
            "student_id,proposal_id\nS1,P1\n",
            [
                "preferences.csv:1: error: rank: this required column is missing. Fix: add it to "
                "the header row (student_id, rank, proposal_id are required)."
            ],
        ),
        (
            "student_id,rank,proposal_id\n,1,P1\nS1,,P1\nS2,1,\n",
            [
                "preferences.csv:2: error: student_id: empty. Fix: give the student's id.",
                "preferences.csv:3: error: rank: empty. Fix: give the student's rank for the "
                "proposal (1 is the first choice).",
                "preferences.csv:4: error: proposal_id: empty. Fix: give the proposal's id.",
            ],
        ),
        (
            "student_id,rank,proposal_id\nS1,0,P1\nS2,first,P1\nS3,-2,P1\nS4,2.0,P1\n",
            [
                f"preferences.csv:2: error: rank: 0 is below 1. Fix: {FIX_RANK}.",
                f"preferences.csv:3: error: rank: first is not a whole number. Fix: {FIX_RANK}.",
                f"preferences.csv:4: error: rank: -2 is below 1. Fix: {FIX_RANK}.",
                f"preferences.csv:5: error: rank: 2.0 is not a whole number. Fix: {FIX_RANK}.",
            ],
        ),
        (
            "student_id,rank,proposal_id\nS1,1,P9\n",
            [
                "preferences.csv:2: error: proposal_id: unknown proposal P9 (not in "
                "proposals.csv). Fix: rank only proposals listed in the proposals file."
            ],
        ),
        (
            "student_id,rank,proposal_id\nS1,1,P1\nS1,2,P2\nS1,3,P1\n",
            [
                "preferences.csv:4: error: proposal_id: student S1 ranks proposal P1 twice "
                "(first on line 2). Fix: rank each proposal once."
            ],
        ),
        (
            "student_id,rank,proposal_id\nS1,1,P1\nS2,1,P1\nS1,1,P2\n",
            [
                "preferences.csv:4: error: rank: student S1 gives rank 1 twice (first on line 2). "
                "Fix: give each of the student's choices a rank of its own."
            ],
        ),
    ],
)
def test_bad_preferences_are_refused_whole(
    tmp_path: Path, preferences: str, problems: list[str]
) -> None:
    result = run(*files(tmp_path, PROPOSALS, preferences), "--json")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert [line.replace(f"{tmp_path}/", "") for line in result.stderr.splitlines()] == problems


def test_problems_of_both_files_are_listed_together(tmp_path: Path) -> None:
    # P2's capacity is wrong, but P2 is a known proposal: its preference is not "unknown"
    proposals = "proposal_id,supervisor,capacity\nP1,A,1\nP2,B,x\n"
    preferences = "student_id,rank,proposal_id\nS1,1,P2\nS1,2,P3\n"
    result = run(*files(tmp_path, proposals, preferences), "--json")

    assert result.exit_code == 1
    assert [line.replace(f"{tmp_path}/", "") for line in result.stderr.splitlines()] == [
        f"proposals.csv:3: error: capacity: x is not a whole number. Fix: {FIX_CAP}.",
        "preferences.csv:3: error: proposal_id: unknown proposal P3 (not in proposals.csv). "
        "Fix: rank only proposals listed in the proposals file.",
    ]


def test_a_missing_file_exits_2_and_the_other_is_still_checked(tmp_path: Path) -> None:
    _, preferences = files(tmp_path, PROPOSALS, "student_id,rank,proposal_id\nS1,0,P1\n")
    result = run(tmp_path / "absent.csv", preferences)

    assert result.exit_code == 2
    assert [line.replace(f"{tmp_path}/", "") for line in result.stderr.splitlines()] == [
        "absent.csv:1: error: (file): cannot read the file (No such file or directory). Fix: "
        "check the file's name and that it can be read.",
        f"preferences.csv:2: error: rank: 0 is below 1. Fix: {FIX_RANK}.",
    ]


def test_a_folder_or_a_file_not_utf8_exits_2(tmp_path: Path) -> None:
    proposals, _ = files(tmp_path, PROPOSALS, "")
    result = run(proposals, tmp_path)
    assert result.exit_code == 2
    assert "cannot read the file (Is a directory)" in result.stderr

    _, preferences = files(tmp_path, PROPOSALS, b"student_id,rank,proposal_id\nS\xff,1,P1\n")
    result = run(proposals, preferences)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{preferences}:2: error: (file): not UTF-8 text. Fix: save it as UTF-8.\n"
    )


def test_help_names_the_exit_codes() -> None:
    result = runner.invoke(app, ["projects", "allocate", "--help"])

    assert result.exit_code == 0
    assert "1 bad rows" in result.stdout

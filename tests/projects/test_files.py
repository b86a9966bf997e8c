"""Reading the proposals and preferences files into rows, and what they name."""

from __future__ import annotations

from pathlib import Path

from registrar.projects.allocation import Preference, Proposal
from registrar.projects.files import read_preferences, read_proposals


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_rows_become_proposals_and_preferences(tmp_path: Path) -> None:
    proposals = read_proposals(
        write(tmp_path, "p.csv", "proposal_id,supervisor,capacity\nP1,Dr A,0\nP2,Dr B,007\n")
    )
    preferences = read_preferences(
        write(tmp_path, "r.csv", "student_id,rank,proposal_id\nS1,2,P2\nS1,1,P1\n"),
        proposals.ids,
        tmp_path / "p.csv",
    )

    assert (proposals.problems, proposals.unreadable) == ([], False)
    assert proposals.rows == [Proposal("P1", 0, "Dr A"), Proposal("P2", 7, "Dr B")]
    assert preferences.rows == [Preference("S1", 2, "P2"), Preference("S1", 1, "P1")]
    assert preferences.problems == []


def test_the_ids_of_refused_proposal_rows_are_still_known(tmp_path: Path) -> None:
    proposals = read_proposals(
        write(tmp_path, "p.csv", "proposal_id,supervisor,capacity\nP1,,1\nP2,B,x\nP2,C,1\n")
    )

    assert proposals.rows == []
    assert proposals.ids == {"P1", "P2"}
    assert [p.line for p in proposals.problems] == [2, 3, 4]


def test_a_file_whose_rows_cannot_be_read_names_no_proposal(tmp_path: Path) -> None:
    header_only_wrong = read_proposals(write(tmp_path, "p.csv", "id,capacity\nP1,1\n"))
    missing = read_proposals(tmp_path / "absent.csv")

    assert (header_only_wrong.ids, header_only_wrong.unreadable) == (None, False)
    assert (missing.ids, missing.unreadable) == (None, True)
    # with no proposals to check against, no preference is called unknown
    preferences = read_preferences(
        write(tmp_path, "r.csv", "student_id,rank,proposal_id\nS1,1,P1\n"), None, tmp_path
    )
    assert (preferences.rows, preferences.problems) == ([Preference("S1", 1, "P1")], [])


def test_a_number_of_ten_thousand_digits_is_refused_without_converting_it(tmp_path: Path) -> None:
    proposals = read_proposals(
        write(tmp_path, "p.csv", f"proposal_id,supervisor,capacity\nP1,A,{'9' * 10_000}\n")
    )

    assert [p.message for p in proposals.problems] == [
        f"{'9' * 40}… (10000 characters) is above 1000000"
    ]

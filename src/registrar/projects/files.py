"""The proposals and preferences CSV files of `registrar projects allocate`, read and checked.

`proposal_id,supervisor,capacity` and `student_id,rank,proposal_id` (docs/projects.md).
A file is refused whole: every bad row is a problem in the house form
`FILE:LINE: error: column: what. Fix: how.`, and nothing is allocated. The reading itself
(UTF-8 with or without a BOM, CRLF, quoted fields, values stripped, the header's columns)
is the marks files' (`registrar.rules.inputs.reading`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from registrar.projects.allocation import Preference, Proposal
from registrar.rules.inputs.problems import InputProblem, shown
from registrar.rules.inputs.reading import read_table

PROPOSAL_COLUMNS = ("proposal_id", "supervisor", "capacity")
PREFERENCE_COLUMNS = ("student_id", "rank", "proposal_id")

WHOLE = re.compile(r"[0-9]+")
NEGATIVE = re.compile(r"-[0-9]+")
# no capacity or rank is near this; the bound keeps a hostile number from costing anything
MOST = 1_000_000

# how read_table words a file it could not read at all (exit 2, not 1)
UNREADABLE = ("cannot read the file", "not UTF-8 text")

T = TypeVar("T")
Row = dict[str, str | None]

BLANK_FIX = {
    "proposal_id": "give the proposal's id",
    "supervisor": "give the proposal's supervisor",
    "capacity": "give the number of students the proposal can take",
    "student_id": "give the student's id",
    "rank": "give the student's rank for the proposal (1 is the first choice)",
}


@dataclass
class Rows(Generic[T]):
    """What a file gave: its rows, its problems, and whether it could be read at all."""

    rows: list[T] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    unreadable: bool = False
    # the ids a proposals file names, its refused rows' too (a preference for a proposal
    # whose capacity is wrong is not also "unknown"); None if its rows could not be read
    ids: set[str] | None = None


def _table(path: Path, columns: tuple[str, ...], out: Rows[T]) -> list[tuple[int, Row]] | None:
    """The file's rows as text (None: blank), each with its line (None: the rows could not
    be read); its problems into `out`."""
    frame, problems = read_table(path, columns, ())
    out.problems += problems
    out.unreadable = any(p.field == "(file)" and p.message.startswith(UNREADABLE) for p in problems)
    if frame is None:
        return None
    lines: list[int] = frame["line"].to_list()
    return list(zip(lines, frame.select(columns).to_dicts(), strict=True))


def _blanks(file: Path, line: int, row: Row, columns: tuple[str, ...]) -> list[InputProblem]:
    return [
        InputProblem(file, line, column, "empty", BLANK_FIX[column])
        for column in columns
        if row[column] is None
    ]


def _whole(
    file: Path, line: int, column: str, value: str, least: int, fix: str
) -> tuple[int | None, InputProblem | None]:
    """`value` as a whole number from `least` to MOST, or the problem with it."""
    if WHOLE.fullmatch(value) is None:
        whole_below = NEGATIVE.fullmatch(value) is not None
        what = f"is below {least}" if whole_below else "is not a whole number"
        return None, InputProblem(file, line, column, f"{shown(value)} {what}", fix)
    # counted in digits first: int() of a 10,000-digit string is refused, and slow
    if len(value.lstrip("0")) > len(str(MOST)) or int(value) > MOST:
        return None, InputProblem(file, line, column, f"{shown(value)} is above {MOST}", fix)
    number = int(value)
    if number < least:
        return None, InputProblem(file, line, column, f"{value} is below {least}", fix)
    return number, None


def read_proposals(path: Path) -> Rows[Proposal]:
    """The proposals, checked: ids unique, capacities whole numbers from 0."""
    out: Rows[Proposal] = Rows()
    first: dict[str, int] = {}  # proposal → its line
    table = _table(path, PROPOSAL_COLUMNS, out)
    for line, row in table or []:
        out.problems += _blanks(path, line, row, PROPOSAL_COLUMNS)
        proposal_id, supervisor, text = row["proposal_id"], row["supervisor"], row["capacity"]
        capacity = None
        if text is not None:
            capacity, problem = _whole(
                path,
                line,
                "capacity",
                text,
                0,
                f"give the number of students the proposal can take: a whole number "
                f"from 0 to {MOST}",
            )
            out.problems += [problem] if problem else []
        if proposal_id is not None:
            if proposal_id in first:
                out.problems.append(
                    InputProblem(
                        path,
                        line,
                        "proposal_id",
                        f"proposal {shown(proposal_id)} is given twice "
                        f"(first on line {first[proposal_id]})",
                        "list each proposal once",
                    )
                )
                continue
            first[proposal_id] = line
        if proposal_id is not None and supervisor is not None and capacity is not None:
            out.rows.append(Proposal(proposal_id, capacity, supervisor))
    if table is not None:
        out.ids = set(first)
    out.problems.sort(key=lambda p: p.line)
    return out


def _repeated(
    out: Rows[Preference], path: Path, line: int, seen: int, field: str, what: str, fix: str
) -> bool:
    """Whether `line` repeats what line `seen` gave (a problem then, naming the first)."""
    if seen == line:
        return False
    out.problems.append(InputProblem(path, line, field, f"{what} (first on line {seen})", fix))
    return True


def read_preferences(path: Path, known: set[str] | None, proposals_file: Path) -> Rows[Preference]:
    """The preferences, checked: ranks whole numbers from 1, proposals in `known` (None:
    the proposals file's rows could not be read, so not checked), no student ranking a
    proposal twice or giving one rank twice."""
    out: Rows[Preference] = Rows()
    ranked: dict[tuple[str, str], int] = {}  # (student, proposal) → first line
    ranks: dict[tuple[str, int], int] = {}  # (student, rank) → first line
    for line, row in _table(path, PREFERENCE_COLUMNS, out) or []:
        out.problems += _blanks(path, line, row, PREFERENCE_COLUMNS)
        student, text, proposal = row["student_id"], row["rank"], row["proposal_id"]
        rank = None
        if text is not None:
            rank, problem = _whole(
                path,
                line,
                "rank",
                text,
                1,
                f"give the student's rank for the proposal: a whole number from 1 "
                f"(the first choice) to {MOST}",
            )
            out.problems += [problem] if problem else []
        if proposal is not None and known is not None and proposal not in known:
            out.problems.append(
                InputProblem(
                    path,
                    line,
                    "proposal_id",
                    f"unknown proposal {shown(proposal)} (not in {proposals_file})",
                    "rank only proposals listed in the proposals file",
                )
            )
        twice = False
        if student is not None and proposal is not None:
            seen = ranked.setdefault((student, proposal), line)
            twice |= _repeated(
                out,
                path,
                line,
                seen,
                "proposal_id",
                f"student {shown(student)} ranks proposal {shown(proposal)} twice",
                "rank each proposal once",
            )
        if student is not None and rank is not None:
            seen = ranks.setdefault((student, rank), line)
            twice |= _repeated(
                out,
                path,
                line,
                seen,
                "rank",
                f"student {shown(student)} gives rank {rank} twice",
                "give each of the student's choices a rank of its own",
            )
        if student is not None and proposal is not None and rank is not None and not twice:
            out.rows.append(Preference(student, rank, proposal))
    out.problems.sort(key=lambda p: p.line)
    return out

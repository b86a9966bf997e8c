"""Students to project proposals: the most students placed, then the least sum of ranks.

The objective (docs/projects.md): allocate as many students as possible and, among the
allocations that place that many, minimise the sum of the ranks the students obtain. A
student is only ever given a proposal they ranked, and no proposal takes more students
than its capacity.

A rank counts as the file gives it: the sum is of the ranks the students wrote (a student
who ranks 1, 3, 4 and gets the second of those obtains rank 3).

Solved exactly as one assignment problem (SciPy's `linear_sum_assignment`, a shortest
augmenting path method, never a greedy loop): a row per student, a column per place
(each proposal repeated once per place it offers, at most as many as students ranked it),
and for a ranked pair the score `BIG - rank`, with `BIG` above every possible sum of
ranks; an unranked pair scores 0, and a student matched on it stays unallocated.
Maximising the total score then places the most students first (one more student adds
`BIG - rank`, more than any saving in ranks can be worth), then the least sum of ranks.
Every score is an integer far below 2**53, so the solver's floating-point sums are exact.

Ties are broken by the solver on students and proposals sorted by id, so the same rows
give the same allocation, whatever their order in the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

# how many ranks the quality report counts as "top three"
TOP = 3


@dataclass(frozen=True)
class Proposal:
    """A project proposal: the students it can take."""

    proposal_id: str
    capacity: int
    supervisor: str = ""


@dataclass(frozen=True)
class Preference:
    """One student's rank for one proposal (1 is the first choice)."""

    student_id: str
    rank: int
    proposal_id: str


@dataclass(frozen=True)
class Allocation:
    """Who has which proposal (None: unallocated), with the rank each obtained.

    `choices` holds each student's proposals (in rank order) with their ranks; `given` has
    every student of `choices`, in student id order. A proposal given by hand that the
    student did not rank has no rank (`rank_of` is None) but counts as allocated.
    """

    choices: Mapping[str, Mapping[str, int]]
    given: Mapping[str, str | None]

    def rank_of(self, student_id: str) -> int | None:
        proposal = self.given[student_id]
        ranked = self.choices.get(student_id, {})
        return ranked.get(proposal) if proposal is not None else None

    @property
    def ranks(self) -> list[int]:
        """The ranks obtained, of the allocated students who ranked what they have."""
        return [r for s in self.given if (r := self.rank_of(s)) is not None]

    @property
    def allocated(self) -> int:
        return sum(1 for p in self.given.values() if p is not None)

    @property
    def unallocated(self) -> int:
        return len(self.given) - self.allocated

    @property
    def rank_sum(self) -> int:
        return sum(self.ranks)

    @property
    def first_choice(self) -> int:
        return sum(1 for r in self.ranks if r == 1)

    @property
    def top_three(self) -> int:
        return sum(1 for r in self.ranks if r <= TOP)

    def as_dict(self) -> dict[str, object]:
        """The contract of `registrar projects allocate --json`, keys in its order."""
        return {
            "allocation": dict(self.given),
            "allocated": self.allocated,
            "rank_sum": self.rank_sum,
            "first_choice": self.first_choice,
            "top_three": self.top_three,
            "unallocated": self.unallocated,
        }


def choice_lists(preferences: Iterable[Preference]) -> dict[str, dict[str, int]]:
    """Each student's proposals → their ranks, in rank order, students sorted by id.

    ValueError if a student ranks a proposal twice or gives one rank twice (the file
    reader reports these by line first).
    """
    ranked: dict[str, list[Preference]] = {}
    for preference in preferences:
        if preference.rank < 1:
            raise ValueError(f"rank {preference.rank} of {preference.student_id} is below 1")
        ranked.setdefault(preference.student_id, []).append(preference)
    out: dict[str, dict[str, int]] = {}
    for student in sorted(ranked):
        rows = sorted(ranked[student], key=lambda p: p.rank)
        proposals = tuple(p.proposal_id for p in rows)
        if len(set(proposals)) != len(proposals):
            raise ValueError(f"student {student} ranks a proposal twice")
        if len({p.rank for p in rows}) != len(rows):
            raise ValueError(f"student {student} gives a rank twice")
        out[student] = {p.proposal_id: p.rank for p in rows}
    return out


def allocate(proposals: Iterable[Proposal], preferences: Iterable[Preference]) -> Allocation:
    """The optimal allocation (see the module's docstring); every student who ranked
    anything is in it. ValueError on input the file reader would refuse."""
    capacity: dict[str, int] = {}
    for proposal in proposals:
        if proposal.proposal_id in capacity:
            raise ValueError(f"proposal {proposal.proposal_id} is given twice")
        if proposal.capacity < 0:
            raise ValueError(f"proposal {proposal.proposal_id} has a negative capacity")
        capacity[proposal.proposal_id] = proposal.capacity
    choices = choice_lists(preferences)
    unknown = sorted({p for ranked in choices.values() for p in ranked} - set(capacity))
    if unknown:
        raise ValueError(f"unknown proposal {unknown[0]}")
    return Allocation(choices, solve(choices, capacity))


def solve(
    choices: Mapping[str, Mapping[str, int]], capacity: Mapping[str, int]
) -> dict[str, str | None]:
    """Each student of `choices` (sorted by id) → a proposal they ranked, or None."""
    students = sorted(choices)
    given: dict[str, str | None] = dict.fromkeys(students)
    demand = Counter(p for ranked in choices.values() for p in ranked)
    # one column per place; a proposal never needs more places than students who ranked it
    span: dict[str, tuple[int, int]] = {}
    owner: list[str] = []  # the proposal of each column
    for proposal in sorted(demand):
        places = min(capacity[proposal], demand[proposal])
        span[proposal] = (len(owner), len(owner) + places)
        owner += [proposal] * places
    width = len(owner)
    if not students or width == 0:
        return given
    highest = max(max(ranked.values(), default=0) for ranked in choices.values())
    big = len(students) * highest + 1  # above any sum of ranks
    # float64, the solver's own type (an int64 matrix would be copied): exact, see above
    score = np.zeros((len(students), width), dtype=np.float64)
    for row, student in enumerate(students):
        for proposal, rank in choices[student].items():
            start, end = span[proposal]
            score[row, start:end] = big - rank
    rows, columns = linear_sum_assignment(score, maximize=True)
    for row, column in zip(rows.tolist(), columns.tolist(), strict=True):
        if score[row, column] > 0:  # 0: a place the student did not rank
            given[students[row]] = owner[column]
    return given

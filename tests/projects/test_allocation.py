"""The allocation solver: exact allocations, and optimality against brute force."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from registrar.projects.allocation import Allocation, Preference, Proposal, allocate, choice_lists


def ranked(*rows: tuple[str, int, str]) -> list[Preference]:
    return [Preference(student, rank, proposal) for student, rank, proposal in rows]


def offered(**capacity: int) -> list[Proposal]:
    return [Proposal(pid, places, f"Dr {pid}") for pid, places in capacity.items()]


def test_a_small_cohort_gets_its_exact_optimal_allocation() -> None:
    result = allocate(
        offered(P1=1, P2=2, P3=0),
        ranked(
            ("S1", 1, "P1"),
            ("S1", 2, "P2"),
            ("S2", 1, "P1"),
            ("S2", 2, "P3"),
            ("S3", 1, "P1"),
            ("S3", 3, "P2"),
            ("S4", 1, "P3"),
        ),
    )

    # P1 to one of its three takers; the two who also ranked P2 second get it
    assert result.given == {"S1": "P2", "S2": "P1", "S3": "P2", "S4": None}
    assert [result.rank_of(s) for s in result.given] == [2, 1, 3, None]
    assert result.as_dict() == {
        "allocation": {"S1": "P2", "S2": "P1", "S3": "P2", "S4": None},
        "allocated": 3,
        "rank_sum": 6,
        "first_choice": 1,
        "top_three": 3,
        "unallocated": 1,
    }
    assert list(result.as_dict()) == [
        "allocation",
        "allocated",
        "rank_sum",
        "first_choice",
        "top_three",
        "unallocated",
    ]


def test_placing_one_more_student_comes_before_a_lower_sum_of_ranks() -> None:
    # S1 at its first choice would leave S2 with nothing
    result = allocate(
        offered(P1=1, P2=1), ranked(("S1", 1, "P1"), ("S1", 2, "P2"), ("S2", 1, "P1"))
    )

    assert result.given == {"S1": "P2", "S2": "P1"}
    assert (result.allocated, result.rank_sum) == (2, 3)


def test_among_allocations_of_the_most_students_the_least_sum_of_ranks_wins() -> None:
    result = allocate(
        offered(P1=1, P2=1, P3=1),
        ranked(
            ("A", 1, "P1"),
            ("A", 2, "P2"),
            ("A", 3, "P3"),
            ("B", 1, "P1"),
            ("B", 2, "P3"),
            ("C", 1, "P2"),
            ("C", 2, "P1"),
        ),
    )

    # A→P1, B→P3, C→P2: ranks 1 + 2 + 1
    assert result.given == {"A": "P1", "B": "P3", "C": "P2"}
    assert result.rank_sum == 4


def test_a_proposal_of_capacity_zero_is_never_given() -> None:
    result = allocate(
        offered(P1=0, P2=1), ranked(("S1", 1, "P1"), ("S2", 1, "P1"), ("S2", 2, "P2"))
    )

    assert result.given == {"S1": None, "S2": "P2"}
    assert result.first_choice == 0


def test_nobody_ranked_anything() -> None:
    result = allocate(offered(P1=3), [])

    assert result.as_dict() == {
        "allocation": {},
        "allocated": 0,
        "rank_sum": 0,
        "first_choice": 0,
        "top_three": 0,
        "unallocated": 0,
    }


def test_no_proposals_and_no_preferences() -> None:
    assert allocate([], []).as_dict()["allocation"] == {}


def test_more_students_than_places_fill_every_place() -> None:
    rows = [(f"S{i}", 1, "P1") for i in range(5)] + [(f"S{i}", 2, "P2") for i in range(5)]
    result = allocate(offered(P1=2, P2=1), ranked(*rows))

    assert (result.allocated, result.unallocated, result.rank_sum) == (3, 2, 4)
    assert sum(1 for p in result.given.values() if p == "P1") == 2
    assert sum(1 for p in result.given.values() if p == "P2") == 1


def test_a_rank_counts_as_the_file_gives_it() -> None:
    # ranks 2 and 5 are the student's first and second choices, and count as 2 and 5
    result = allocate(offered(P1=1, P2=1), ranked(("A", 2, "P1"), ("A", 5, "P2"), ("B", 1, "P1")))

    assert result.given == {"A": "P2", "B": "P1"}
    assert [result.rank_of("A"), result.rank_of("B")] == [5, 1]
    assert result.rank_sum == 6
    assert choice_lists(ranked(("A", 5, "P2"), ("A", 2, "P1"))) == {"A": {"P1": 2, "P2": 5}}
    assert list(choice_lists(ranked(("A", 5, "P2"), ("A", 2, "P1")))["A"]) == ["P1", "P2"]


def test_the_sixth_choice_counts_as_sixth_and_outside_the_top_three() -> None:
    rows = [("A", r, f"P{r}") for r in range(1, 7)] + [("B", r, f"P{r}") for r in range(1, 6)]
    result = allocate(offered(**{f"P{r}": 0 for r in range(1, 6)}, P6=1), ranked(*rows))

    assert result.given == {"A": "P6", "B": None}
    assert (result.rank_sum, result.first_choice, result.top_three) == (6, 0, 0)


def test_students_are_listed_by_id() -> None:
    result = allocate(offered(P1=3), ranked(("S2", 1, "P1"), ("S10", 1, "P1"), ("A", 1, "P1")))

    assert list(result.given) == ["A", "S10", "S2"]


def test_a_tie_is_broken_the_same_way_whatever_the_order_of_the_rows() -> None:
    rows = [(s, r, p) for s in "ABCD" for r, p in ((1, "P1"), (2, "P2"))]
    first = allocate(offered(P1=1, P2=1), ranked(*rows))
    for seed in range(10):
        shuffled = list(rows)
        random.Random(seed).shuffle(shuffled)
        again = allocate(list(reversed(offered(P1=1, P2=1))), ranked(*shuffled))
        assert again.given == first.given
    assert (first.allocated, first.rank_sum) == (2, 3)


def test_a_proposal_given_by_hand_that_was_not_ranked_is_allocated_without_a_rank() -> None:
    result = Allocation({"A": {"P1": 1}, "B": {"P1": 1}}, {"A": "P1", "B": "P9"})

    assert result.rank_of("B") is None
    assert (result.allocated, result.rank_sum, result.first_choice) == (2, 1, 1)


@pytest.mark.parametrize(
    ("proposals", "preferences", "message"),
    [
        (offered(P1=1) * 2, [], "proposal P1 is given twice"),
        (offered(P1=-1), [], "proposal P1 has a negative capacity"),
        (offered(P1=1), ranked(("A", 1, "P2")), "unknown proposal P2"),
        (offered(P1=1), ranked(("A", 1, "P1"), ("A", 2, "P1")), "student A ranks a proposal twice"),
        (
            offered(P1=1, P2=1),
            ranked(("A", 1, "P1"), ("A", 1, "P2")),
            "student A gives a rank twice",
        ),
        (offered(P1=1), ranked(("A", 0, "P1")), "rank 0 of A is below 1"),
    ],
)
def test_input_the_files_would_refuse_is_refused(
    proposals: list[Proposal], preferences: list[Preference], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        allocate(proposals, preferences)


# ------------------------------------------------------------------ against brute force


def brute_force(capacity: dict[str, int], choices: dict[str, dict[str, int]]) -> tuple[int, int]:
    """The most students placed, then the least sum of ranks, over every allocation."""
    students = sorted(choices)
    options = [[None, *choices[s]] for s in students]
    best = (0, 0)
    for pick in itertools.product(*options):
        taken = [p for p in pick if p is not None]
        if any(taken.count(p) > capacity[p] for p in set(taken)):
            continue
        ranks = sum(choices[s][p] for s, p in zip(students, pick, strict=True) if p is not None)
        if (len(taken), -ranks) > (best[0], -best[1]):
            best = (len(taken), ranks)
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Proposal], list[Preference]]:
    n_proposals = draw(st.integers(1, 4))
    ids = [f"P{i}" for i in range(n_proposals)]
    proposals = [Proposal(pid, draw(st.integers(0, 3))) for pid in ids]
    preferences: list[Preference] = []
    for student in range(draw(st.integers(0, 6))):
        chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
        # ranks with gaps: each counts as given
        ranks = sorted(
            draw(
                st.lists(st.integers(1, 9), unique=True, min_size=len(chosen), max_size=len(chosen))
            )
        )
        preferences += [Preference(f"S{student}", r, p) for r, p in zip(ranks, chosen, strict=True)]
    return proposals, preferences


@settings(max_examples=400, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_allocation_is_optimal_feasible_and_deterministic(
    instance: tuple[list[Proposal], list[Preference]], shuffle: random.Random
) -> None:
    proposals, preferences = instance
    result = allocate(proposals, preferences)
    capacity = {p.proposal_id: p.capacity for p in proposals}
    choices = choice_lists(preferences)

    assert (result.allocated, result.rank_sum) == brute_force(capacity, choices)
    assert set(result.given) == {p.student_id for p in preferences}
    for student, proposal in result.given.items():
        assert proposal is None or proposal in choices[student]
    for pid, places in capacity.items():
        assert list(result.given.values()).count(pid) <= places
    shuffle.shuffle(preferences)
    shuffle.shuffle(proposals)
    assert allocate(proposals, preferences).given == result.given

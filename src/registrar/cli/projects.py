"""`registrar projects allocate`: students to project proposals, from two CSV files.

The objective and the files are in docs/projects.md. Bad input is refused whole: every
problem of both files goes to stderr as one line, nothing is allocated, exit 1; exit 2
if a file cannot be read at all (missing, unreadable, not UTF-8). Students left
unallocated are a result, not an error: exit 0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from registrar.cli.output import EXIT_INVALID, EXIT_UNREADABLE, out
from registrar.projects.allocation import Allocation, allocate
from registrar.projects.files import read_preferences, read_proposals

app = typer.Typer(help="Research projects: allocate students to proposals.", no_args_is_help=True)


@app.command("allocate")
def allocate_command(
    proposals: Path = typer.Option(
        ..., "--proposals", help="Proposals CSV (proposal_id,supervisor,capacity)."
    ),
    preferences: Path = typer.Option(
        ..., "--preferences", help="Preferences CSV (student_id,rank,proposal_id; rank 1 first)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the allocation as JSON."),
) -> None:
    """Allocate the most students possible, then the least sum of ranks obtained.

    Exit status: 0 allocated (some students may be unallocated), 1 bad rows (nothing
    allocated), 2 a file cannot be read.
    """
    offered = read_proposals(proposals)
    ranked = read_preferences(preferences, offered.ids, proposals)
    problems = offered.problems + ranked.problems
    if problems:
        sys.stderr.write("".join(f"{problem}\n" for problem in problems))
        unreadable = offered.unreadable or ranked.unreadable
        raise typer.Exit(EXIT_UNREADABLE if unreadable else EXIT_INVALID)
    result = allocate(offered.rows, ranked.rows)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _print(result, {p.proposal_id: p.supervisor for p in offered.rows})


def _print(result: Allocation, supervisors: dict[str, str]) -> None:
    table = Table(title="Project allocation")
    for column in ("student", "proposal", "supervisor", "rank obtained"):
        table.add_column(column, overflow="fold")
    for student, proposal in result.given.items():
        rank = result.rank_of(student)
        table.add_row(
            student,
            proposal or "unallocated",
            supervisors.get(proposal, "") if proposal else "",
            "" if rank is None else str(rank),
        )
    out.print(table)
    out.print(
        f"{len(result.given)} student(s): {result.allocated} allocated "
        f"({result.first_choice} at their first choice, {result.top_three} in their top "
        f"three), {result.unallocated} unallocated; sum of ranks obtained {result.rank_sum}",
        markup=False,
    )

"""The project-allocation benchmark: 500 students ranking 5 of 300 proposals.

    python -m bench.allocation [--students 500] [--proposals 300] [--repeat 5]

A seeded synthetic round (the same seed gives the same files, byte for byte): each
proposal takes 1 to 3 students, each student ranks five different proposals, and
popularity is skewed (proposal i is drawn with weight 1 / (i + 1) ** 0.8, so a few
proposals are asked for by many and the long tail by few; the first choices compete). It
measures, best of `--repeat`:

- `solve_seconds`: `registrar.projects.allocation.allocate` on the rows (the solver);
- `command_seconds`: `registrar projects allocate --json` in-process on the two CSV
  files: reading and checking them, the solve, the JSON.

It records the allocation's quality (allocated, sum of ranks, first choice, top three,
unallocated) and writes bench/results/<date>-allocation.json. Aim: the solve under 2 s.
Not a test: tests/projects checks the allocations, this their speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from bench.run import RESULTS, git_state, machine

SEED = 20251001
AIM_SECONDS = 2.0
RANKS = 5


def round_files(students: int, proposals: int, seed: int) -> tuple[str, str]:
    """The proposals and preferences CSV text of one seeded round."""
    rng = random.Random(seed)
    ids = [f"P{i:03d}" for i in range(1, proposals + 1)]
    weights = [1 / (i + 1) ** 0.8 for i in range(proposals)]
    offered = "proposal_id,supervisor,capacity\n" + "".join(
        f"{pid},Supervisor {rng.randrange(1, proposals // 2 + 2)},{rng.choice((1, 1, 2, 2, 3))}\n"
        for pid in ids
    )
    rows = ["student_id,rank,proposal_id\n"]
    for student in range(1, students + 1):
        chosen: list[str] = []
        while len(chosen) < RANKS:
            pick = rng.choices(ids, weights)[0]
            if pick not in chosen:
                chosen.append(pick)
        rows += [f"S{student:05d},{rank},{pid}\n" for rank, pid in enumerate(chosen, start=1)]
    return offered, "".join(rows)


def main(argv: list[str] | None = None) -> int:
    import numpy
    import scipy

    from registrar.cli import app
    from registrar.projects.allocation import allocate
    from registrar.projects.files import read_preferences, read_proposals

    parser = argparse.ArgumentParser(prog="python -m bench.allocation", description=__doc__)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--proposals", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--output", type=Path, default=None, help="the results file")
    args = parser.parse_args(argv)

    started = dt.datetime.now(dt.UTC)
    offered, ranked = round_files(args.students, args.proposals, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        proposals_csv, preferences_csv = Path(folder) / "p.csv", Path(folder) / "r.csv"
        proposals_csv.write_text(offered, encoding="utf-8")
        preferences_csv.write_text(ranked, encoding="utf-8")
        proposals = read_proposals(proposals_csv)
        preferences = read_preferences(preferences_csv, proposals.ids, proposals_csv)
        assert not proposals.problems
        assert not preferences.problems
        solve: list[float] = []
        command: list[float] = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = allocate(proposals.rows, preferences.rows)
            solve.append(time.perf_counter() - start)
            start = time.perf_counter()
            with redirect_stdout(io.StringIO()) as printed:
                app(
                    [
                        "projects",
                        "allocate",
                        "--proposals",
                        str(proposals_csv),
                        "--preferences",
                        str(preferences_csv),
                        "--json",
                    ],
                    standalone_mode=False,
                )
            command.append(time.perf_counter() - start)
            assert json.loads(printed.getvalue()) == result.as_dict()
    quality = {k: v for k, v in result.as_dict().items() if k != "allocation"}
    report: dict[str, Any] = {
        "benchmark": "project allocation: students ranking five proposals each",
        "started": started.isoformat(timespec="seconds"),
        "seed": args.seed,
        "students": args.students,
        "proposals": args.proposals,
        "places": sum(p.capacity for p in proposals.rows),
        "ranks_per_student": RANKS,
        "machine": {**machine(), "scipy": scipy.__version__, "numpy": numpy.__version__},
        "git": git_state(),
        "aims": {"solve_seconds_at_most": AIM_SECONDS},
        "method": {
            "solve": "registrar.projects.allocation.allocate on the checked rows; best of repeats",
            "command": "registrar projects allocate --json in-process on the CSV files "
            "(read, check, solve, print); best of repeats",
        },
        "solve_seconds": round(min(solve), 4),
        "solve_seconds_all": [round(s, 4) for s in solve],
        "command_seconds": round(min(command), 4),
        "command_seconds_all": [round(s, 4) for s in command],
        "quality": quality,
        "aim_met": min(solve) < AIM_SECONDS,
    }
    output = args.output or RESULTS / f"{started:%Y-%m-%d}-allocation.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"{args.students} students x {args.proposals} proposals ({report['places']} places): "
        f"solve {min(solve):.3f} s, command {min(command):.3f} s (aim: solve < {AIM_SECONDS} s); "
        f"{quality}"
    )
    print(f"written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The fuzzer of tests/fuzz at length: `python -m bench.fuzz [--cases 10000]`.

The same targets, mutations and judge as the suite's fuzz tests (tests/fuzz), but
cases drawn one at a time (a target in turn, a mutation at random) instead of every
mutation once, and failures counted instead of stopping at the first. The database
targets run on a SQLite file of their own under a temporary REGISTRAR_VAR. Every
TRACE_EVERY-th case is run with tracemalloc on, for the Python heap peak (tracing makes
a case 2-4 times slower). Writes bench/results/<date>-fuzz.json: cases, failures by
target, kind and failure (with the first example of each), seconds, peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRACE_EVERY = 20
MANY_ROWS = 2_000  # the suite writes 300


def _django() -> None:
    """Django on a fresh SQLite database, set up as the test suite sets it up."""
    os.environ["REGISTRAR_VAR"] = tempfile.mkdtemp(prefix="registrar-fuzz-var-")
    os.environ.pop("DATABASE_URL", None)
    from registrar.cli.web import django_ready

    django_ready()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    logging.disable(logging.CRITICAL)  # refused requests log a line each


def run(cases: int, seed: int, output: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    _django()
    from tests.fuzz import mutations, world
    from tests.fuzz.oracle import judge, one_line_of
    from tests.fuzz.targets import CLI_MARKS_TARGETS, DB_TARGETS, FILE_TARGETS, seed_of

    mutations.MANY_ROWS = MANY_ROWS
    world.build()
    targets = FILE_TARGETS + DB_TARGETS + CLI_MARKS_TARGETS
    rnd = random.Random(seed)
    counted: Counter[tuple[str, str]] = Counter()
    failures: Counter[tuple[str, str, str]] = Counter()
    examples: dict[tuple[str, str, str], str] = {}
    slowest: dict[str, float] = {}
    peak = 0
    figures: dict[str, Any] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="registrar-fuzz-") as name:
        folder = Path(name)
        one_line = one_line_of(folder)
        seeds = {t.name: t.run(seed_of(t), folder) for t in targets}
        for number in range(cases):
            target = targets[number % len(targets)]
            mutation = rnd.choice(target.mutations)
            data = mutation.apply(target.seed, rnd)
            verdict = judge(
                target.run,
                mutation,
                data,
                folder,
                seeds[target.name],
                one_line,
                trace_memory=number % TRACE_EVERY == 0,
            )
            counted[(target.name, mutation.kind)] += 1
            slowest[target.name] = max(slowest.get(target.name, 0.0), verdict.seconds)
            peak = max(peak, verdict.peak_bytes)
            if verdict.failure:
                key = (target.name, mutation.kind, verdict.failure)
                failures[key] += 1
                examples.setdefault(key, verdict.detail)
            if (number + 1) % 500 == 0 or number + 1 == cases:
                figures = _figures(number + 1, seed, started, counted, failures, examples)
                figures |= {
                    "slowest_case_s": {k: round(v, 2) for k, v in sorted(slowest.items())},
                    "python_heap_peak_bytes": peak,
                }
                output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
                print(f"{number + 1:>6} cases, {figures['failures']} failures", flush=True)
    return figures


def _figures(
    cases: int,
    seed: int,
    started: float,
    counted: Counter[tuple[str, str]],
    failures: Counter[tuple[str, str, str]],
    examples: dict[tuple[str, str, str], str],
) -> dict[str, Any]:
    from tests.fuzz.oracle import MEMORY_BOUND, RSS_BOUND, TIME_BOUND, rss_bytes

    seconds = time.perf_counter() - started
    by_target: Counter[str] = Counter()
    for (target, _), count in counted.items():
        by_target[target] += count
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "python": platform.python_version(),
        "seed": seed,
        "cases": cases,
        "seconds": round(seconds, 1),
        "cases_per_second": round(cases / seconds, 2),
        "bounds": {
            "time_per_case_s": TIME_BOUND,
            "python_heap_per_case_bytes": MEMORY_BOUND,
            "process_rss_bytes": RSS_BOUND,
            "heap_traced_every": TRACE_EVERY,
        },
        "process_rss_peak_bytes": rss_bytes(),
        "failures": sum(failures.values()),
        "failures_by_kind": [
            {
                "target": t,
                "mutation": k,
                "failure": f,
                "count": n,
                "of_cases": counted[(t, k)],
                "example": examples[(t, k, f)],
            }
            for (t, k, f), n in sorted(failures.items())
        ],
        "cases_by_target": dict(sorted(by_target.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    output = args.output or (
        ROOT / "bench" / "results" / f"{dt.date.today().isoformat()}-fuzz.json"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    result = run(args.cases, args.seed, output)  # written every 500 cases, and at the end
    print(
        f"{result['cases']} cases in {result['seconds']} s, {result['failures']} failures; "
        f"wrote {output}"
    )


if __name__ == "__main__":
    main()

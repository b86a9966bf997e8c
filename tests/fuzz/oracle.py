"""One fuzz case: run a target on a mutated file within a time bound, and judge the outcome.

The bounds (stated in docs/specification.md, "Hostile input"):

- TIME_BOUND seconds per case, enforced with an interval timer: past it the case is a
  `hang` (the timer interrupts Python code; a case stuck in native code is a `slow` one
  when it returns);
- RSS_BOUND bytes of resident memory for the whole process (ru_maxrss) after each case,
  and, when memory is traced (bench/fuzz.py; tracing makes a case 2-4 times slower, too
  slow for the suite), MEMORY_BOUND bytes of Python heap at the peak of one case.

A case fails as one of FAILURES; `None` means it behaved.
"""

from __future__ import annotations

import random
import resource
import signal
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.mutations import Mutation

_ROOT = Path(__file__).resolve().parents[2]

TIME_BOUND = 10.0  # seconds per case
MEMORY_BOUND = 256 * 2**20  # bytes of Python heap at a case's peak
RSS_BOUND = 2 * 2**30  # bytes resident for the whole process

FAILURES = (
    "exception",  # an exception escaped: a traceback (a 500 on a page)
    "exit_70",  # the command's own "unexpected" exit
    "hang",  # past TIME_BOUND
    "memory",  # past MEMORY_BOUND or RSS_BOUND
    "accepted_bad",  # a file a `must_refuse` mutation made was accepted
    "bom_crlf_changed",  # a BOM or CRLF changed the outcome
    "not_one_line",  # a problem report that is not one line per problem
)


@dataclass(frozen=True)
class Outcome:
    """What a target did with a file: accepted or not, and what it said."""

    accepted: bool
    said: str  # the output compared for `same_as_seed` (stdout, or the page's result)
    errors: str = ""  # what it printed about problems, one per line
    exit_code: int | None = None


@dataclass(frozen=True)
class Verdict:
    failure: str | None
    detail: str
    seconds: float
    peak_bytes: int


class _Hang(BaseException):
    """Raised by the timer: a BaseException, so that no `except Exception` swallows it."""


@contextmanager
def _time_bound(seconds: float) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise _Hang

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def rss_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


Run = Callable[[bytes, Path], Outcome]


def judge(
    run: Run,
    mutation: Mutation,
    data: bytes,
    folder: Path,
    seed_outcome: Outcome,
    one_line: Callable[[str], bool],
    trace_memory: bool = False,
) -> Verdict:
    """Run `run` on `data` and say how it failed, if it did."""
    if trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    outcome: Outcome | None = None
    failure: str | None = None
    detail = ""
    try:
        with _time_bound(TIME_BOUND):
            outcome = run(data, folder)
    except _Hang:
        failure, detail = "hang", f"stopped after {TIME_BOUND:.0f} s"
    except Exception as error:
        failure, detail = "exception", f"{type(error).__name__}: {error}"[:300]
    seconds = time.perf_counter() - started
    peak = 0
    if trace_memory:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    if failure is None and outcome is not None:
        failure, detail = _failure(mutation, outcome, seed_outcome, one_line)
    if failure is None and seconds > TIME_BOUND:
        failure, detail = "hang", f"took {seconds:.1f} s"
    if failure is None and (peak > MEMORY_BOUND or rss_bytes() > RSS_BOUND):
        failure, detail = "memory", f"heap peak {peak:,} bytes, RSS {rss_bytes():,} bytes"
    return Verdict(failure, detail, seconds, peak)


def _failure(
    mutation: Mutation, outcome: Outcome, seed: Outcome, one_line: Callable[[str], bool]
) -> tuple[str | None, str]:
    if outcome.exit_code == 70 or "Traceback" in outcome.errors:
        return "exit_70", outcome.errors[-300:]
    if mutation.must_refuse and outcome.accepted:
        return "accepted_bad", outcome.said[:300]
    if mutation.same_as_seed and (outcome.accepted, outcome.said) != (seed.accepted, seed.said):
        return "bom_crlf_changed", (outcome.errors or outcome.said)[:300]
    broken = [line for line in outcome.errors.splitlines() if not one_line(line)]
    if broken:
        return "not_one_line", broken[0][:300]
    return None, ""


def one_line_of(folder: Path) -> Callable[[str], bool]:
    """A problem line names a file of the case (or of the repository), or is a closing stop."""
    prefixes = (str(folder), str(_ROOT), "error: ")
    return lambda line: line.startswith(prefixes) or not line.strip()


def mutate(mutation: Mutation, seed: bytes, rnd: random.Random) -> bytes:
    return mutation.apply(seed, rnd)


def sweep(
    run: Run,
    mutations: tuple[Mutation, ...],
    seed: bytes,
    seed_as_read: bytes,
    rnd: random.Random,
    folder: Path,
    trace_memory: bool = False,
) -> list[tuple[str, Verdict]]:
    """Every mutation once on the seed: (kind, verdict) for each. The seed must be accepted."""
    seed_outcome = run(seed_as_read, folder)
    assert seed_outcome.accepted, f"the seed is refused: {seed_outcome.errors or seed_outcome.said}"
    one_line = one_line_of(folder)
    return [
        (
            m.kind,
            judge(run, m, mutate(m, seed, rnd), folder, seed_outcome, one_line, trace_memory),
        )
        for m in mutations
    ]

"""The engine benchmark: `make bench` (= `python -m bench.run`).

For each cohort size it generates (or reuses) a seeded synthetic MRes cohort
(bench/cohort.py) and measures, each in a fresh child process so that peak
memory (ru_maxrss) belongs to that measurement alone:

- engine: `registrar classify --format csv -o FILE` end to end (`load_inputs`, then
  `write_classification_csv`: evaluated and written a chunk of students at a time) —
  seconds, students per second, peak memory;
- floor: Polars reading the same file and computing each student's mean mark;
- oracle: the scalar oracle (tests/rules/oracle.py) on a sample of the cohort's
  students (reading its rows with the csv module included), scaled per student.

It reports engine/floor (aim ≤ 3), peak/floor's peak (aim ≤ 1) and oracle/engine
(aim ≥ 20), all measured in the same run, and writes bench/results/<date>-<label>.json.

    python -m bench.run [--sizes 10k,100k,1M] [--repeat N] [--label NAME]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import socket
import subprocess
import sys
import time
from itertools import takewhile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MRES = ROOT / "programmes" / "imperial" / "mres-ai-ml" / "2025-26.yaml"
RESULTS = ROOT / "bench" / "results"
CACHE = ROOT / "var" / "bench"
SEED = 20251001
AIM_ENGINE_OVER_FLOOR = 3.0  # issue 8: `registrar classify` end to end within 3x the floor
AIM_ORACLE_OVER_ENGINE = 20.0  # issue 8: at least 20x faster per student than the oracle
AIM_PEAK_OVER_FLOOR = 1.0  # issue 8: peak memory no more than the floor's own


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


def label_size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def regulations_of(spec: Any) -> Path:
    """The regulations the specification names (`regulations: imperial/taught`)."""
    from registrar.rules.parameters import regulations_path

    found = regulations_path(spec)
    if found is None:
        raise SystemExit(f"no regulations found for {spec.regulations or spec.institution}")
    return found


def peak_mb() -> float:
    """Peak resident memory of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- measurements, each run in a child process ------------------------------------------


def child_engine(marks: Path) -> dict[str, Any]:
    """`registrar classify --format csv -o FILE` end to end: read and check, then evaluate
    and write the CSV a chunk of students at a time (rules/chunks.py)."""
    import tempfile

    from registrar.rules.chunks import write_classification_csv
    from registrar.rules.engine import parameters_for
    from registrar.rules.inputs import load_inputs
    from registrar.rules.parameters import load_regulations
    from registrar.spec.loading import load_specification

    spec = load_specification(MRES)
    parameters = parameters_for(spec, load_regulations(regulations_of(spec)))
    baseline = peak_mb()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        inputs = load_inputs(spec, parameters, marks)
        read = time.perf_counter()
        students = write_classification_csv(
            spec, parameters, inputs.marks, inputs.registrations, Path(folder) / "results.csv"
        )
        end = time.perf_counter()
    return {
        "seconds": end - start,
        "read_seconds": read - start,
        "evaluate_seconds": end - read,
        "students": students,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
    }


def child_explain(marks: Path) -> dict[str, Any]:
    """`registrar explain` for the middle student: read and check, then that student alone."""
    from registrar.rules.engine import parameters_for
    from registrar.rules.inputs import load_inputs
    from registrar.rules.parameters import load_regulations
    from registrar.rules.trace import explain_one
    from registrar.spec.loading import load_specification

    spec = load_specification(MRES)
    parameters = parameters_for(spec, load_regulations(regulations_of(spec)))
    start = time.perf_counter()
    inputs = load_inputs(spec, parameters, marks)
    read = time.perf_counter()
    ids = inputs.marks["student_id"]
    student = str(ids[ids.len() // 2])
    trace = explain_one(spec, parameters, inputs.marks, inputs.registrations, student)
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "read_seconds": read - start,
        "explain_seconds": end - read,
        "student": student,
        "steps": len(trace.steps),
        "peak_mb": peak_mb(),
    }


def child_floor(marks: Path) -> dict[str, Any]:
    import polars as pl

    baseline = peak_mb()
    start = time.perf_counter()
    frame = pl.read_csv(
        marks,
        schema_overrides={
            "student_id": pl.String,
            "module_code": pl.String,
            "component": pl.String,
            "attempt": pl.Int64,
            "mark": pl.Float64,
            "flag": pl.String,
            "late_hours": pl.Float64,
        },
    )
    means = frame.group_by("student_id").agg(pl.col("mark").mean())
    students = means.height
    end = time.perf_counter()
    return {
        "seconds": end - start,
        "students": students,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
    }


def child_oracle(marks: Path, sample: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from registrar.spec.loading import load_specification
    from tests.rules import oracle

    spec = load_specification(MRES)
    start = time.perf_counter()
    with marks.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        seen: set[str] = set()

        def wanted(row: dict[str, str]) -> bool:
            seen.add(row["student_id"])
            return len(seen) <= sample

        rows = list(takewhile(wanted, reader))
    results = oracle.classify(rows, spec)
    end = time.perf_counter()
    return {"seconds": end - start, "students": len(results), "peak_mb": peak_mb()}


def parquet_copy(path: Path) -> Path:
    """The cohort's marks as Parquet (every column as text, as in the CSV), cached."""
    import polars as pl

    parquet = path.with_suffix(".parquet")
    if not parquet.is_file():
        pl.scan_csv(path, infer_schema=False).sink_parquet(parquet)
    return parquet


def in_child(kind: str, marks: Path, sample: int = 0) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.run", "--child", kind, "--marks", str(marks)]
    if sample:
        command += ["--sample", str(sample)]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, env=os.environ.copy()
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} on {marks} failed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the parent: cohorts, progress, results ---------------------------------------------


def cohort_file(n: int, seed: int, progress: Any) -> tuple[Path, int, float]:
    """The cached cohort file for (n, seed): path, rows, seconds to generate (0 if cached)."""
    from bench.cohort import COHORT_VERSION, HEADER, Generator, Mix
    from registrar.spec.loading import load_specification

    path = CACHE / f"cohort-mres-v{COHORT_VERSION}-{label_size(n)}-seed{seed}.csv"
    meta = path.with_suffix(".json")
    if path.is_file() and meta.is_file():
        rows = int(json.loads(meta.read_text())["rows"])
        return path, rows, 0.0
    spec = load_specification(MRES)
    task = progress.add_task(f"generate {label_size(n)} students", total=n)
    start = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    generator = Generator(spec, seed, Mix())
    rows = 0
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        buffer: list[str] = []
        for index in range(n):
            buffer += generator.student(index)[2]
            if len(buffer) >= 65536:
                rows += len(buffer)
                out.write("\n".join(buffer) + "\n")
                buffer.clear()
                progress.update(task, completed=index + 1)
        rows += len(buffer)
        if buffer:
            out.write("\n".join(buffer) + "\n")
    tmp.replace(path)
    meta.write_text(json.dumps({"students": n, "seed": seed, "rows": rows}))
    progress.update(task, completed=n)
    return path, rows, time.perf_counter() - start


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs, with every time and the highest peak memory."""
    fastest = dict(min(runs, key=lambda r: r["seconds"]))
    fastest["all_seconds"] = [round(r["seconds"], 4) for r in runs]
    fastest["peak_mb"] = max(r["peak_mb"] for r in runs)
    return fastest


def measure(n: int, seed: int, repeat: int, sample: int, progress: Any) -> dict[str, Any]:
    path, rows, generated = cohort_file(n, seed, progress)
    parquet = parquet_copy(path)
    steps = 5 * repeat
    task = progress.add_task(f"measure {label_size(n)}", total=steps)
    load_at_start = os.getloadavg() if hasattr(os, "getloadavg") else None
    engine, floor, oracles, from_parquet, explains = [], [], [], [], []
    for _ in range(repeat):  # interleaved, so that load on the machine hits all alike
        floor.append(in_child("floor", path))
        progress.advance(task)
        engine.append(in_child("engine", path))
        progress.advance(task)
        oracles.append(in_child("oracle", path, min(sample, n)))
        progress.advance(task)
        from_parquet.append(in_child("engine", parquet))
        progress.advance(task)
        explains.append(in_child("explain", path))
        progress.advance(task)
    e, f, oracle = best(engine), best(floor), best(oracles)
    pq, ex = best(from_parquet), best(explains)
    oracle_per_student = oracle["seconds"] / oracle["students"]
    engine_per_student = e["seconds"] / n
    return {
        "students": n,
        "rows": rows,
        "load_average_at_start": load_at_start,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "generate_seconds": round(generated, 2),
        "engine_seconds": round(e["seconds"], 4),
        "engine_read_seconds": round(e["read_seconds"], 4),
        "engine_evaluate_and_write_seconds": round(e["evaluate_seconds"], 4),
        "engine_all_seconds": e["all_seconds"],
        "students_per_second": round(n / e["seconds"]),
        "engine_peak_mb": round(e["peak_mb"], 1),
        "engine_baseline_mb": round(e["baseline_mb"], 1),
        "floor_seconds": round(f["seconds"], 4),
        "floor_all_seconds": f["all_seconds"],
        "floor_peak_mb": round(f["peak_mb"], 1),
        "ratio_engine_over_floor": round(e["seconds"] / f["seconds"], 2),
        "ratio_peak_over_floor_peak": round(e["peak_mb"] / f["peak_mb"], 2),
        "parquet_engine_seconds": round(pq["seconds"], 4),
        "parquet_engine_read_seconds": round(pq["read_seconds"], 4),
        "parquet_engine_peak_mb": round(pq["peak_mb"], 1),
        "explain_seconds": round(ex["seconds"], 4),
        "explain_read_seconds": round(ex["read_seconds"], 4),
        "explain_one_student_seconds": round(ex["explain_seconds"], 4),
        "oracle_sample_students": oracle["students"],
        "oracle_sample_seconds": round(oracle["seconds"], 4),
        "oracle_all_seconds": oracle["all_seconds"],
        "oracle_seconds_per_student": oracle_per_student,
        "oracle_seconds_scaled": round(oracle_per_student * n, 2),
        "ratio_oracle_over_engine": round(oracle_per_student / engine_per_student, 2),
    }


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "--porcelain"))}


def machine() -> dict[str, Any]:
    import polars as pl

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "host": socket.gethostname(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "platform": platform.platform(),
        "load_average_at_start": load,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="cohort sizes, e.g. 10k,100k,1M")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--repeat", type=int, default=0, help="runs per size (default: 3, 1 for ≥1M)"
    )
    parser.add_argument("--sample", type=int, default=10_000, help="students for the oracle")
    parser.add_argument("--label", default=None, help="results file label (default: host)")
    parser.add_argument("--output", type=Path, default=None, help="results file path")
    parser.add_argument(
        "--child", choices=["engine", "floor", "oracle", "explain"], help=argparse.SUPPRESS
    )
    parser.add_argument("--marks", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        if args.child == "engine":
            result = child_engine(args.marks)
        elif args.child == "floor":
            result = child_floor(args.marks)
        elif args.child == "explain":
            result = child_explain(args.marks)
        else:
            result = child_oracle(args.marks, args.sample)
        print(json.dumps(result))
        return 0

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table

    console = Console(stderr=True)
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    started = dt.datetime.now(dt.UTC)
    report: dict[str, Any] = {
        "benchmark": "registrar rules engine, synthetic MRes cohorts",
        "started": started.isoformat(timespec="seconds"),
        "seed": args.seed,
        "programme": str(MRES.relative_to(ROOT)),
        "machine": machine(),
        "git": git_state(),
        "aims": {
            "ratio_engine_over_floor_at_most": AIM_ENGINE_OVER_FLOOR,
            "ratio_oracle_over_engine_at_least": AIM_ORACLE_OVER_ENGINE,
            "ratio_peak_over_floor_peak_at_most": AIM_PEAK_OVER_FLOOR,
        },
        "method": {
            "engine": "load_inputs + write_classification_csv to a file (registrar "
            "classify --format csv -o end to end: read in slices, evaluated and written "
            "100,000 students at a time) on the marks CSV, fresh child process, best of "
            "repeats",
            "parquet": "the same on a Parquet copy of the marks (every column as text)",
            "explain": "load_inputs (every row checked) + explain_one for the middle student",
            "floor": "pl.read_csv + group_by(student_id).agg(mean(mark)), fresh child process",
            "oracle": "csv.DictReader + tests/rules/oracle.classify on the first --sample "
            "students, fresh child process, best of repeats, seconds per student scaled "
            "to the cohort",
            "peak_mb": "ru_maxrss of the child process (includes interpreter and imports)",
        },
        "sizes": [],
    }
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        overall = progress.add_task("sizes", total=len(sizes))
        for n in sizes:
            repeat = args.repeat or (1 if n >= 1_000_000 else 3)
            report["sizes"].append(measure(n, args.seed, repeat, args.sample, progress))
            progress.advance(overall)
    report["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")

    label = args.label or socket.gethostname()
    output = args.output or RESULTS / f"{started:%Y-%m-%d}-{label}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    table = Table(title="registrar rules engine")
    for column in (
        "students",
        "rows",
        "engine s",
        "students/s",
        "peak MB",
        "floor s",
        "floor MB",
        "engine/floor",
        "oracle/engine",
        "parquet s",
        "explain s",
        "load",
    ):
        table.add_column(column, justify="right")
    for size in report["sizes"]:
        table.add_row(
            label_size(size["students"]),
            f"{size['rows']:,}",
            f"{size['engine_seconds']:.2f}",
            f"{size['students_per_second']:,}",
            f"{size['engine_peak_mb']:.0f}",
            f"{size['floor_seconds']:.2f}",
            f"{size['floor_peak_mb']:.0f}",
            f"{size['ratio_engine_over_floor']:.1f}",
            f"{size['ratio_oracle_over_engine']:.2f}",
            f"{size['parquet_engine_seconds']:.2f}",
            f"{size['explain_seconds']:.2f}",
            f"{(size['load_average_at_start'] or [0])[0]:.2f}",
        )
    Console(width=max(Console().width, 110)).print(table)
    console.print(f"results: {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

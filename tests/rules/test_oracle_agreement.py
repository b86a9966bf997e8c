"""The engine and the scalar oracle agree exactly on 10,000 random students.

The cohort comes from bench/cohort.py (seeded: the same file every run) and
covers components, resits, NS, MC, late hours, missing marks and boundary
marks. The engine runs once, as `registrar classify --format json` on one CSV.
A second cohort, on the small test programme (four compensable modules, so the
15-credit limit binds; a level-6 module; exit awards) and with a registrations
file, covers what the MRes cannot reach.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from bench.cohort import Mix, write_cohort
from tests.rules import oracle
from tests.rules.case_runner import FIELDS, MRES, REPO, normalise, run_cli, spec_at

STUDENTS = 10_000
SEED = 20251001
SHOW = 5
SMALL = REPO / "tests" / "rules" / "fixtures" / "programmes" / "small-with-exit-awards.yaml"
SMALL_STUDENTS = 5_000


def _differences(
    engine: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]]:
    by_id = {str(r["student_id"]): normalise(r) for r in engine}
    out = []
    seen = set()
    for record in expected:
        student = record["student_id"]
        seen.add(student)
        want = normalise(record)
        have = by_id.get(student)
        if have != want:
            out.append((student, have, want))
    out += [(student, by_id[student], None) for student in sorted(set(by_id) - seen)]
    return out


def _report(
    marks: Path,
    differences: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None]],
    students: int = STUDENTS,
) -> str:
    rows: dict[str, list[str]] = {}
    with marks.open(encoding="utf-8") as handle:
        for line in handle:
            rows.setdefault(line.split(",", 1)[0], []).append(line.rstrip("\n"))
    fields = Counter(
        key
        for _, have, want in differences
        for key in FIELDS
        if (have or {}).get(key) != (want or {}).get(key)
    )
    lines = [f"{len(differences)} of {students} students differ; fields: {dict(fields)}"]
    for student, have, want in differences[:SHOW]:
        lines.append(f"--- {student}")
        lines += ["    " + row for row in rows.get(student, [])]
        lines.append(f"    engine: {json.dumps(have)}")
        lines.append(f"    oracle: {json.dumps(want)}")
    return "\n".join(lines)


def test_engine_agrees_with_the_oracle_on_10000_random_students(tmp_path: Path) -> None:
    spec = spec_at(MRES)
    marks = tmp_path / "cohort.csv"
    write_cohort(marks, spec, STUDENTS, SEED)
    with marks.open(encoding="utf-8") as handle:
        expected = oracle.classify(csv.DictReader(handle), spec)
    assert len(expected) == STUDENTS

    # the generator reaches every status and the interesting outcomes
    statuses = Counter(r["status"] for r in expected)
    assert set(statuses) == {"awarded", "referred", "failed", "incomplete"}, statuses
    assert {r["classification"] for r in expected} >= {"Pass", "Merit", "Distinction"}
    assert {r["credits_compensated"] for r in expected} >= {0, 5, 10}

    engine = run_cli(tmp_path, MRES, marks.read_text(encoding="utf-8"))
    assert len(engine) == STUDENTS
    ids = [r["student_id"] for r in engine]
    assert ids == sorted(ids), "students are listed in ascending student_id (rules.md, Output)"
    differences = _differences(engine, expected)
    assert not differences, _report(marks, differences)


def test_engine_agrees_with_the_oracle_on_the_small_programme_with_registrations(
    tmp_path: Path,
) -> None:
    spec = spec_at(SMALL)
    marks = tmp_path / "cohort.csv"
    regs = tmp_path / "registrations.csv"
    mix = Mix(mc=0.1, ns=0.05, late=0.1, boundary=0.3, missing_module=0.03)
    write_cohort(marks, spec, SMALL_STUDENTS, SEED + 1, mix, registrations=regs)
    with marks.open(encoding="utf-8") as handle, regs.open(encoding="utf-8") as reg_handle:
        expected = oracle.classify(csv.DictReader(handle), spec, csv.DictReader(reg_handle))
    assert len(expected) == SMALL_STUDENTS
    assert {r["award"] for r in expected} == {"", "MRes", "PG Diploma", "PG Certificate"}
    assert 15 in {r["credits_compensated"] for r in expected}

    engine = run_cli(
        tmp_path,
        SMALL,
        marks.read_text(encoding="utf-8"),
        regs.read_text(encoding="utf-8"),
    )
    differences = _differences(engine, expected)
    assert not differences, _report(marks, differences, SMALL_STUDENTS)


def test_engine_agrees_with_the_oracle_with_professional_skills_completions(
    tmp_path: Path,
) -> None:
    """docs/rules.md#professional-skills: random completions over a random cohort."""
    spec = spec_at(MRES)
    marks = tmp_path / "cohort.csv"
    write_cohort(marks, spec, SMALL_STUDENTS, SEED + 2)
    with marks.open(encoding="utf-8") as handle:
        students = sorted({row["student_id"] for row in csv.DictReader(handle)})
    chooser = random.Random(SEED)
    codes = [c.code for c in spec.award.required_courses]
    assert codes, "the MRes lists its professional skills courses"
    done = [(s, c) for s in students for c in codes if chooser.random() < 0.9]
    skills_text = "student_id,course\n" + "".join(f"{s},{c}\n" for s, c in done)
    with marks.open(encoding="utf-8") as handle:
        expected = oracle.classify(
            csv.DictReader(handle), spec, skills=oracle.read_csv_text(skills_text)
        )
    without = {
        r["student_id"]: r
        for r in oracle.classify(oracle.read_csv_text(marks.read_text(encoding="utf-8")), spec)
    }
    # some students lose the award to an outstanding course alone
    assert any(
        r["status"] == "incomplete" and without[r["student_id"]]["status"] == "awarded"
        for r in expected
    )

    engine = run_cli(tmp_path, MRES, marks.read_text(encoding="utf-8"), skills_text=skills_text)
    differences = _differences(engine, expected)
    assert not differences, _report(marks, differences, SMALL_STUDENTS)

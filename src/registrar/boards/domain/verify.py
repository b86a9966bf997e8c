"""Re-deriving a board run from what it stored, for an appeal or an audit.

`verify_run` reads nothing but the run (its stored texts, its specification
version, its hashes and results): later changes to the marks do not disturb it,
and any change to what the run stored shows as a difference.
"""

from __future__ import annotations

import csv
import io

from registrar.boards.domain.evaluation import (
    engine_version,
    evaluate_texts,
    sha256,
    specification_digest,
)
from registrar.boards.models import BoardRun
from registrar.rules.inputs import InputError
from registrar.rules.outputs import results_csv
from registrar.rules.parameters import ParameterError
from registrar.spec.loading import SpecificationError, specification_from_data

# What each hash covers: the run's stored text of it.
HASHED_TEXTS = (
    ("marks", "marks_csv"),
    ("registrations", "registrations_csv"),
    ("regulations", "regulations_text"),
)


def _short(digest: object) -> str:
    return str(digest)[:12] if digest else "none"


def _rows(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    rows = {row["student_id"]: row for row in reader}
    return list(reader.fieldnames or []), rows


def _compare_results(stored: str, derived: str) -> list[str]:
    """Every difference between the stored and the re-derived results, row by row, column by
    column (students in ID order)."""
    stored_columns, stored_rows = _rows(stored)
    derived_columns, derived_rows = _rows(derived)
    differences = []
    if stored_columns != derived_columns:
        differences.append(
            f"results columns: stored {','.join(stored_columns)}; "
            f"re-derived {','.join(derived_columns)}"
        )
    columns = [c for c in derived_columns if c in stored_columns and c != "student_id"]
    for student_id in sorted(set(stored_rows) | set(derived_rows)):
        old, new = stored_rows.get(student_id), derived_rows.get(student_id)
        if old is None:
            differences.append(f"student {student_id}: re-derived, but not in the stored results")
            continue
        if new is None:
            differences.append(f"student {student_id}: in the stored results, but not re-derived")
            continue
        for column in columns:
            if old[column] != new[column]:
                differences.append(
                    f"student {student_id}, {column}: stored {old[column]!r}, "
                    f"re-derived {new[column]!r}"
                )
    return differences


def verify_run(run: BoardRun) -> list[str]:
    """Re-derive `run` from what it stored; every difference, one sentence each (empty: identical).

    Checks, in order: each stored text against its SHA-256 in `run.hashes` (marks,
    registrations, regulations) and the specification version's data against its
    hash; the engine version against the one running now; then the engine run again
    on the stored texts, compared with the stored results row by row, column by column.
    """
    differences = []
    hashes = run.hashes if isinstance(run.hashes, dict) else {}
    texts = HASHED_TEXTS
    if run.skills_csv or "skills" in hashes:  # a run that checked the professional skills
        texts = (*HASHED_TEXTS, ("skills", "skills_csv"))
    for key, field in texts:
        recorded, actual = hashes.get(key), sha256(getattr(run, field))
        if recorded != actual:
            differences.append(
                f"{key}: the stored text's SHA-256 is {_short(actual)}…, "
                f"the run recorded {_short(recorded)}…"
            )
    version = run.version
    recorded, actual = hashes.get("specification"), specification_digest(version.data)
    if recorded != actual:
        differences.append(
            f"specification: version {version.number}'s SHA-256 is {_short(actual)}…, "
            f"the run recorded {_short(recorded)}…"
        )
    unknown = sorted(set(hashes) - {k for k, _ in texts} - {"specification"})
    if unknown:
        differences.append(f"hashes: unexpected entries {', '.join(unknown)}")
    current = engine_version()
    if run.engine_version != current:
        differences.append(f"engine version: the run used {run.engine_version}, this is {current}")
    try:
        spec = specification_from_data(version.data, origin=version.source)
        stored = evaluate_texts(
            spec, run.regulations_text, run.marks_csv, run.registrations_csv, run.skills_csv
        )
    except (InputError, ParameterError, SpecificationError) as error:
        problems = "; ".join(str(p) for p in error.problems)
        differences.append(f"re-derivation: the stored inputs no longer evaluate: {problems}")
        return differences
    differences += _compare_results(run.results_csv, results_csv(stored.evaluation.results))
    return differences

"""Running an exam board: evaluate every enrolled student from the stored records, keep the run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from registrar.assessment.domain.contract import marks_csv
from registrar.audit.domain import record, user_of
from registrar.boards.domain.evaluation import (
    engine_version,
    evaluate_texts,
    sha256,
    specification_digest,
)
from registrar.boards.models import BoardRun
from registrar.programmes.domain.versions import (
    PublishRefusedError,
    latest_version,
    specification_of,
)
from registrar.programmes.models import Programme
from registrar.registrations.domain.export import registrations_csv
from registrar.registrations.domain.skills import board_skills_csv
from registrar.rules.inputs import InputError
from registrar.rules.outputs import results_csv
from registrar.rules.parameters import ParameterError, regulations_missing, regulations_path


class BoardRefusedError(Exception):
    """A board action was refused; the message says why and what to do."""


@transaction.atomic
def run_board(*, programme: Programme, actor: Any) -> BoardRun:
    """Evaluate every enrolled student of `programme` from the stored marks and registrations.

    The run stores what it read (marks, registrations and, once the registry records them,
    professional skills completions as contract CSV, the latest
    specification version, the regulations' text, the engine version), their SHA-256
    hashes and the engine's results (the classification contract as CSV).
    Refuses (BoardRefusedError) when there is no specification, no regulations, no enrolled
    student, or the stored records do not pass the engine's input checks (each problem listed).
    Side effects: one BoardRun row; one ledger entry `board.run`.
    """
    try:
        version = latest_version(programme)
    except PublishRefusedError as error:
        raise BoardRefusedError(f"{error}; publish it before running a board") from error
    spec = specification_of(version)
    path = regulations_path(spec)
    if path is None:
        raise BoardRefusedError(f"{regulations_missing(spec)}; a board cannot run without them")
    regulations_text = path.read_text(encoding="utf-8")
    marks_text = marks_csv(programme)
    registrations_text = registrations_csv(programme)
    skills_text = board_skills_csv(programme, spec)
    if registrations_text.count("\n") <= 1 and marks_text.count("\n") <= 1:
        raise BoardRefusedError(
            f"{programme} has no enrolled student with registrations or marks; "
            "import the students first (registrar import-students)"
        )
    try:
        stored = evaluate_texts(spec, regulations_text, marks_text, registrations_text, skills_text)
    except (InputError, ParameterError) as error:
        raise BoardRefusedError(
            "the stored records do not pass the engine's checks: "
            + "; ".join(str(p) for p in error.problems)
        ) from error
    hashes = {
        "marks": sha256(marks_text),
        "registrations": sha256(registrations_text),
        "specification": specification_digest(version.data),
        "regulations": sha256(regulations_text),
    }
    if skills_text:
        hashes["skills"] = sha256(skills_text)
    run = BoardRun.objects.create(
        programme=programme,
        version=version,
        created_by=user_of(actor),
        engine_version=engine_version(),
        # where the text came from, as the repository names it (its hash is what counts)
        regulations_source=(Path("regulations") / spec.institution / path.name).as_posix(),
        regulations_text=regulations_text,
        marks_csv=marks_text,
        registrations_csv=registrations_text,
        skills_csv=skills_text,
        hashes=hashes,
        results_csv=results_csv(stored.evaluation.results),
    )
    record(
        actor=actor,
        action="board.run",
        subject=f"{programme.code} {programme.cohort} run {run.pk}",
        after={"run": run.pk, "version": version.number, "hashes": hashes},
        data={"students": stored.evaluation.results.height},
    )
    return run

"""Reading a stored board run: its proposals, the board's decisions, and its re-derived evaluation.

Everything here reads what the run stored, never the live marks: a run shows what
the board saw, however the marks have changed since.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache

from registrar.boards.domain.evaluation import StoredEvaluation, evaluate_texts
from registrar.boards.models import BoardRun, Decision
from registrar.people.models import Student
from registrar.programmes.domain.versions import specification_of
from registrar.rules.trace import Trace, explain
from registrar.rules.whatif import WhatIf, what_if


def proposals(run: BoardRun) -> dict[str, dict[str, str]]:
    """The engine's proposal per student ID: the run's classification columns as text."""
    return {row["student_id"]: row for row in csv.DictReader(io.StringIO(run.results_csv))}


@lru_cache(maxsize=4)
def _evaluation(run_pk: int, created_at: str) -> StoredEvaluation:
    # A run's stored inputs never change, so its evaluation is cached by identity.
    run = BoardRun.objects.select_related("version").get(pk=run_pk)
    return evaluate_texts(
        specification_of(run.version),
        run.regulations_text,
        run.marks_csv,
        run.registrations_csv,
        run.skills_csv,
    )


def evaluation_of(run: BoardRun) -> StoredEvaluation:
    """The engine's evaluation of what the run stored (re-derived, then cached)."""
    return _evaluation(run.pk, run.created_at.isoformat())


@lru_cache(maxsize=1024)
def _what_if(run_pk: int, created_at: str, student_id: str) -> WhatIf:
    # Dozens of evaluations of the student's copies (≈150 ms); the stored inputs never change,
    # so a student re-reading their results page gets the answer they got before.
    run = BoardRun.objects.select_related("version").get(pk=run_pk)
    stored = _evaluation(run_pk, created_at)
    return what_if(
        specification_of(run.version),
        stored.parameters,
        stored.inputs.marks,
        stored.inputs.registrations,
        student_id,
    )


def what_if_of(run: BoardRun, student_id: str) -> WhatIf:
    """The engine's what-if for one student on the run's stored inputs (cached)."""
    return _what_if(run.pk, run.created_at.isoformat(), student_id)


def explanation_of(run: BoardRun, student_id: str) -> Trace:
    """The engine's step-by-step trace of one student of the run (UnknownStudentError if absent)."""
    return explain(evaluation_of(run).evaluation, student_id)


def outcome_words(status: str, award: str, classification: str) -> str:
    """`awarded MRes Distinction`, or the status alone when nothing is awarded."""
    if status != "awarded":
        return status
    return " ".join(part for part in (status, award, classification) if part)


@dataclass(frozen=True)
class Outcome:
    """A student's outcome in a run: the proposal and what the board decided."""

    student_id: str
    proposal: dict[str, str]
    decision: Decision | None

    @property
    def status(self) -> str:
        return self.decision.status if self.decision else self.proposal["status"]

    @property
    def award(self) -> str:
        return self.decision.award if self.decision else self.proposal["award"]

    @property
    def classification(self) -> str:
        return self.decision.classification if self.decision else self.proposal["classification"]

    @property
    def agrees(self) -> bool:
        return self.decision is None or self.decision.agrees

    @property
    def decision_text(self) -> str:
        """`agreed` when the decision is the proposal (the default), else the decided outcome."""
        if self.agrees:
            return "agreed"
        return outcome_words(self.status, self.award, self.classification)

    @property
    def decision_reason(self) -> str:
        return "" if self.agrees or self.decision is None else self.decision.reason


def outcomes(run: BoardRun) -> list[Outcome]:
    """Every student of the run, in student ID order, with the board's decision if recorded."""
    decided = {
        d.student.student_id: d for d in run.decisions.select_related("student", "decided_by")
    }
    return [
        Outcome(student_id, proposal, decided.get(student_id))
        for student_id, proposal in sorted(proposals(run).items())
    ]


def outcome_of(run: BoardRun, student: Student) -> Outcome | None:
    """One student's outcome in the run, or None if the run did not evaluate them."""
    proposal = proposals(run).get(student.student_id)
    if proposal is None:
        return None
    return Outcome(student.student_id, proposal, run.decisions.filter(student=student).first())


def released_run_for(student: Student) -> BoardRun | None:
    """The latest released run of the student's programme that evaluated the student."""
    runs = BoardRun.objects.filter(programme_id=student.programme_id, released_at__isnull=False)
    for run in runs.order_by("-released_at", "-id"):
        if student.student_id in proposals(run):
            return run
    return None

"""Moderation of a programme cohort from its current stored marks and registrations.

The same reading as a board run (boards/domain/runs.py): the latest published
specification, the institution's regulations (`regulations/<institution>/taught.yaml`),
the enrolled students' marks and registrations in their contracts, evaluated by the
engine. Nothing is stored: moderation reads marks that may still change.
"""

from __future__ import annotations

from typing import Any

from registrar.assessment.domain.contract import marks_csv
from registrar.boards.domain.evaluation import evaluate_texts
from registrar.moderation.cohort import CohortModeration, ModuleModeration, moderate
from registrar.moderation.export import Context
from registrar.people.models import Student
from registrar.people.rules import ModuleRef, can
from registrar.programmes.domain.versions import latest_version, specification_of
from registrar.programmes.models import Programme
from registrar.registrations.domain.export import registrations_csv
from registrar.rules.inputs import InputError
from registrar.rules.parameters import ParameterError, regulations_missing, regulations_path


class ModerationUnavailableError(Exception):
    """The cohort cannot be evaluated now; the message says why and what to do."""


def programme_moderation(programme: Programme) -> CohortModeration:
    """Every module's moderation for `programme`, from the marks stored now.

    ModerationUnavailableError when there are no regulations for the institution or
    the stored records do not pass the engine's input checks (each problem listed).
    Raises PublishRefusedError when the programme has no published specification.
    """
    spec = specification_of(latest_version(programme))
    path = regulations_path(spec)
    if path is None:
        raise ModerationUnavailableError(
            f"{regulations_missing(spec)}; the marks cannot be evaluated without them"
        )
    try:
        stored = evaluate_texts(
            spec,
            path.read_text(encoding="utf-8"),
            marks_csv(programme),
            registrations_csv(programme),
        )
    except (InputError, ParameterError) as error:
        raise ModerationUnavailableError(
            "the stored records do not pass the engine's checks: "
            + "; ".join(str(p) for p in error.problems)
        ) from error
    return moderate(stored.evaluation)


class UnknownModuleError(LookupError):
    """No such module in the programme's specification (or it neither runs nor has students)."""


def module_moderation(
    programme: Programme, module_code: str
) -> tuple[CohortModeration, ModuleModeration]:
    """The cohort's and one module's moderation, from the marks stored now.

    UnknownModuleError when the programme has no published specification, or the module
    is not in it, or it does not run this year and has no students;
    ModerationUnavailableError as for `programme_moderation`.
    """
    if not programme.versions.exists():
        raise UnknownModuleError(f"{programme} has no published specification")
    if specification_of(latest_version(programme)).module(module_code) is None:
        raise UnknownModuleError(f"no module {module_code} in {programme}")
    cohort = programme_moderation(programme)
    module = cohort.module(module_code)
    if module is None:
        raise UnknownModuleError(
            f"{module_code} does not run in {programme.cohort} and has no students"
        )
    return cohort, module


def readable_modules(user: Any, programme: Programme) -> frozenset[str]:
    """The codes of the programme's modules `user` may moderate (the rules table decides)."""
    return frozenset(
        m.code
        for m in specification_of(latest_version(programme)).modules
        if can(user, "view_module", ModuleRef(programme.pk, m.code))
    )


def export_context(user: Any, programme: Programme) -> Context:
    """The names of the cohort's students, and whether `user` sees the per-student comparison.

    The comparison of each student's mark with their marks in other modules is for those
    who read the whole board (`view_board`: the registry, the programme lead, the board,
    the external examiner); a module leader reads only the module's own marks and the
    aggregate comparison.
    """
    names = {
        sid: (given, family)
        for sid, given, family in Student.objects.filter(programme=programme).values_list(
            "student_id", "given_name", "family_name"
        )
    }
    return Context(
        programme_id=programme.pk,
        programme=f"{programme.code} {programme.cohort}",
        names=names,
        with_other_modules=can(user, "view_board"),
    )

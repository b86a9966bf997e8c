"""A student's modules by term, with the hours the specification's workload section gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from registrar.people.models import Student
from registrar.programmes.domain.versions import current_specification
from registrar.spec.model import Module, Specification

_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class WorkloadRow:
    module_code: str
    title: str
    category: str
    ects: int
    term: str  # as the specification gives it, e.g. "Autumn-Summer"
    terms_spanned: int
    contact_hours: Decimal  # this term's share
    independent_hours: Decimal


@dataclass
class TermWorkload:
    term: str
    rows: list[WorkloadRow] = field(default_factory=list)

    @property
    def contact_hours(self) -> Decimal:
        return sum((r.contact_hours for r in self.rows), Decimal(0))

    @property
    def independent_hours(self) -> Decimal:
        return sum((r.independent_hours for r in self.rows), Decimal(0))


def module_split(spec: Specification, module: Module) -> tuple[int, int] | None:
    """(contact, independent) hours of a module (`Specification.module_split`)."""
    return spec.module_split(module)


def _share(hours: int, parts: int) -> Decimal:
    # Kept unrounded so that totals add up; shown to one decimal place (see `tenths`).
    return Decimal(hours) / parts


def tenths(hours: Decimal) -> Decimal:
    """Hours as shown: one decimal place, half up."""
    return hours.quantize(_TENTH, rounding=ROUND_HALF_UP)


def student_workload(student: Student) -> list[TermWorkload]:
    """The student's registered modules by term; a module spanning terms is shared evenly."""
    spec = current_specification(student.programme)
    terms = [TermWorkload(t) for t in spec.terms]
    by_name = {t.term: t for t in terms}
    for registration in student.registrations.order_by("module_code"):
        module = spec.module(registration.module_code)
        if module is None:
            continue
        split = spec.module_split(module) or (0, 0)
        span = [t for t in spec.term_span(module.term) if t in by_name]
        for term in span:
            by_name[term].rows.append(
                WorkloadRow(
                    module_code=module.code,
                    title=module.title,
                    category=module.category.value,
                    ects=module.ects,
                    term=module.term,
                    terms_spanned=len(span),
                    contact_hours=_share(split[0], len(span)),
                    independent_hours=_share(split[1], len(span)),
                )
            )
    return terms

"""The admissions reports' figures, per programme cohort, read from the applications
(erased ones included: their anonymised record keeps what the counts need)."""

from __future__ import annotations

from dataclasses import dataclass

from registrar.admissions import reports
from registrar.admissions.models import Application, Status
from registrar.programmes.models import Programme


@dataclass(frozen=True)
class CohortReport:
    programme: Programme
    total: int
    erased: int
    by_status: list[reports.Stage]
    by_discipline: list[reports.Stage]
    by_english_route: list[reports.Stage]
    offer_rate: reports.Rate
    acceptance_rate: reports.Rate
    funnel: list[reports.Stage]

    @property
    def chart(self) -> str:
        return reports.funnel_svg(
            self.funnel,
            f"Admissions funnel, {self.programme.code} {self.programme.cohort}: "
            + ", ".join(f"{s.name.lower()} {s.count}" for s in self.funnel),
            f"funnel-{self.programme.pk}",
        )


def cohort_reports() -> list[CohortReport]:
    """One report per programme cohort with applications, latest cohort first."""
    rows = Application.objects.values_list(
        "programme_id", "status", "discipline", "english_test", "erased_at"
    )
    records: dict[int, list[reports.Record]] = {}
    erased: dict[int, int] = {}
    for programme_id, status, discipline, english, erased_at in rows:
        records.setdefault(programme_id, []).append(reports.Record(status, discipline, english))
        erased[programme_id] = erased.get(programme_id, 0) + (erased_at is not None)
    programmes = Programme.objects.filter(pk__in=records).order_by("-cohort", "code")
    return [
        CohortReport(
            programme=p,
            total=len(records[p.pk]),
            erased=erased[p.pk],
            by_status=reports.by_status(records[p.pk], Status.choices),
            by_discipline=reports.by_discipline(records[p.pk]),
            by_english_route=reports.by_english_route(records[p.pk]),
            offer_rate=reports.offer_rate(records[p.pk]),
            acceptance_rate=reports.acceptance_rate(records[p.pk]),
            funnel=reports.funnel(records[p.pk]),
        )
        for p in programmes
    ]

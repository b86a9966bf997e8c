"""The programme lead's admissions reports, pure: counts by status, discipline and English
route; the offer rate (offers / decided) and acceptance rate (accepted / offers), exact to a
tenth of a percent; the funnel of a cycle and its chart, as server-rendered SVG.

An application comes in as a `Record` (its status as stored, e.g. "offered"); an erased
(anonymised) application keeps its status, discipline and English test, so it counts the
same as before its erasure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

DRAFT = "draft"
# An offer was made: whatever the applicant answered since.
OFFERED = frozenset({"offered", "accepted", "declined", "enrolled"})
ACCEPTED = frozenset({"accepted", "enrolled"})
REJECTED = frozenset({"rejected"})
# Reviewed: the tutor has decided something (a hold, an offer, a rejection).
REVIEWED = OFFERED | REJECTED | {"on_hold"}
NO_ENGLISH = "none given (waiver)"
NO_DISCIPLINE = "not given"


@dataclass(frozen=True)
class Record:
    status: str
    discipline: str = ""
    english_test: str = ""


@dataclass(frozen=True)
class Rate:
    """`numerator` of `denominator`, as a percentage rounded half up to a tenth."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        # in whole tenths of a percent, rounded half up, by integer arithmetic: exact
        tenths = (2000 * self.numerator + self.denominator) // (2 * self.denominator)
        return Decimal(tenths).scaleb(-1)

    def __str__(self) -> str:
        percent = self.percent
        if percent is None:
            return "–"
        return f"{percent}% ({self.numerator} of {self.denominator})"


@dataclass(frozen=True)
class Stage:
    name: str
    count: int


def submitted(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if r.status != DRAFT]


def by_status(records: Iterable[Record], order: Sequence[tuple[str, str]]) -> list[Stage]:
    """The count of each status, in `order` ((value, label) pairs), every status listed."""
    counts = Counter(r.status for r in records)
    return [Stage(label, counts[value]) for value, label in order]


def _tally(values: Iterable[str]) -> list[Stage]:
    """Counts, most first, then by name; names compared without regard to case or spaces
    (the first spelling seen is shown)."""
    shown: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for value in values:
        key = " ".join(value.split()).casefold()
        shown.setdefault(key, " ".join(value.split()))
        counts[key] += 1
    return [Stage(shown[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def by_discipline(records: Iterable[Record]) -> list[Stage]:
    """Submitted applications by degree discipline."""
    return _tally(r.discipline or NO_DISCIPLINE for r in submitted(records))


def by_english_route(records: Iterable[Record]) -> list[Stage]:
    """Submitted applications by English test (none: a waiver is asked for)."""
    return _tally(r.english_test or NO_ENGLISH for r in submitted(records))


def offer_rate(records: Iterable[Record]) -> Rate:
    """Offers made of applications decided (offered or rejected; a hold is not a decision)."""
    statuses = [r.status for r in records]
    offers = sum(s in OFFERED for s in statuses)
    return Rate(offers, offers + sum(s in REJECTED for s in statuses))


def acceptance_rate(records: Iterable[Record]) -> Rate:
    """Offers accepted (enrolled included) of offers made."""
    statuses = [r.status for r in records]
    return Rate(sum(s in ACCEPTED for s in statuses), sum(s in OFFERED for s in statuses))


def funnel(records: Iterable[Record]) -> list[Stage]:
    """Submitted → reviewed → offered → accepted → enrolled: how many reached each stage."""
    statuses = [r.status for r in records]
    return [
        Stage("Submitted", sum(s != DRAFT for s in statuses)),
        Stage("Reviewed", sum(s in REVIEWED for s in statuses)),
        Stage("Offered", sum(s in OFFERED for s in statuses)),
        Stage("Accepted", sum(s in ACCEPTED for s in statuses)),
        Stage("Enrolled", sum(s == "enrolled" for s in statuses)),
    ]


# The chart's geometry (px) and colours (registrar.css: --brand, --ink, --muted, --line).
LABEL_WIDTH, BAR_WIDTH, COUNT_WIDTH, ROW, GAP, TOP = 110, 380, 110, 28, 10, 8
BRAND, INK, MUTED, LINE = "#0b3d6e", "#1b1f24", "#4a5360", "#c9d0d8"


def funnel_svg(stages: Sequence[Stage], title: str, chart_id: str) -> str:
    """A horizontal bar chart of the funnel: each stage's bar is its share of the first
    stage's count. Nothing is fetched; the numbers are also in the page's table."""
    first = stages[0].count if stages else 0
    width = LABEL_WIDTH + BAR_WIDTH + COUNT_WIDTH
    height = TOP * 2 + len(stages) * (ROW + GAP) - GAP
    title_id = f"{chart_id}-title"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="funnel-chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(title_id)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="{LINE}"/>',
    ]
    for n, stage in enumerate(stages):
        y = TOP + n * (ROW + GAP)
        bar = round(BAR_WIDTH * stage.count / first) if first else 0
        share = Rate(stage.count, first).percent
        shown = f"{stage.count}" + (f" ({share}%)" if share is not None else "")
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW // 2 + 5}" text-anchor="end" '
            f'font-family="system-ui, sans-serif" font-size="14" fill="{INK}">'
            f"{escape(stage.name)}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{ROW}" fill="{BRAND}" '
            f'data-stage="{escape(stage.name)}" data-count="{stage.count}"/>',
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + ROW // 2 + 5}" '
            f'font-family="system-ui, sans-serif" font-size="14" fill="{MUTED}">'
            f"{escape(shown)}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)

"""The specification as a document: HTML (printable, standalone), Markdown and PDF.

The rendered document follows the published programme specification section by
section, in its order, so that a registry can put it next to the original and
compare. Everything shown is read from the model; this module only arranges and
words it. The templates live in `templates/`: one for HTML (autoescaped), one
for Markdown (escaped by the `md` filter) and the stylesheet, which is inlined
so that the HTML needs nothing from the network.

Left out on purpose: the model does not say which stage a module belongs to, so
the module table lists every module once, after the stages' selection rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from registrar.spec.model import (
    AssessmentType,
    AwardRules,
    Category,
    Component,
    Link,
    Module,
    Specification,
)

__all__ = [
    "CategoryGroup",
    "Fact",
    "award_conditions",
    "band_lines",
    "category_counts",
    "details_facts",
    "module_groups",
    "programme_facts",
    "render_html",
    "render_markdown",
    "render_pdf",
]

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# What each category means (programme structure, footnote 1 of the specification).


# ---------------------------------------------------------------------------
# Wording of single values


def month_year(value: str) -> str:
    """'2025-01' → 'January 2025'."""
    year, month = value.split("-")
    return f"{_MONTHS[int(month) - 1]} {year}"


def term_label(term: str) -> str:
    """'Autumn-Summer' → 'Autumn–Summer' (a span takes an en dash)."""
    return re.sub(r"\s*[-–]\s*", "–", term.strip())


def percent(value: Decimal) -> str:
    """20 → '20%', 12.5 → '12.50%': whole numbers bare, others to two places."""
    if value == value.to_integral_value():
        return f"{int(value)}%"
    return f"{value:.2f}%"


def mark(value: Decimal) -> str:
    """A classification boundary as the regulations write it: 70 → '70.00%'."""
    return f"{value:.2f}%"


def thousands(value: int) -> str:
    return f"{value:,}"


def linkable(url: str) -> bool:
    """Whether a URL may become a link: web and mail addresses only, never `javascript:`."""
    return re.match(r"^(https?://|mailto:)", url.strip(), flags=re.IGNORECASE) is not None


def display_url(url: str) -> str:
    """A URL as printed in the document: without its scheme."""
    return re.sub(r"^https?://", "", url)


# ---------------------------------------------------------------------------
# What the templates are given


@dataclass(frozen=True)
class Fact:
    """One labelled value of a facts table; `value` None is printed as N/A."""

    label: str
    value: str | None


@dataclass(frozen=True)
class ModuleRow:
    module: Module
    category: str
    term: str
    cats: int
    running: bool
    availability: str
    components: list[Component]


@dataclass(frozen=True)
class TermGroup:
    term: str
    rows: list[ModuleRow]


@dataclass(frozen=True)
class CategoryGroup:
    category: Category
    label: str
    definition: str
    terms: list[TermGroup]

    @property
    def count(self) -> int:
        return sum(len(group.rows) for group in self.terms)

    @property
    def definition_rest(self) -> str:
        """The definition after its opening words ('Core modules'), set in bold."""
        return self.definition.removeprefix(f"{self.label} modules ")


@dataclass(frozen=True)
class BandLine:
    name: str
    wording: str


@dataclass(frozen=True)
class WorkloadLine:
    label: str
    contact: int
    independent: int

    @property
    def total(self) -> int:
        return self.contact + self.independent


def _na(values: list[str]) -> str | None:
    return "; ".join(values) if values else None


def programme_facts(spec: Specification) -> list[Fact]:
    p = spec.programme
    return [
        Fact("Programme title", p.title),
        Fact("Programme code", p.code),
        Fact("HECoS code", p.hecos_code),
        Fact("Award", p.award),
        Fact("Length of study", p.length_of_study),
        Fact("Mode of study", p.mode_of_study),
        Fact("Entry point(s)", _na(p.entry_points)),
        Fact("Total credits", f"{p.credits.ects} ECTS / {p.credits.cats} CATS"),
    ]


def ownership_facts(spec: Specification) -> list[Fact]:
    o = spec.ownership
    return [
        Fact("Awarding institution", o.awarding_institution),
        Fact("Faculty", o.faculty),
        Fact("Teaching institution", o.teaching_institution),
        Fact("Department", o.department),
        Fact("Associateship", o.associateship),
        Fact("Main location(s) of study", _na(o.main_locations)),
    ]


def reference_facts(spec: Specification) -> list[Fact]:
    r = spec.external_reference
    facts = [
        Fact(
            "Relevant QAA benchmark statement(s) and/or other external reference points",
            _na(r.qaa_benchmark_statements),
        ),
        Fact("FHEQ level", str(r.fheq_level)),
        Fact("EHEA level", r.ehea_level),
    ]
    if not r.accreditors:
        facts.append(Fact("External accreditor(s)", None))
    for number, accreditor in enumerate(r.accreditors, start=1):
        facts += [
            Fact(f"External accreditor {number}", accreditor.name),
            Fact("Accreditation received", accreditor.accreditation_received),
            Fact("Accreditation renewal", accreditor.accreditation_renewal),
        ]
    return facts


def details_facts(spec: Specification) -> list[Fact]:
    d = spec.details
    return [
        Fact("Programme lead", d.programme_lead),
        Fact("Student cohorts covered by specification", d.cohorts_covered),
        Fact("Date of introduction of programme", month_year(d.introduced)),
        Fact("Date of programme specification/revision", month_year(d.revised)),
    ]


def _term_order(spec: Specification, term: str) -> tuple[int, int, str]:
    span = spec.term_span(term)
    known = len(spec.terms)
    first = spec.terms.index(span[0]) if span[0] in spec.terms else known
    last = spec.terms.index(span[-1]) if span[-1] in spec.terms else known
    return first, last, term


def module_groups(spec: Specification) -> list[CategoryGroup]:
    """Modules by category (core, compulsory, elective), then by term within it.

    Within a term the modules keep the order of the specification; terms run in
    the order of the academic year, a single term before a span starting with it.
    """
    groups = []
    for category in Category:
        modules = [m for m in spec.modules if m.category == category]
        if not modules:
            continue
        terms: dict[str, list[ModuleRow]] = {}
        for module in sorted(modules, key=lambda m: _term_order(spec, m.term)):
            running = module.runs_in(spec.year)
            row = ModuleRow(
                module=module,
                category=category.value.capitalize(),
                term=term_label(module.term),
                cats=module.ects * spec.programme.cats_per_ects,
                running=running,
                availability="running" if running else f"not running in {spec.year}",
                components=module.components,
            )
            terms.setdefault(row.term, []).append(row)
        groups.append(
            CategoryGroup(
                category=category,
                label=category.value.capitalize(),
                definition=spec.category_definitions.get(category, ""),
                terms=[TermGroup(term, rows) for term, rows in terms.items()],
            )
        )
    return groups


def category_counts(spec: Specification) -> dict[Category, int]:
    """How many modules each category has, every category listed."""
    return {c: sum(1 for m in spec.modules if m.category == c) for c in Category}


def band_lines(award: AwardRules) -> list[BandLine]:
    """'Distinction: 70.00% or above', 'Merit: 60.00% or above but less than 70.00%', ..."""
    lines = []
    above: Decimal | None = None
    for band in sorted(award.bands, key=lambda b: b.min_mark, reverse=True):
        wording = f"{mark(band.min_mark)} or above"
        if above is not None:
            wording += f" but less than {mark(above)}"
        lines.append(BandLine(band.name, wording))
        above = band.min_mark
    return lines


def award_conditions(spec: Specification) -> list[str]:
    """The conditions for the award, worded as the regulations word them."""
    award = spec.award
    credits = (
        f"accumulated credit to the value of no fewer than {award.min_credits} credits at "
        f"level {award.min_level} or above"
    )
    if award.max_credits_below_min_level:
        credits += (
            f" of which no more than {award.max_credits_below_min_level} credits may be from "
            f"credit level {award.min_level - 1}"
        )
    return [
        credits + ";",
        f"and no more than {award.max_compensated_credits} credits as a Compensated Pass;",
        "met any specific requirements for an award as outlined in the approved programme "
        "specification for that award.",
    ]


def workload_lines(spec: Specification) -> list[WorkloadLine]:
    work = spec.workload
    lines = [
        WorkloadLine(
            f"A typical {size.ects} ECTS module", size.contact_hours, size.independent_hours
        )
        for size in sorted(work.module_sizes, key=lambda s: s.ects)
    ]
    if work.project is not None:
        project = spec.module(work.project.module)
        label = (
            f"{project.title} ({project.code}, {project.ects} ECTS)"
            if project is not None
            else f"The project ({work.project.module})"
        )
        lines.append(
            WorkloadLine(label, work.project.contact_hours, work.project.independent_hours)
        )
    return lines


def assessment_mix(spec: Specification) -> list[tuple[str, str]]:
    """The assessment mix in the specification's order of types."""
    mix = spec.assessment.mix
    return [(t.value.capitalize(), percent(mix[t])) for t in AssessmentType if t in mix]


def policies(spec: Specification) -> list[tuple[str, Link]]:
    """The policies after the feedback policy (which closes the feedback section)."""
    p = spec.policies
    return [
        ("Re-sit Policy", p.resits),
        ("Mitigating Circumstances Policy", p.mitigating_circumstances),
    ]


def degree_level(spec: Specification) -> str:
    return "Postgraduate" if spec.award.min_level >= 7 else "Undergraduate"


def context(spec: Specification) -> dict[str, Any]:
    """Everything the templates show, worked out once."""
    groups = module_groups(spec)
    project = spec.module(spec.award.project_module) if spec.award.project_module else None
    return {
        "spec": spec,
        "programme_facts": programme_facts(spec),
        "ownership_facts": ownership_facts(spec),
        "reference_facts": reference_facts(spec),
        "details_facts": details_facts(spec),
        "groups": groups,
        "module_count": len(spec.modules),
        "bands": band_lines(spec.award),
        "award_conditions": award_conditions(spec),
        "workload": workload_lines(spec),
        "mix": assessment_mix(spec),
        "mix_total": percent(sum(spec.assessment.mix.values(), Decimal(0))),
        "policies": policies(spec),
        "level": degree_level(spec),
        "project": project,
        "cats_per_ects": spec.programme.cats_per_ects,
        "revised": month_year(spec.details.revised),
    }


# ---------------------------------------------------------------------------
# Escaping for Markdown and for CSS strings

_MD_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_MD_BLOCK_START = re.compile(r"^(#|[-+](?=\s)|=|\d+(?=[.)]\s))")


def md(text: object) -> str:
    """Text as one line of GitHub-flavoured Markdown that shows literally.

    Markdown punctuation, raw HTML and entities are backslash-escaped, and a line
    that would start a heading or a list is escaped too; `|` is escaped so that the
    text can sit in a pipe-table cell.
    """
    line = " ".join(str(text).split())
    line = _MD_PUNCTUATION.sub(r"\\\1", line)
    line = _MD_ENTITY.sub("&amp;", line)
    match = _MD_BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():  # "1. " → "1\. "
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def md_url(url: str) -> str:
    """A link destination, bracketed if it has characters that would end it."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,-–—:;()/'" else f"\\{ord(ch):06x}" for ch in text
    )
    return Markup(f'"{escaped}"')


# ---------------------------------------------------------------------------
# Rendering


def _environment(*, html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("registrar.spec", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["linkable"] = linkable
    env.filters.update(
        md=md,
        md_url=md_url,
        css_string=css_string,
        percent=percent,
        mark=mark,
        thousands=thousands,
        display_url=display_url,
        term=term_label,
    )
    return env


_HTML = _environment(html=True)
_MARKDOWN = _environment(html=False)


def stylesheet() -> str:
    return (files("registrar.spec") / "templates" / "specification.css").read_text("utf-8")


def render_html(spec: Specification) -> str:
    """The specification as one standalone HTML document (styles inlined, A4 print)."""
    template = _HTML.get_template("specification.html.j2")
    return template.render(**context(spec), stylesheet=Markup(stylesheet()))


def render_markdown(spec: Specification) -> str:
    """The specification as GitHub-flavoured Markdown with pipe tables."""
    text = _MARKDOWN.get_template("specification.md.j2").render(**context(spec))
    text = re.sub(r"\n(?=#{1,6} |\[\^)", "\n\n", text)  # headings and footnotes stand apart
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_pdf(spec: Specification) -> bytes:
    """The HTML document printed to A4 PDF by WeasyPrint."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported late: it is slow

    pdf = HTML(string=render_html(spec)).write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without target
        raise TypeError("WeasyPrint returned no PDF")
    return pdf

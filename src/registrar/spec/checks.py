"""Cross-field checks on a specification that the model alone cannot express.

Each check is a function from a specification to findings, so every problem
in a file is reported in one run. The list `CHECKS` is the catalogue; each
check has one small invalid fixture in `tests/spec/fixtures/invalid/`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import product

from registrar.spec.model import (
    Module,
    SelectionRule,
    Specification,
    Stage,
    discipline_key,
    document_key,
)
from registrar.spec.problems import Finding, Severity, shown

Check = Callable[[Specification], Iterator[Finding]]


def unique_module_codes(spec: Specification) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for index, module in enumerate(spec.modules):
        if module.code in first:
            yield Finding(
                ("modules", index, "code"),
                f"module code {module.code} is used twice (also modules[{first[module.code]}])",
                "give every module its own code, or remove the repeated entry",
            )
        else:
            first[module.code] = index


def credits_convert(spec: Specification) -> Iterator[Finding]:
    credits = spec.programme.credits
    expected = credits.ects * spec.programme.cats_per_ects
    if credits.cats != expected:
        yield Finding(
            ("programme", "credits", "cats"),
            f"{credits.ects} ECTS is {expected} CATS at {spec.programme.cats_per_ects} CATS "
            f"per ECTS, not {credits.cats}",
            f"set cats to {expected}, or correct ects",
        )


def assessment_mix_sums_to_100(spec: Specification) -> Iterator[Finding]:
    total = sum(spec.assessment.mix.values(), Decimal(0))
    if total != 100:
        yield Finding(
            ("assessment", "mix"),
            f"the assessment mix adds up to {total}%, not 100%",
            "correct the percentages so that they add up to 100",
        )


def component_weights_sum_to_100(spec: Specification) -> Iterator[Finding]:
    for index, module in enumerate(spec.modules):
        if not module.components:
            continue
        total = sum((c.weight for c in module.components), Decimal(0))
        if total != 100:
            yield Finding(
                ("modules", index, "components"),
                f"the components of {module.code} weigh {total}% in all, not 100%",
                "correct the weights so that they add up to 100",
            )
        names = Counter(c.name for c in module.components)
        for name, count in names.items():
            if count > 1:
                yield Finding(
                    ("modules", index, "components"),
                    f"{module.code} has {count} components named {name!r}",
                    "give each component of a module its own name",
                )


def module_hours(spec: Specification, module: Module) -> int | None:
    """Expected study hours of a module (`Specification.module_hours`)."""
    return spec.module_hours(module)


def workload_adds_up(spec: Specification) -> Iterator[Finding]:
    work = spec.workload
    per_ects = work.hours_per_ects
    year = per_ects * spec.programme.credits.ects
    if work.annual_hours != year:
        yield Finding(
            ("workload", "annual_hours"),
            f"{spec.programme.credits.ects} ECTS at {per_ects} hours each is {year} hours "
            f"a year, not {work.annual_hours}",
            f"set annual_hours to {year}",
        )
    for index, size in enumerate(work.module_sizes):
        hours = size.contact_hours + size.independent_hours
        if hours != size.ects * per_ects:
            yield Finding(
                ("workload", "module_sizes", index),
                f"a {size.ects} ECTS module should take {size.ects * per_ects} hours, but "
                f"{size.contact_hours} contact + {size.independent_hours} independent = {hours}",
                "correct contact_hours or independent_hours",
            )
    if work.project is not None:
        project = spec.module(work.project.module)
        if project is None:
            yield Finding(
                ("workload", "project", "module"),
                f"the project workload names {work.project.module}, which is not a module",
                "name the project module's code as listed under modules",
            )
        else:
            hours = work.project.contact_hours + work.project.independent_hours
            if hours != project.ects * per_ects:
                yield Finding(
                    ("workload", "project"),
                    f"the {project.ects} ECTS project should take {project.ects * per_ects} "
                    f"hours, but {work.project.contact_hours} contact + "
                    f"{work.project.independent_hours} independent = {hours}",
                    "correct contact_hours or independent_hours",
                )
    for index, module in enumerate(spec.modules):
        if spec.module_hours(module) is None:
            yield Finding(
                ("modules", index, "ects"),
                f"no workload is given for a module of {module.ects} ECTS ({module.code})",
                f"add a {module.ects} ECTS entry to workload.module_sizes",
            )


def _subset_sums(credits: list[int], size: int) -> set[int]:
    """All totals of exactly `size` modules chosen from `credits`."""
    reach: list[set[int]] = [{0}] + [set() for _ in range(size)]
    for value in credits:
        for count in range(size, 0, -1):
            reach[count] |= {total + value for total in reach[count - 1]}
    return reach[size]


def _rule_name(rule: SelectionRule) -> str:
    group = f" in group {rule.group}" if rule.group else ""
    return f"{rule.category} modules{group}"


def selection_satisfiable(spec: Specification) -> Iterator[Finding]:
    for s, stage in enumerate(spec.stages):
        for r, rule in enumerate(stage.selection):
            pool = spec.pool(rule)
            if rule.choose != "all" and len(pool) < rule.choose:
                yield Finding(
                    ("stages", s, "selection", r, "choose"),
                    f"the rule asks for {rule.choose} {_rule_name(rule)} but only {len(pool)} "
                    f"run in {spec.year}",
                    "lower choose, or add or reinstate modules for that year",
                )


def _selection_sums(
    spec: Specification, stage: Stage, measure: Callable[[Module], int]
) -> set[int]:
    """Every total of `measure` (credits, hours) that a permitted selection can reach."""
    options: list[set[int]] = []
    for rule in stage.selection:
        values = [measure(m) for m in spec.pool(rule)]
        options.append({sum(values)} if rule.choose == "all" else _subset_sums(values, rule.choose))
    return {sum(combo) for combo in product(*options)}


def selection_totals(spec: Specification) -> dict[int, set[int]]:
    """For each stage, every credit total that a permitted selection can reach."""
    return {
        s: _selection_sums(spec, stage, lambda m: m.ects) for s, stage in enumerate(spec.stages)
    }


def selection_adds_up(spec: Specification) -> Iterator[Finding]:
    target = spec.programme.credits.ects
    for s, totals in selection_totals(spec).items():
        wrong = sorted(t for t in totals if t != target)
        if wrong:
            shown = ", ".join(str(t) for t in wrong)
            yield Finding(
                ("stages", s, "selection"),
                f"a selection the rules allow adds up to {shown} ECTS, not the programme's "
                f"{target}",
                "make every permitted choice of modules total the programme's credits",
            )


def workload_year_adds_up(spec: Specification) -> Iterator[Finding]:
    """The hours of every permitted selection make the year's hours."""
    if any(spec.module_hours(m) is None for m in spec.modules):
        return  # reported by workload_adds_up
    for s, stage in enumerate(spec.stages):
        reached = _selection_sums(spec, stage, lambda m: spec.module_hours(m) or 0)
        totals = sorted(reached - {spec.workload.annual_hours})
        if totals:
            yield Finding(
                ("stages", s, "selection"),
                f"a selection the rules allow takes {', '.join(map(str, totals))} hours, not the "
                f"year's {spec.workload.annual_hours}",
                "correct the workload hours per module size or the module credits",
            )


def bands_ordered(spec: Specification) -> Iterator[Finding]:
    bands = spec.award.bands
    for index in range(1, len(bands)):
        higher, lower = bands[index - 1], bands[index]
        if lower.min_mark >= higher.min_mark:
            yield Finding(
                ("award", "bands", index, "min_mark"),
                f"band {lower.name} starts at {lower.min_mark}, not below {higher.name} "
                f"({higher.min_mark})",
                "list bands from highest to lowest with strictly falling min_mark",
            )
    names = Counter(b.name for b in bands)
    for name, count in names.items():
        if count > 1:
            yield Finding(
                ("award", "bands"),
                f"band {name} is listed {count} times",
                "give each band its own name",
            )


def project_module_is_core(spec: Specification) -> Iterator[Finding]:
    code = spec.award.project_module
    if code is None:
        return
    module = spec.module(code)
    if module is None:
        yield Finding(
            ("award", "project_module"),
            f"the designated project module {code} is not among the modules",
            "name the code of a module listed under modules",
        )
    elif module.category != "core":
        yield Finding(
            ("award", "project_module"),
            f"the designated project module {code} is {module.category}, not core",
            "designate a core module, or make this module core",
        )


def award_limits_fit(spec: Specification) -> Iterator[Finding]:
    award = spec.award
    total = spec.programme.credits.ects
    if award.min_credits > total:
        yield Finding(
            ("award", "min_credits"),
            f"the award needs {award.min_credits} credits but the programme has {total}",
            f"set min_credits to at most {total}",
        )
    for name in ("max_credits_below_min_level", "max_compensated_credits"):
        limit: int = getattr(award, name)
        if limit > award.min_credits:
            yield Finding(
                ("award", name),
                f"{name} is {limit} credits, more than the {award.min_credits} the award needs",
                f"set {name} to at most {award.min_credits}",
            )
    for index, exit_award in enumerate(award.exit_awards):
        if exit_award.min_credits >= award.min_credits:
            yield Finding(
                ("award", "exit_awards", index, "min_credits"),
                f"exit award {exit_award.name} needs {exit_award.min_credits} credits, not fewer "
                f"than the {award.min_credits} of the award itself",
                "give an exit award fewer credits than the award",
            )


def terms_known(spec: Specification) -> Iterator[Finding]:
    known = ", ".join(spec.terms)
    for index, module in enumerate(spec.modules):
        parts = [p.strip() for p in module.term.replace("–", "-").split("-")]
        unknown = [p for p in parts if p not in spec.terms]
        if unknown or len(parts) > 2:
            yield Finding(
                ("modules", index, "term"),
                f"{module.code} has term {module.term!r}; terms are {known}",
                "use one term, or a span 'First-Last' of two known terms",
            )
        elif len(parts) == 2 and spec.terms.index(parts[0]) > spec.terms.index(parts[1]):
            yield Finding(
                ("modules", index, "term"),
                f"{module.code} has term {module.term!r}, which runs backwards",
                "write the span from the earlier term to the later one",
            )


def learning_outcomes_numbered(spec: Specification) -> Iterator[Finding]:
    for index, outcome in enumerate(spec.learning_outcomes):
        if outcome.number != index + 1:
            yield Finding(
                ("learning_outcomes", index, "number"),
                f"learning outcome {index + 1} is numbered {outcome.number}",
                f"number the learning outcomes 1, 2, 3, ... in order (this one {index + 1})",
            )


def module_levels_known(spec: Specification) -> Iterator[Finding]:
    """Credits below the award's level are capped; warn where a module sits there."""
    for index, module in enumerate(spec.modules):
        if module.fheq_level < spec.award.min_level - 1:
            yield Finding(
                ("modules", index, "fheq_level"),
                f"{module.code} is at FHEQ level {module.fheq_level}, which cannot count "
                f"towards a level {spec.award.min_level} award",
                f"use level {spec.award.min_level - 1} or above",
                Severity.WARNING,
            )


MIX_TOLERANCE = Decimal(5)  # percentage points of assessment before we warn


def assessed_mix(spec: Specification) -> dict[str, Decimal]:
    """Credit-weighted share of each component type over a typical selection.

    A typical selection takes every module of an 'all' rule and, for a rule
    that chooses N, N times the average of its pool. Modules without
    components count under 'whole module', since their type is unknown.
    """
    shares: dict[str, Decimal] = {}

    def add(module: Module, factor: Decimal) -> None:
        credits = module.ects * factor
        if not module.components:
            shares["whole module"] = shares.get("whole module", Decimal(0)) + credits
        for component in module.components:
            part = credits * component.weight / 100
            shares[component.type] = shares.get(component.type, Decimal(0)) + part

    for stage in spec.stages:
        for rule in stage.selection:
            pool = spec.pool(rule)
            factor = Decimal(1) if rule.choose == "all" else Decimal(rule.choose) / len(pool or [0])
            for module in pool:
                add(module, factor)
    total = sum(shares.values(), Decimal(0)) or Decimal(1)
    return {kind: (share * 100 / total).quantize(Decimal("0.01")) for kind, share in shares.items()}


def assessment_mix_matches(spec: Specification) -> Iterator[Finding]:
    """Warn how far the components' types are from the published assessment mix."""
    if not any(m.components for m in spec.modules):
        return
    found = assessed_mix(spec)
    published: dict[str, Decimal] = {str(k): v for k, v in spec.assessment.mix.items()}
    kinds = [*published, *(k for k in found if k not in published)]
    zero = Decimal(0)
    gap = sum((abs(found.get(k, zero) - published.get(k, zero)) for k in kinds), zero) / 2
    if gap > MIX_TOLERANCE:
        shown = ", ".join(f"{k} {found.get(k, zero):.2f}%" for k in kinds)
        stated = ", ".join(f"{k} {v}%" for k, v in published.items())
        yield Finding(
            ("assessment", "mix"),
            f"the modules' components give {shown}, against the published {stated}: "
            f"{gap:.2f} points of assessment differ",
            "check the component types and weights, or the published mix",
            Severity.WARNING,
        )


def english_minima_ordered(spec: Specification) -> Iterator[Finding]:
    english = spec.entry_requirements.english
    if english.minimum_per_element > english.overall:
        yield Finding(
            ("entry_requirements", "english", "minimum_per_element"),
            f"the minimum in every element ({english.minimum_per_element}) is above the "
            f"overall minimum ({english.overall}), which no {english.test} result can show",
            f"set minimum_per_element to at most {english.overall}, or correct overall",
        )


def _words(text: str) -> str:
    return " ".join(text.split())


def degree_quotes_stand_in_wording(spec: Specification) -> Iterator[Finding]:
    """A result cites its quote as the specification's wording: it must be that wording."""
    entry = spec.entry_requirements
    degree = entry.degree
    if degree is None:
        return
    wording = _words(" ".join(entry.academic))
    quotes: list[tuple[tuple[str, ...], str]] = [
        (("quote",), degree.quote),
        (("disciplines", "quote"), degree.disciplines.quote),
    ]
    if degree.disciplines.considered is not None:
        quotes.append((("disciplines", "considered", "quote"), degree.disciplines.considered.quote))
    for path, quote in quotes:
        if _words(quote) not in wording:
            yield Finding(
                ("entry_requirements", "degree", *path),
                f"{shown(_words(quote))} is not word for word in entry_requirements.academic",
                "quote the academic requirement exactly, or correct its wording",
            )


def degree_classes_ordered(spec: Specification) -> Iterator[Finding]:
    degree = spec.entry_requirements.degree
    if degree is None:
        return
    for index, judged in enumerate(degree.judged_below):
        if judged.rank <= degree.classification.rank:
            yield Finding(
                ("entry_requirements", "degree", "judged_below", index),
                f"{judged} is not below the {degree.classification} class required",
                "list only classes below classification, or remove this one",
            )


def disciplines_named_once(spec: Specification) -> Iterator[Finding]:
    degree = spec.entry_requirements.degree
    if degree is None:
        return
    seen: dict[str, str] = {}
    named: list[tuple[tuple[str | int, ...], str]] = []
    for index, discipline in enumerate(degree.disciplines.accepted):
        named += [(("accepted", index), name) for name in discipline.names]
    considered = degree.disciplines.considered
    if considered is not None:
        named += [
            (("considered", "disciplines", i), n) for i, n in enumerate(considered.disciplines)
        ]
    for path, name in named:
        key = discipline_key(name)
        if key in seen:
            yield Finding(
                ("entry_requirements", "degree", "disciplines", *path),
                f"the discipline {name!r} is named twice (also as {seen[key]!r})",
                "name each discipline once, under the one route it belongs to",
            )
        else:
            seen[key] = name


def documents_named_once(spec: Specification) -> Iterator[Finding]:
    test = spec.entry_requirements.admissions_test
    seen: set[str] = {"research_statement"} if test.research_statement is not None else set()
    for index, name in enumerate(test.documents):
        key = document_key(name)
        if key in seen:
            yield Finding(
                ("entry_requirements", "admissions_test", "documents", index),
                f"the document {name!r} is asked for twice",
                "name each document once (the research statement has its own block)",
            )
        seen.add(key)


def unique_course_codes(spec: Specification) -> Iterator[Finding]:
    """Each required professional skills course once (docs/rules.md#professional-skills)."""
    first: dict[str, int] = {}
    for index, course in enumerate(spec.award.required_courses):
        if course.code in first:
            yield Finding(
                ("award", "required_courses", index, "code"),
                f"course code {course.code} is required twice "
                f"(also award.required_courses[{first[course.code]}])",
                "give every required course its own code, or remove the repeated entry",
            )
        else:
            first[course.code] = index


CHECKS: tuple[Check, ...] = (
    unique_module_codes,
    unique_course_codes,
    credits_convert,
    assessment_mix_sums_to_100,
    component_weights_sum_to_100,
    workload_adds_up,
    workload_year_adds_up,
    selection_satisfiable,
    selection_adds_up,
    bands_ordered,
    project_module_is_core,
    award_limits_fit,
    terms_known,
    learning_outcomes_numbered,
    english_minima_ordered,
    degree_quotes_stand_in_wording,
    degree_classes_ordered,
    disciplines_named_once,
    documents_named_once,
    module_levels_known,
    assessment_mix_matches,
)


def run_checks(spec: Specification) -> list[Finding]:
    return [finding for check in CHECKS for finding in check(spec)]

"""`registrar spec ...`: validate, show and render programme specifications."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from registrar.cli.output import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE, err, fail, out
from registrar.spec.loading import SourceError, read_specification
from registrar.spec.model import Category, Specification
from registrar.spec.problems import Problem
from registrar.spec.render import (
    CategoryGroup,
    Fact,
    award_conditions,
    band_lines,
    category_counts,
    details_facts,
    module_groups,
    programme_facts,
    render_html,
    render_markdown,
    render_pdf,
)

app = typer.Typer(help="Validate, show and render programme specifications.", no_args_is_help=True)


def _count(items: list[Problem], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


@app.command()
def validate(
    files: list[Path] = typer.Argument(..., help="Specification YAML files to check."),
    as_json: bool = typer.Option(False, "--json", help="Print problems as JSON."),
) -> None:
    """Check specification files and list every problem with file, line and field.

    Exit status: 0 all valid (warnings allowed), 1 some invalid, 2 some unreadable.
    """
    status = EXIT_OK
    report: list[dict[str, str | int]] = []
    for path in files:
        try:
            result = read_specification(path)
        except SourceError as error:
            err.print(f"{error}", markup=False)
            report += [{**p.as_dict(), "severity": "unreadable"} for p in error.problems]
            status = EXIT_UNREADABLE
            continue
        for problem in result.problems:
            err.print(str(problem), markup=False)
            report.append(problem.as_dict())
        if result.errors:
            status = max(status, EXIT_INVALID)
            if not as_json:
                out.print(f"{path}: invalid ({_count(result.errors, 'error')})", markup=False)
        elif not as_json:
            warned = f", {_count(result.warnings, 'warning')}" if result.warnings else ""
            out.print(f"{path}: valid{warned}", markup=False)
    if as_json:
        out.print(json.dumps(report, indent=2), markup=False)
    raise typer.Exit(status)


# --------------------------------------------------------------------------- show / render


class RenderFormat(StrEnum):
    HTML = "html"
    MD = "md"
    PDF = "pdf"


def _line(console: Console, text: str) -> None:
    """One line of plain text: no markup, emoji codes or highlighting applied."""
    console.print(text, markup=False, emoji=False, highlight=False)


def _raw(text: str) -> None:
    """A document or JSON to stdout, byte for byte."""
    out.file.write(text)
    out.file.flush()


def _load(path: Path) -> Specification:
    """The valid specification in `path`; otherwise its errors on stderr and exit 1 or 2.

    Warnings are `validate`'s to print: `make run` validates, then renders twice, and
    each warning is read once, not three times.
    """
    try:
        result = read_specification(path)
    except SourceError as error:
        _line(err, str(error))
        raise typer.Exit(EXIT_UNREADABLE) from None
    if result.errors or result.specification is None:
        for problem in result.errors:
            _line(err, str(problem))
        fail(f"{path}: invalid specification ({_count(result.errors, 'error')})")
    return result.specification


def _text(value: object) -> Text:
    return Text(str(value))


def summary_line(spec: Specification) -> str:
    """'27 modules: 3 core, 1 compulsory, 23 elective; 1 not running in 2025-26. Credit ...'."""
    counts = category_counts(spec)
    by_category = ", ".join(f"{counts[c]} {c.value}" for c in Category)
    idle = len(spec.modules) - len(spec.running_modules())
    line = f"{len(spec.modules)} modules: {by_category}"
    if idle:
        line += f"; {idle} not running in {spec.year}"
    credits = spec.programme.credits
    return f"{line}. Credit total {credits.ects} ECTS ({credits.cats} CATS)."


def _facts_table(title: str, facts: list[Fact]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=box.SIMPLE_HEAD)
    table.add_column("Item", style="bold")
    table.add_column("Details")
    for fact in facts:
        table.add_row(_text(fact.label), _text(fact.value if fact.value is not None else "N/A"))
    return table


def _modules_table(group: CategoryGroup) -> Table:
    """One category's modules, a section per term; the Group column only if one is set."""
    rows = [row for term in group.terms for row in term.rows]
    grouped = any(row.module.group for row in rows)
    table = Table(
        title=f"{group.label} modules ({group.count})",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    table.add_column("Code", no_wrap=True)
    table.add_column("Module title", min_width=18)
    if grouped:
        table.add_column("Group")
    table.add_column("Term", no_wrap=True)
    table.add_column("ECTS", justify="right")
    table.add_column("CATS", justify="right")
    table.add_column("Level", justify="right")
    table.add_column("Availability")
    for index, term in enumerate(group.terms):
        if index:
            table.add_section()
        for row in term.rows:
            m = row.module
            cells = [_text(m.code), _text(m.title)]
            if grouped:
                cells.append(_text(m.group or "—"))
            cells += [
                _text(row.term),
                _text(m.ects),
                _text(row.cats),
                _text(m.fheq_level),
                Text(row.availability, style="" if row.running else "bold yellow"),
            ]
            table.add_row(*cells)
    return table


def _award_table(spec: Specification) -> Table:
    table = Table(
        title=f"Award: {spec.award.name} — classification bands",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Band", style="bold")
    table.add_column("Programme overall weighted average")
    for band in band_lines(spec.award):
        table.add_row(_text(band.name), _text(band.wording))
    return table


@app.command()
def show(
    file: Path = typer.Argument(..., help="Specification YAML file."),
    as_json: bool = typer.Option(
        False, "--json", help="Print the whole specification as JSON instead of tables."
    ),
) -> None:
    """Show a programme: its information, modules by category and term, award and bands.

    With --json, print the validated specification as JSON (the model's own
    serialisation), which loads back to the same specification.
    Exit status: 0 shown, 1 invalid, 2 unreadable.
    """
    spec = _load(file)
    if as_json:
        _raw(json.dumps(spec.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
        return
    p = spec.programme
    _line(out, f"{p.title} ({p.code}) — {spec.ownership.awarding_institution}")
    _line(out, f"Programme specification, {spec.details.cohorts_covered}")
    out.print(_facts_table("Programme information", programme_facts(spec) + details_facts(spec)))
    for stage in spec.stages:
        _line(out, f"{stage.name} (FHEQ level {stage.fheq_level}): {stage.statement}")
    for group in module_groups(spec):
        out.print(_modules_table(group))
    _line(out, f"To qualify for the {spec.award.name} you must have:")
    for number, condition in enumerate(award_conditions(spec), start=1):
        _line(out, f"  {number}. {condition}")
    for requirement in spec.award.specific_requirements:
        _line(out, f"     - {requirement}")
    for course in spec.award.required_courses:
        _line(out, f"     - professional skills course {course.describe()}")
    out.print(_award_table(spec))
    if spec.award.project_module:
        _line(
            out,
            f"The project module {spec.award.project_module} must also meet the band's threshold.",
        )
    _line(out, summary_line(spec))


@app.command()
def render(
    file: Path = typer.Argument(..., help="Specification YAML file."),
    fmt: RenderFormat = typer.Option(
        ..., "--format", "-f", help="html (standalone, printable), md (Markdown) or pdf (A4)."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write (parent folders are created). Without it html and md go to stdout.",
    ),
) -> None:
    """Render a specification as a document that reads like the published original.

    Exit status: 0 written, 1 invalid specification, 2 unreadable specification
    or output that cannot be written.
    """
    if fmt is RenderFormat.PDF and output is None:
        raise typer.BadParameter("a PDF is binary: give a file with -o PATH", param_hint="'-o'")
    spec = _load(file)
    document: str | bytes
    if fmt is RenderFormat.HTML:
        document = render_html(spec)
    elif fmt is RenderFormat.MD:
        document = render_markdown(spec)
    else:
        try:
            document = render_pdf(spec)
        except (ImportError, OSError) as error:  # WeasyPrint without its system libraries
            fail(f"cannot render a PDF on this machine ({error})", EXIT_UNREADABLE)
    if output is None:
        assert isinstance(document, str)
        _raw(document)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(document, bytes):
            output.write_bytes(document)
        else:
            output.write_text(document, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        if error.filename and str(error.filename) != str(output):
            reason += f": {error.filename}"
        fail(f"{output}: cannot write the file ({reason})", EXIT_UNREADABLE)
    size = output.stat().st_size
    _line(out, f"wrote {output} ({fmt.value}, {size:,} bytes)")

"""Stable clause names (issue 8, point 3): every citation of docs/rules.md names an anchor.

Rules are cited as `docs/rules.md#anchor` (by the steps, the explanation, engine
comments and the worked cases), never by number: a test here fails when a citation
names no anchor of docs/rules.md, or when the rules code cites a rule by its number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from registrar.rules.steps import RULES_DOC, STEPS
from tests.rules.case_runner import CASES_DIR, REPO
from tests.rules.helpers import run

RULES = REPO / "docs" / "rules.md"
ANCHOR = re.compile(r'<a id="([a-z0-9-]+)"></a>')
CITED = re.compile(r"rules\.md((?:#[a-z0-9-]+(?:, )?)+)")
BY_NUMBER = re.compile(r"rules\.md §|[Rr]ules? [0-9]+(?:[-, ][0-9]+)* of docs/rules")


def anchors() -> set[str]:
    return set(ANCHOR.findall(RULES.read_text(encoding="utf-8")))


def citations(text: str) -> set[str]:
    """Anchors cited as `rules.md#a`, and the `#b` that follow it (`rules.md#a, #b`)."""
    return {name for group in CITED.findall(text) for name in re.findall(r"#([a-z0-9-]+)", group)}


def cited_files() -> list[Path]:
    roots = [REPO / "src", REPO / "tests", REPO / "docs", REPO / "bench", REPO / "regulations"]
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".md", ".yaml", ".html", ".txt"}
        and path.is_file()
        and path.name != "test_clauses.py"
    ]


def test_rules_doc_anchors_are_unique() -> None:
    found = ANCHOR.findall(RULES.read_text(encoding="utf-8"))

    assert len(found) == len(set(found))


def test_every_step_cites_anchors_of_the_rules_doc() -> None:
    for step in STEPS:
        assert step.clauses, step.name
        assert set(step.clauses) <= anchors(), step.name
        assert step.clause.startswith(f"{RULES_DOC}#{step.clauses[0]}")


@pytest.mark.parametrize("path", sorted(CASES_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_worked_case_file_cites_anchors(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))

    assert data["clauses"]
    assert set(data["clauses"]) <= anchors()


def test_every_citation_in_the_repository_names_an_anchor() -> None:
    known = anchors()
    unknown = [
        f"{path.relative_to(REPO)}: #{name}"
        for path in cited_files()
        for name in sorted(citations(path.read_text(encoding="utf-8")))
        if name not in known
    ]

    assert unknown == []


def test_the_rules_code_never_cites_a_rule_by_number() -> None:
    roots = [REPO / "src" / "registrar" / "rules", REPO / "tests" / "rules"]
    numbered = [
        str(path.relative_to(REPO))
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.suffix in {".py", ".yaml"}
        and path.name != "test_clauses.py"
        and BY_NUMBER.search(path.read_text(encoding="utf-8"))
    ]

    assert numbered == []


def test_every_regulation_parameter_cites_the_rules_doc_in_the_repository() -> None:
    from registrar.rules.parameters import load_regulations

    taught = load_regulations(REPO / "regulations" / "imperial" / "taught.yaml")

    for name, parameter in taught.parameters.items():
        assert "REGULATIONS.md" not in parameter.reference, name
        assert citations(parameter.reference), name
        assert citations(parameter.reference) <= anchors(), name


def test_the_explanation_cites_the_rules_doc_in_the_repository() -> None:
    from registrar.rules.trace import explain

    trace = explain(run("S1,COMP70059,,1,70,,\n"), "S1")

    for step in trace.steps:
        assert step.clause.startswith("docs/rules.md#")
        assert "REGULATIONS" not in step.clause
        assert citations(step.clause) <= anchors()
    assert (REPO / RULES_DOC).is_file()

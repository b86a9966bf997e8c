"""Every action code the code base writes to the ledger has a label for the history pages."""

from __future__ import annotations

import ast

from registrar.audit import chain
from registrar.audit.labels import LABELS, label
from tests.conftest import ROOT

SOURCE = ROOT / "src" / "registrar"


def _strings(node: ast.expr, names: dict[str, ast.expr]) -> set[str] | None:
    """The string values `node` can take (constants, `a if c else b`, module-level names,
    tuples of them), or None when they cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, names), _strings(node.orelse, names)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Name) and node.id in names:
        return _strings(names[node.id], names)
    if isinstance(node, ast.Tuple):
        found: set[str] = set()
        for element in node.elts:
            values = _strings(element, names)
            if values is None:
                return None
            found |= values
        return found
    return None


def _module_names(tree: ast.Module) -> dict[str, ast.expr]:
    names: dict[str, ast.expr] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = statement.value
                elif isinstance(target, ast.Tuple) and isinstance(statement.value, ast.Tuple):
                    for name, value in zip(target.elts, statement.value.elts, strict=True):
                        if isinstance(name, ast.Name):
                            names[name.id] = value
    return names


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _columns(node: ast.expr, names: dict[str, ast.expr]) -> list[str] | None:
    """The column names a bulk writer hands to `chained`: `chain.HASHED`, or its own tuple."""
    if (
        isinstance(node, ast.Attribute | ast.Name)
        and getattr(node, "attr", getattr(node, "id", "")) == "HASHED"
    ):
        return list(chain.HASHED)
    if isinstance(node, ast.Name) and node.id in names:
        return _columns(names[node.id], names)
    if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts):
        return [str(e.value) for e in node.elts if isinstance(e, ast.Constant)]
    return None


def _bulk_rows(tree: ast.Module, names: dict[str, ast.expr]) -> list[tuple[ast.expr, int]]:
    """A bulk writer's actions: in a module that calls `chained(COLUMNS, rows)`, the "action"
    place of each tuple literal as long as COLUMNS that holds a code there (its rows; a tuple
    of constants only is a list of column names)."""
    found: list[tuple[ast.expr, int]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _call_name(node) == "chained" and node.args):
            continue
        columns = _columns(node.args[0], names)
        if columns is None:
            found.append((node.args[0], node.lineno))  # reported as unreadable
            continue
        at = columns.index("action")
        for row in ast.walk(tree):
            plain = all(isinstance(e, ast.Constant) for e in getattr(row, "elts", []))
            if isinstance(row, ast.Tuple) and len(row.elts) == len(columns) and not plain:
                action = row.elts[at]
                if _strings(action, names) is not None:
                    found.append((action, row.lineno))
    return found


def written_actions() -> tuple[dict[str, list[str]], list[str]]:
    """Each action code with where it is written — `record(action=...)` calls and the rows a
    bulk writer hands to `chained` — and the places whose action cannot be read."""
    found: dict[str, list[str]] = {}
    unreadable: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = _module_names(tree)
        where = str(path.relative_to(ROOT))
        sources = _bulk_rows(tree, names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) == "record":
                sources += [(k.value, node.lineno) for k in node.keywords if k.arg == "action"]
        for expression, line in sources:
            values = _strings(expression, names)
            if values is None:
                unreadable.append(f"{where}:{line}")
                continue
            for value in values:
                found.setdefault(value, []).append(f"{where}:{line}")
    return found, unreadable


def test_every_action_written_has_a_label_and_every_call_names_its_action_plainly():
    found, unreadable = written_actions()

    assert unreadable == []
    assert {code: places for code, places in found.items() if code not in LABELS} == {}


def test_the_search_finds_the_actions_of_every_area():
    found, _ = written_actions()

    assert {
        "elective.chosen",
        "mark.added",
        "mark.changed",
        "choice_window.opened",
        "choice_window.closed",
        "student.added",
        "student.updated",
        "board.locked",
        "registration.required",
        "admin.changed",
    } <= set(found)


def test_a_label_is_words_and_an_unknown_code_is_shown_as_stored():
    assert label("elective.chosen") == "Elective chosen"
    assert label("admin.changed") == "Changed in the admin"
    assert label("no.such_code") == "no.such_code"


def test_every_label_is_in_use():
    found, _ = written_actions()

    assert sorted(set(LABELS) - set(found)) == []

"""YAML read with the line of every value, and duplicate keys refused.

PyYAML silently keeps the last of two equal keys; a specification that says
one thing twice must be an error instead. Every problem found later (by the
model or the checks) names its line, looked up here by field path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

FieldPath = tuple[str | int, ...]


class SourceError(Exception):
    """The file cannot be read as YAML at all (exit status 2)."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class DuplicateKey:
    path: FieldPath
    line: int
    first_line: int


@dataclass
class YamlDocument:
    """Parsed data plus the line of each field path (1-based)."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    duplicates: list[DuplicateKey] = field(default_factory=list)

    def line_of(self, path: FieldPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return 1


def _walk(node: Node, path: FieldPath, doc: YamlDocument) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                doc.duplicates.append(DuplicateKey((*path, key), key_line, seen[key]))
                continue
            seen[key] = key_line
            _walk(value_node, (*path, key), doc)
            doc.lines[(*path, key)] = key_line
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc)


def load_yaml(path: Path) -> YamlDocument:
    """Read `path` as one YAML document; raise SourceError if it is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, None, f"cannot read the file ({error})") from error
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise SourceError(path, line, f"not valid YAML: {error.problem}") from error
    except yaml.YAMLError as error:
        raise SourceError(path, None, f"not valid YAML: {error}") from error
    if node is None or not isinstance(data, dict):
        raise SourceError(path, 1, "expected a YAML mapping of fields at the top level")
    doc = YamlDocument(path=path, data=data)
    _walk(node, (), doc)
    return doc

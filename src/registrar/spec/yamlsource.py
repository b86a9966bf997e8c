"""Every YAML file the program reads, read safely, with the line of every value.

PyYAML's own loaders expand aliases (a 580-byte alias bomb grows to gigabytes),
recurse once per nesting level (RecursionError at a few thousand), build Python
objects from tags, keep the last of two equal keys and report some errors over
two lines without a line number. This reader takes the parser's events instead
and builds plain data from them without recursion, refusing on the way:

- a file over MAX_BYTES (1 MiB), before it is parsed;
- text that is not UTF-8, or holds characters YAML does not allow;
- anchors and aliases (`&name`, `*name`), tags (`!!float`, `!thing`);
- nesting deeper than MAX_DEPTH (64) lists and mappings;
- a number written with more than MAX_NUMBER_CHARS characters;
- a second document, and a key that is a list or mapping.

Each refusal is a SourceError: one problem in the house form with the file and
line. Duplicate keys are kept as `duplicates` (the first value stands) so that
the caller reports them with the file's other problems. Values are text,
numbers, true/false and null only: a date-like value stays text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from registrar.spec.problems import FILE_FIELD, FieldPath, Problem, SpecificationError, one_line

MAX_BYTES = 1_048_576  # 1 MiB: the MRes specification is 22 kB
MAX_DEPTH = 64  # lists and mappings inside one another; the MRes uses 6
MAX_NUMBER_CHARS = 100  # int() and base-60 numbers grow quadratic beyond this

# libyaml's parser when PyYAML has it (about 20 times faster), else PyYAML's own.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The characters YAML 1.1 allows in a stream (PyYAML's Reader refuses the rest).
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_TAG = "tag:yaml.org,2002:"
# PyYAML's stubs leave resolve() untyped; this is its signature.
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = Resolver().resolve
_constructor = SafeConstructor()


class SourceError(SpecificationError):
    """The file cannot be read as YAML at all (exit status 2).

    A SpecificationError too, so that whoever reports a specification's problems
    reports this one as well, in the same form.
    """

    def __init__(self, path: Path, line: int, message: str, fix: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__([Problem(path, line, FILE_FIELD, message, fix)])


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

    def duplicate_problems(self, noun: str = "key") -> list[Problem]:
        """One problem per key given twice (the first value stands)."""
        return [
            Problem(
                self.path,
                dup.line,
                dup.path,
                f"this {noun} is given twice (first at line {dup.first_line})",
                "keep one of the two",
            )
            for dup in self.duplicates
        ]

    def line_of(self, path: FieldPath) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                return line
        return 1


class _RefusedError(Exception):
    """A refusal at a line, turned into a SourceError by load_yaml."""

    def __init__(self, line: int, message: str, fix: str) -> None:
        self.line = line
        self.message = message
        self.fix = fix


def _line(event: Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark is not None else 1


def _scalar(event: ScalarEvent) -> Any:
    """The value of a plain or quoted scalar: null, bool, int, float, else text."""
    tag = _resolve(ScalarNode, event.value, event.implicit)
    kind = tag.removeprefix(_TAG)
    if kind == "null":
        return None
    if kind == "bool":
        return SafeConstructor.bool_values[event.value.lower()]
    if kind in ("int", "float"):
        if len(event.value) > MAX_NUMBER_CHARS:
            raise _RefusedError(
                _line(event),
                f"a number of {len(event.value):,} characters is too long to read "
                f"(at most {MAX_NUMBER_CHARS})",
                "write a number of sensible size, or quote it if it is text",
            )
        node = ScalarNode(tag, event.value)
        try:
            if kind == "int":
                return _constructor.construct_yaml_int(node)
            return _constructor.construct_yaml_float(node)
        except ValueError:
            return event.value
    return event.value  # str, and timestamps, merge keys and the like kept as text


@dataclass
class _Open:
    """A list or mapping being filled; `keep` is False inside a duplicated key's value."""

    path: FieldPath
    value: dict[Any, Any] | list[Any]
    keep: bool
    key: tuple[Any, str, int] | None = None  # a mapping's key waiting for its value
    seen: dict[Any, int] = field(default_factory=dict)  # key -> line
    seen_text: dict[str, int] = field(default_factory=dict)  # key as written -> line


class _Builder:
    """Plain data from parser events, one event at a time (no recursion)."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.stack: list[_Open] = []
        self.root: Any = None
        self.documents = 0

    def feed(self, event: Event) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _RefusedError(
                    _line(event),
                    "a second YAML document starts here; a file holds one",
                    "remove the second document, from its --- on",
                )
        elif isinstance(event, AliasEvent):
            raise _RefusedError(
                _line(event),
                f"aliases are not allowed (*{event.anchor})",
                "write the value out in full where it is used",
            )
        elif isinstance(event, NodeEvent):
            self._node(event)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            self.stack.pop()

    def _node(self, event: NodeEvent) -> None:
        if event.anchor is not None:
            raise _RefusedError(
                _line(event),
                f"aliases are not allowed (&{event.anchor} names a value to repeat)",
                "remove the &name and write each value out in full where it is used",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _RefusedError(
                _line(event),
                f"tags are not allowed ({tag})",
                "remove the tag; put the value in quotes if it is text",
            )
        if isinstance(event, ScalarEvent):
            self._place(event, _scalar(event), None)
        elif isinstance(event, CollectionStartEvent):
            if len(self.stack) >= MAX_DEPTH:
                raise _RefusedError(
                    _line(event),
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure",
                )
            value: dict[Any, Any] | list[Any] = {} if isinstance(event, MappingStartEvent) else []
            self._place(event, value, value)

    def _place(
        self, event: NodeEvent, value: Any, opened: dict[Any, Any] | list[Any] | None
    ) -> None:
        """Put `value` where the open collection expects it; push it if it is a collection."""
        line = _line(event)
        if not self.stack:
            path: FieldPath = ()
            keep = True
            self.root = value
            self.doc.lines[path] = line
        else:
            top = self.stack[-1]
            keep = top.keep
            if isinstance(top.value, list):
                path = (*top.path, len(top.value))
                top.value.append(value)
                if keep:
                    self.doc.lines[path] = line
            elif top.key is None:
                if opened is not None:
                    raise _RefusedError(
                        line,
                        "a key must be a single value, not a list or mapping",
                        "write the key as plain text",
                    )
                assert isinstance(event, ScalarEvent)
                top.key = (value, event.value, line)
                return
            else:
                key, text, key_line = top.key
                top.key = None
                path = (*top.path, text)
                first = top.seen.get(key, top.seen_text.get(text))
                if first is not None:
                    if keep:
                        self.doc.duplicates.append(DuplicateKey(path, key_line, first))
                    keep = False  # the first value stands
                else:
                    top.seen[key] = top.seen_text[text] = key_line
                    top.value[key] = value
                    if keep:
                        self.doc.lines[path] = key_line
        if opened is not None:
            self.stack.append(_Open(path, opened, keep))


def _read(path: Path) -> str:
    """The file's text: at most MAX_BYTES of UTF-8 (a leading BOM dropped)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise SourceError(
            path,
            1,
            f"cannot read the file ({error.strerror or error})",
            "check the path, and that the file can be read",
        ) from error
    if len(raw) > MAX_BYTES:
        raise SourceError(
            path,
            1,
            f"the file is larger than {MAX_BYTES:,} bytes (1 MiB), the most read as YAML",
            "remove what does not belong in it",
        )
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise SourceError(
            path,
            line,
            f"not UTF-8 text (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8",
        ) from error


def _events(text: str) -> Iterator[Event]:
    bad = _NOT_ALLOWED.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise _RefusedError(
            line,
            f"the character U+{ord(bad.group()):04X} is not allowed in YAML",
            "remove it, or write it as an escape such as \\t inside double quotes",
        )
    try:
        yield from yaml.parse(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        message = one_line(error.problem or error.context or "unreadable")
        if error.context and error.context_mark is not None and error.problem:
            message += f" ({one_line(error.context)} from line {error.context_mark.line + 1})"
        raise _RefusedError(
            line, f"not valid YAML: {message}", "correct the YAML at this line"
        ) from error
    except yaml.YAMLError as error:
        raise _RefusedError(
            1, f"not valid YAML: {one_line(str(error))}", "correct the YAML"
        ) from error


def load_yaml(path: Path) -> YamlDocument:
    """Read `path` as one YAML mapping; raise SourceError if it is not one, or is refused."""
    doc = YamlDocument(path=path, data=None)
    builder = _Builder(doc)
    try:
        for event in _events(_read(path)):
            builder.feed(event)
    except _RefusedError as refused:
        raise SourceError(path, refused.line, refused.message, refused.fix) from None
    if not isinstance(builder.root, dict):
        raise SourceError(
            path,
            1,
            "expected a YAML mapping of fields at the top level",
            "write the file as `field: value` lines",
        )
    doc.data = builder.root
    return doc


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "DuplicateKey",
    "FieldPath",
    "SourceError",
    "YamlDocument",
    "load_yaml",
]

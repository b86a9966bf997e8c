"""A problem found in an input file, reported as one line; the errors that carry them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

FieldPath = tuple[str | int, ...]

# The field of a problem with the file as a whole (unreadable, too large, not YAML).
FILE_FIELD: FieldPath = ("(file)",)


NAME_LIMIT = 60  # a field name longer than this (a key from a hostile file) is cut short


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def dotted(path: FieldPath) -> str:
    """('modules', 3, 'code') → 'modules[3].code'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        name = part if len(part) <= NAME_LIMIT else f"{part[: NAME_LIMIT - 1]}…"
        out += f".{name}" if out else name
    return out or "(top level)"


def one_line(text: str) -> str:
    """Text from a file or a library squeezed onto one line, without a closing full stop."""
    return " ".join(text.split()).rstrip(".")


def shown(value: object, limit: int = 60) -> str:
    """A value from a file as a message shows it: its repr, cut short if long."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


# Characters that would break the one line a problem is printed on (a value from a hostile
# file can hold any of them), each shown as its escape instead.
_BREAKS = {
    code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F, 0x85] if chr(code) not in "\n\r\t"
} | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def unbroken(text: str) -> str:
    """`text` with every line-breaking or control character escaped: one line, always."""
    return text.translate(_BREAKS)


@dataclass(frozen=True)
class Finding:
    """What a check found, before it is placed in a file."""

    path: FieldPath
    message: str
    fix: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class Problem:
    """The house form: `FILE:LINE: severity: field: what. Fix: how.`"""

    file: Path
    line: int
    path: FieldPath
    message: str
    fix: str
    severity: Severity = Severity.ERROR

    @property
    def field(self) -> str:
        return dotted(self.path)

    def __str__(self) -> str:
        return unbroken(
            f"{self.file}:{self.line}: {self.severity}: {self.field}: "
            f"{self.message}. Fix: {self.fix}."
        )

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": str(self.file),
            "line": self.line,
            "field": unbroken(self.field),
            "severity": str(self.severity),
            "message": unbroken(self.message),
            "fix": unbroken(self.fix),
        }


class SpecificationError(Exception):
    """A specification has errors; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")

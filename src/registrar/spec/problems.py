"""A problem found in a specification file, reported as one line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from registrar.spec.yamlsource import FieldPath


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def dotted(path: FieldPath) -> str:
    """('modules', 3, 'code') → 'modules[3].code'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


@dataclass(frozen=True)
class Finding:
    """What a check found, before it is placed in a file."""

    path: FieldPath
    message: str
    fix: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    path: FieldPath
    message: str
    fix: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.severity}: {dotted(self.path)}: "
            f"{self.message}. Fix: {self.fix}."
        )

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": str(self.file),
            "line": self.line,
            "field": dotted(self.path),
            "severity": str(self.severity),
            "message": self.message,
            "fix": self.fix,
        }

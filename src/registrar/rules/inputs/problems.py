"""A problem with an input file, in the house form of `registrar.spec.problems.Problem`.

The field of a marks or registrations problem is the CSV column (`mark`), or `(file)`,
`(row)` for the file or the row as a whole. Every problem prints as one line
(`FILE:LINE: severity: field: what. Fix: how.`): values are echoed escaped and shortened,
so that a newline or a 100,000-character field in the file cannot break the line.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from registrar.spec.problems import Problem, Severity, dotted
from registrar.spec.yamlsource import FieldPath

# the most of one value a message echoes
SHOWN = 40
# control characters as their escapes, so that every problem stays on one line
ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
CONTROL = {
    **{chr(c): f"\\x{c:02x}" for c in [*range(32), 127, 0x85] if chr(c) not in ESCAPES},
    "\u2028": "\\u2028",  # str.splitlines breaks at these too
    "\u2029": "\\u2029",
}
ONE_LINE = str.maketrans({**ESCAPES, **CONTROL})


def one_line(text: str) -> str:
    """The text with every control character escaped (backslashes first, so it can be read)."""
    if text.isprintable() and "\\" not in text:
        return text
    return text.translate(ONE_LINE)


def shown(value: str) -> str:
    """A value from the file as a message echoes it: escaped, and shortened past SHOWN."""
    text = one_line(value)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(value)} characters)"


def shown_expr(column: str) -> pl.Expr:
    """`shown` on a column, for the reasons `rows._problems` words (InputProblem escapes)."""
    value = pl.col(column)
    length = value.str.len_chars()
    return (
        pl.when(length <= SHOWN)
        .then(value)
        .otherwise(pl.format("{}… ({} characters)", value.str.slice(0, SHOWN), length))
    )


class InputProblem(Problem):
    """One problem with one line of a marks or registrations file.

    Built as `InputProblem(file, line, column, what, fix)`; `column` and `reason` are the
    field and the reason in the older `column: what; how` wording (the marks pages show it).
    """

    def __init__(
        self,
        file: str | Path,
        line: int,
        path: str | FieldPath,
        message: str,
        fix: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        # the dataclass is frozen; these are its fields, set once
        object.__setattr__(self, "file", Path(file))
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "path", (path,) if isinstance(path, str) else path)
        object.__setattr__(self, "message", one_line(message))
        object.__setattr__(self, "fix", one_line(fix))
        object.__setattr__(self, "severity", severity)

    @property
    def column(self) -> str:
        return dotted(self.path)

    @property
    def reason(self) -> str:
        return f"{self.message}; {self.fix}" if self.fix else self.message

    def __str__(self) -> str:
        if self.fix:
            return super().__str__()
        return f"{self.file}:{self.line}: {self.severity}: {self.column}: {self.message}."


class InputError(Exception):
    """Bad input, refused whole; `problems` lists every one, in file and line order."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

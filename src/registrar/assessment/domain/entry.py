"""Entering marks by hand: a module's grid (students × components) and single marks (API).

An edit names the version of the mark it started from (`MarkInput.version`, 0 when
no mark was stored): if someone saved the mark since, the save is refused with who
changed it, when, and from what to what, and nothing of that save is written
(optimistic versioning). An edit that leaves a mark as it is now stored is no
change, whatever version it started from.

Saving writes the entries as marks-contract text and commits it with
`saving.commit_marks`, the function uploads use: the same checks, the same ledger.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from registrar.assessment.domain.contract import MARKS_COLUMNS
from registrar.assessment.domain.saving import MarksPreview, Upload, check_marks, commit_marks
from registrar.assessment.models import Mark
from registrar.people.models import Student
from registrar.people.rules import MarkTarget, can, visible_students
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.registrations.models import Registration
from registrar.spec.model import Module


@dataclass(frozen=True)
class MarkInput:
    """One mark as typed: values as text, as in the marks contract."""

    student_id: str
    module_code: str
    component: str = ""
    attempt: int = 1
    mark: str = ""
    flag: str = ""
    late_hours: str = ""
    version: int = 0  # the version the edit started from; 0 when no mark was stored

    def line(self) -> tuple[str, ...]:
        return tuple(
            _one_line(v)
            for v in (
                self.student_id,
                self.module_code,
                self.component,
                str(self.attempt),
                self.mark,
                self.flag,
                self.late_hours,
            )
        )


def _one_line(value: str) -> str:
    return " ".join(value.splitlines()) if ("\n" in value or "\r" in value) else value


def entries_upload(entries: Sequence[MarkInput], file: str = "form") -> Upload:
    """The entries as contract text, entry i on line i + 2, with the versions they started from."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARKS_COLUMNS)
    writer.writerows(e.line() for e in entries)
    return Upload(file, buffer.getvalue(), {i + 2: e.version for i, e in enumerate(entries)})


def entry_line(index: int) -> int:
    """The line of the `index`-th entry in `entries_upload`: problems name it."""
    return index + 2


def check_entries(
    *,
    programme: Programme,
    entries: Sequence[MarkInput],
    actor: Any,
    file: str = "form",
    module_code: str | None = None,
) -> MarksPreview:
    """What saving the entries would do, or every problem. Writes nothing."""
    return check_marks(
        programme=programme,
        upload=entries_upload(entries, file),
        actor=actor,
        module_code=module_code,
    )


def save_marks(
    *,
    programme: Programme,
    entries: Sequence[MarkInput],
    actor: Any,
    file: str = "form",
    module_code: str | None = None,
) -> MarksPreview:
    """Save the entries all or nothing: `saving.commit_marks` (its side effects are those).

    Refuses (MarksRefusedError) a stale entry, naming who changed the mark, when and
    from what to what; and whatever an upload of the same marks would be refused for.
    """
    return commit_marks(
        programme=programme,
        upload=entries_upload(entries, file),
        actor=actor,
        module_code=module_code,
    )


# --- what a user may mark, and a module's grid ----------------------------------------


class UnknownModuleError(LookupError):
    """No such module in the programme's current specification."""


@dataclass(frozen=True)
class MarkableModule:
    programme: Programme
    code: str
    title: str
    students: int  # students of the module whose marks the user may enter


def markable_modules(user: Any) -> list[MarkableModule]:
    """The modules `user` may enter marks on (at least one student), by programme and code."""
    found: dict[tuple[int, str], list[Student]] = {}
    titles: dict[tuple[int, str], str] = {}
    registrations = (
        Registration.objects.filter(student__in=visible_students(user))
        .select_related("student__programme")
        .order_by("student__programme_id", "module_code", "student__student_id")
    )
    for r in registrations:
        key = (r.student.programme_id, r.module_code)
        if can(user, "enter_marks", MarkTarget(r.student, r.module_code)):
            found.setdefault(key, []).append(r.student)
            titles[key] = r.module_title
    return [
        MarkableModule(students[0].programme, code, titles[(pk, code)], len(students))
        for (pk, code), students in found.items()
    ]


@dataclass
class Cell:
    component: str
    mark: Mark | None
    may_enter: bool

    @property
    def locked(self) -> bool:
        return self.mark is not None and self.mark.locked_by_id is not None

    @property
    def editable(self) -> bool:
        return self.may_enter and not self.locked


@dataclass
class SheetRow:
    student: Student
    cells: list[Cell]


@dataclass
class Sheet:
    """A module's marks for one attempt: the students the user may mark × the components."""

    programme: Programme
    module: Module
    attempt: int
    components: list[str]  # [""] when the module is marked as a whole
    attempts: list[int]  # the attempts one may choose
    rows: list[SheetRow] = field(default_factory=list)
    registered: int = 0  # students registered on the module, whoever may mark them


def find_module(programme: Programme, module_code: str) -> Module:
    spec = current_specification(programme)
    for module in spec.modules:
        if module.code == module_code:
            return module
    raise UnknownModuleError(f"no module {module_code} in {programme}")


def module_sheet(*, programme: Programme, module_code: str, user: Any, attempt: int = 1) -> Sheet:
    """The grid of `module_code`: its registered students whom `user` may mark (the
    `enter_marks` rule, cell by cell) × its components, with the stored marks of `attempt`."""
    module = find_module(programme, module_code)
    components = [c.name for c in module.components] or [""]
    students = list(
        Student.objects.filter(programme=programme, registrations__module_code=module_code)
        .select_related("programme")
        .order_by("student_id")
    )
    marks = Mark.objects.filter(
        student__programme=programme, module_code=module_code
    ).select_related("updated_by")
    stored: dict[tuple[int, str, int], Mark] = {
        (m.student_id, m.component, m.attempt): m for m in marks
    }
    top = max((a for _, _, a in stored), default=1)
    sheet = Sheet(
        programme=programme,
        module=module,
        attempt=attempt,
        components=components,
        attempts=sorted({*range(1, max(top + 1, 2) + 1), attempt}),
        registered=len(students),
    )
    for student in students:
        cells = [
            Cell(
                component,
                stored.get((student.pk, component, attempt)),
                can(user, "enter_marks", MarkTarget(student, module_code, component)),
            )
            for component in components
        ]
        if any(c.may_enter for c in cells):
            sheet.rows.append(SheetRow(student, cells))
    return sheet


def module_marks(*, programme: Programme, module_code: str, user: Any) -> list[Mark]:
    """The stored marks of `module_code` (every attempt) that `user` may enter, in
    student, component and attempt order. UnknownModuleError for no such module."""
    find_module(programme, module_code)
    marks = (
        Mark.objects.filter(student__programme=programme, module_code=module_code)
        .select_related("student__programme", "updated_by")
        .order_by("student__student_id", "component", "attempt")
    )
    allowed: dict[tuple[int, str], bool] = {}
    out = []
    for mark in marks:
        target = (mark.student_id, mark.component)
        if target not in allowed:
            allowed[target] = can(
                user, "enter_marks", MarkTarget(mark.student, module_code, mark.component)
            )
        if allowed[target]:
            out.append(mark)
    return out

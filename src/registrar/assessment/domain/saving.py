"""Checking and saving marks: the one path for uploads (CSV, XLSX), the grid form and the API.

Marks arrive as text in the engine's marks contract (DESIGN.md): `imports.read_upload`
turns a CSV or XLSX file into it, `entry.entries_upload` the cells of a form or an API
call. `check_marks` reads that text exactly as `registrar classify` does
(`registrar.rules.inputs`), so the application refuses what the engine refuses, and
adds what only the records know:

- a student who is not in the cohort, or a module the student is not registered on;
- a row the user may not mark (the `enter_marks` rule, asked row by row), or of
  another module than the page's;
- a change to a mark locked by a board run (a resit is a new attempt: a new row);
- a change from a stale version (someone saved the mark since the form was loaded).

Checks across rows (attempts in sequence, sits, whole-module and component marks not
mixed) are made on the stored marks merged with the upload, and reported on the
upload's lines. `commit_marks` writes all of it or, if anything is wrong, nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from registrar.assessment.domain import bulk
from registrar.assessment.domain.contract import MARKS_COLUMNS, decimal_text
from registrar.assessment.models import Mark
from registrar.audit.domain import chained, user_of
from registrar.audit.models import AuditEntry
from registrar.people.models import Student
from registrar.people.rules import MarkTarget, can
from registrar.programmes.domain.versions import current_specification
from registrar.programmes.models import Programme
from registrar.registrations.models import Registration
from registrar.rules.engine import parameters_for
from registrar.rules.inputs import (
    MARKS_OPTIONAL,
    MARKS_REQUIRED,
    InputError,
    read_marks,
    read_table,
)
from registrar.rules.parameters import (
    ParameterError,
    load_regulations,
    regulations_missing,
    regulations_path,
)
from registrar.spec.model import Specification
from registrar.spec.problems import FILE_FIELD, Problem

# (student_id, module_code, component ("" = the whole module), attempt)
Key = tuple[str, str, str, int]

ADDED, CHANGED = "mark.added", "mark.changed"
MARK_ACTIONS = (ADDED, CHANGED)
HUNDREDTH = Decimal("0.01")
MOST_LATE_HOURS = Decimal("999999.99")  # what Mark.late_hours (8 digits, 2 places) holds
NEW_MARK = (
    "student_id",
    "module_code",
    "component",
    "attempt",
    "mark",
    "flag",
    "late_hours",
    "version",
    "updated_at",
    "updated_by_id",
)
CHANGED_MARK = ("mark", "flag", "late_hours", "version", "updated_at", "updated_by_id")
LEDGER_ENTRY = (
    "at",
    "actor_id",
    "action",
    "subject",
    "reason",
    "data",
    "before",
    "after",
    "student_id",
    "module_code",
)
RELOAD = "reload to see it"  # the fix for a mark someone else changed since it was read
# Above this many students an upload reads the cohort's stored marks whole (one query)
# rather than naming each student in the query.
FEW_STUDENTS = 500


@dataclass(frozen=True)
class Upload:
    """Marks as contract text, with where they came from.

    `file` names the source in every problem (`FILE:LINE: column: reason`).
    `versions`, for edits (the grid form, the API), maps a line to the version of the
    mark the edit started from (0: no mark was stored): a stale line is refused.
    """

    file: str
    text: str
    versions: Mapping[int, int] | None = None


@dataclass(frozen=True)
class MarkChange:
    """What a commit does with one line: `add`, `change` or leave it `unchanged`."""

    line: int
    key: Key
    action: str
    before: dict[str, str] | None  # the stored values (contract text), None when new
    after: dict[str, str]

    @property
    def student_id(self) -> str:
        return self.key[0]

    @property
    def module_code(self) -> str:
        return self.key[1]

    @property
    def component(self) -> str:
        return self.key[2]

    @property
    def attempt(self) -> int:
        return self.key[3]

    def describe(self) -> str:
        """`64.00`, or `61.00 → 64.00` for a change."""
        if self.before is None or self.action == "unchanged":
            return shown(self.after)
        return f"{shown(self.before)} → {shown(self.after)}"


@dataclass
class MarksPreview:
    """The outcome of checking (and maybe committing) marks: every problem, or every change."""

    file: str
    rows: list[MarkChange] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    # those of the errors that refuse a change rather than bad input: a locked mark, or
    # an edit from a stale version (the API answers 409 when these are all there is)
    conflicts: list[Problem] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def changed(self) -> list[MarkChange]:
        return [r for r in self.rows if r.action != "unchanged"]


class MarksRefusedError(Exception):
    """The marks were refused; nothing was written. `preview.errors` lists every problem."""

    def __init__(self, preview: MarksPreview) -> None:
        self.preview = preview
        super().__init__("\n".join(str(e) for e in preview.errors))


def problem(file: str, line: int, column: str, what: str, fix: str) -> Problem:
    """A problem with a marks file, in the house form (`FILE:LINE: error: column: what. Fix:`)."""
    return Problem(Path(file), line, FILE_FIELD if column == "(file)" else (column,), what, fix)


def describe_key(key: Key) -> str:
    """`02500001 COMP70059 Research thesis, attempt 1` (or `whole module`)."""
    student_id, module_code, component, attempt = key
    return f"{student_id} {module_code} {component or 'whole module'}, attempt {attempt}"


def shown(values: Mapping[str, str]) -> str:
    """A mark as people read it: `64.00`, `NS`, `64.00 MC`, `58.00, 30.00 h late`, `no mark`."""
    text = " ".join(v for v in (values.get("mark", ""), values.get("flag", "")) if v)
    if values.get("late_hours"):
        text = f"{text or 'no mark'}, {values['late_hours']} h late"
    return text or "no mark"


def stored_values(mark: Mark | Stored) -> dict[str, str]:
    return {
        "mark": decimal_text(mark.mark),
        "flag": mark.flag,
        "late_hours": decimal_text(mark.late_hours),
    }


def ledger_values(key: Key, values: Mapping[str, str], version: int) -> dict[str, Any]:
    """A mark as the ledger keeps it (before / after)."""
    student_id, module_code, component, attempt = key
    return {
        "student_id": student_id,
        "module_code": module_code,
        "component": component,
        "attempt": attempt,
        **values,
        "version": version,
    }


@dataclass(frozen=True)
class Stored:
    """A stored mark as the checks read it (one query, no model instances)."""

    pk: int
    mark: Decimal | None
    flag: str
    late_hours: Decimal | None
    version: int
    locked_by_id: int | None


@dataclass(frozen=True)
class _Row:
    """One line of the upload, as the engine read it (strings; None when empty)."""

    line: int
    student_id: str | None
    module_code: str | None
    component: str | None
    attempt: str | None
    mark: str | None
    flag: str | None
    late_hours: str | None

    @property
    def key(self) -> Key:
        return (
            self.student_id or "",
            self.module_code or "",
            self.component or "",
            _attempt_number(self.attempt),
        )

    def values(self) -> dict[str, str]:
        """The values a commit stores, in the contract's text (checked by then)."""
        return {
            "mark": _two_places(self.mark) if self.mark else "",
            "flag": (self.flag or "").upper(),
            "late_hours": _two_places(self.late_hours) if self.late_hours else "",
        }


def _attempt_number(text: str | None) -> int:
    """The attempt a row names (1 when blank); 0, which no stored mark has, when it is not a
    whole number the checks could pass (they report it; the key must not raise first)."""
    if not text:
        return 1
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else 0


def _two_places(text: str) -> str:
    """A checked, non-negative decimal with two places, as `decimal_text` writes it; beyond
    two places (hours late) rounded up, as the engine reads them."""
    whole, _, places = text.partition(".")
    if len(places) <= 2 and whole.isdigit():
        return f"{int(whole)}.{places:0<2}"
    return decimal_text(Decimal(text).quantize(HUNDREDTH, rounding=ROUND_CEILING))


@dataclass
class _Checked:
    preview: MarksPreview
    students: dict[str, int]  # student_id → Student pk (the cohort)
    stored: dict[Key, Stored]


def check_marks(
    *, programme: Programme, upload: Upload, actor: Any, module_code: str | None = None
) -> MarksPreview:
    """Check `upload` against the engine's rules and the records; say what a commit would do.

    `actor` is whoever will commit (None: the system, which may mark anything);
    `module_code`, if given, is the only module the upload may touch (a module's page).
    Every problem is in the preview's errors; MarksRefusedError only when nothing can be
    checked at all (no regulations for the programme). Writes nothing.
    """
    return _check(programme, upload, actor, module_code, for_update=False).preview


@transaction.atomic
def commit_marks(
    *, programme: Programme, upload: Upload, actor: Any, module_code: str | None = None
) -> MarksPreview:
    """Save the marks in `upload`: all of them or, if anything is wrong, none.

    Refuses (MarksRefusedError, listing every problem) whatever `check_marks` refuses.
    Side effects: a Mark row per new mark (version 1); each changed Mark row updated
    (version + 1, updated_at, updated_by); one ledger entry per added or changed mark
    (`mark.added` / `mark.changed`, before and after, filed under the student and the
    module). Unchanged lines write nothing, so committing the same file twice changes
    nothing the second time. The stored rows it reads are locked until it ends
    (SELECT ... FOR UPDATE on PostgreSQL), so two saves cannot both start from one version.
    """
    checked = _check(programme, upload, actor, module_code, for_update=True)
    preview = checked.preview
    if not preview.ok:
        raise MarksRefusedError(preview)
    now = timezone.now()
    user = user_of(actor)
    user_id = user.pk if user is not None else None
    new: list[tuple[Any, ...]] = []
    changed: list[tuple[Any, ...]] = []
    entries: list[tuple[Any, ...]] = []
    for row in preview.changed:
        after = row.after
        mark = Decimal(after["mark"]) if after["mark"] else None
        late = Decimal(after["late_hours"]) if after["late_hours"] else None
        if row.action == "add":
            version = 1
            before: dict[str, Any] = {}
            new.append(
                (
                    checked.students[row.student_id],
                    row.module_code,
                    row.component,
                    row.attempt,
                    mark,
                    after["flag"],
                    late,
                    version,
                    now,
                    user_id,
                )
            )
        else:
            was = checked.stored[row.key]
            version = was.version + 1
            before = ledger_values(row.key, stored_values(was), was.version)
            changed.append((was.pk, mark, after["flag"], late, version, now, user_id))
        entries.append(
            (
                now,
                user_id,
                ADDED if row.action == "add" else CHANGED,
                describe_key(row.key)[:200],
                "",
                {"file": preview.file, "line": row.line},
                before,
                ledger_values(row.key, after, version),
                row.student_id,
                row.module_code,
            )
        )
    try:
        with transaction.atomic():
            bulk.insert(Mark, NEW_MARK, new)
    except IntegrityError as error:
        # another save added one of these marks since they were read
        preview.errors.append(
            problem(
                preview.file,
                1,
                "(file)",
                "another save entered some of these marks at the same moment; nothing was saved",
                "reload and try again",
            )
        )
        raise MarksRefusedError(preview) from error
    bulk.update(Mark, CHANGED_MARK, changed)
    bulk.insert(AuditEntry, *chained(LEDGER_ENTRY, entries))
    preview.committed = True
    return preview


# --- checking -------------------------------------------------------------------------


def _rules(programme: Programme, file: str) -> tuple[Specification, dict[str, Any]]:
    """The current specification and the parameters in force, as `run_board` reads them."""
    spec = current_specification(programme)
    path = regulations_path(spec)
    if path is None:
        raise MarksRefusedError(
            MarksPreview(
                file,
                errors=[
                    problem(
                        file,
                        1,
                        "(file)",
                        f"{regulations_missing(spec)}; marks cannot be checked",
                        "name the programme's regulations in its specification and publish it",
                    )
                ],
            )
        )
    try:
        return spec, parameters_for(spec, load_regulations(path))
    except ParameterError as error:
        raise MarksRefusedError(
            MarksPreview(
                file,
                errors=[
                    p
                    if isinstance(p, Problem)
                    else problem(file, 1, "(regulations)", str(p), "correct the regulations")
                    for p in error.problems
                ],
            )
        ) from error


def _renamed(problems: Iterable[Problem], file: str) -> list[Problem]:
    """The engine's problems, with the upload's name as their file."""
    return [dataclasses.replace(p, file=Path(file)) for p in problems]


def _check(
    programme: Programme,
    upload: Upload,
    actor: Any,
    module_code: str | None,
    *,
    for_update: bool,
) -> _Checked:
    file = upload.file
    spec, parameters = _rules(programme, file)
    preview = MarksPreview(file)
    with tempfile.TemporaryDirectory(prefix="registrar-marks-") as folder:
        raw = Path(folder) / "upload.csv"
        raw.write_text(upload.text, encoding="utf-8", newline="")
        frame, read = read_table(raw, MARKS_REQUIRED, MARKS_OPTIONAL)
        problems = _renamed(read, file)
        if frame is None:  # the header is wrong, or the file is empty
            preview.errors = problems
            return _Checked(preview, {}, {})
        columns = [f.name for f in dataclasses.fields(_Row)]
        rows = [_Row(*values) for values in frame.select(columns).iter_rows()]
        students, records = _records(programme, spec, rows, actor, module_code, file)
        stored = _stored(programme, rows, students, for_update=for_update)
        merged = Path(folder) / "merged.csv"
        origin = _write_merged(merged, rows, stored)
        try:
            read_marks(merged, spec, parameters)
        except InputError as error:
            problems += _from_merged(_renamed(error.problems, file), origin, rows)
    errors = problems + records
    # locked and stale marks are reported with the rest, on the rows that are otherwise good
    bad = {p.line for p in errors}
    changes, preview.conflicts = _changes(
        [r for r in rows if r.line not in bad], stored, upload, file
    )
    errors += preview.conflicts
    if not errors:
        preview.rows = changes
    preview.errors = sorted(errors, key=lambda p: p.line)
    return _Checked(preview, students, stored)


def _records(
    programme: Programme,
    spec: Specification,
    rows: list[_Row],
    actor: Any,
    module_code: str | None,
    file: str,
) -> tuple[dict[str, int], list[Problem]]:
    """The cohort (student_id → pk) and what only the records refuse, row by row."""
    students = dict(Student.objects.filter(programme=programme).values_list("student_id", "pk"))
    named = {r.student_id for r in rows if r.student_id}
    strangers = named - students.keys()
    elsewhere = dict(
        Student.objects.filter(student_id__in=strangers)
        .select_related("programme")
        .values_list("student_id", "programme__code")
    )
    registered = set(
        Registration.objects.filter(student__programme=programme).values_list(
            "student__student_id", "module_code"
        )
    )
    targets: dict[str, Student] = {}
    if actor is not None:
        targets = {
            s.student_id: s
            for s in Student.objects.filter(
                programme=programme, student_id__in=named & students.keys()
            ).select_related("programme")
        }
    allowed: dict[tuple[str, str, str], bool] = {}
    cohort = f"{programme.code}/{programme.cohort}"
    running = {m.code for m in spec.modules if m.runs_in(spec.year)}
    out: list[Problem] = []
    for row in rows:
        sid, code, component = row.student_id, row.module_code, row.component or ""
        if not sid or not code or code not in running:
            continue  # the engine says what is wrong
        if sid not in students:
            where = (
                f"a student of {elsewhere[sid]}, not of {cohort}"
                if sid in elsewhere
                else f"not a student of {cohort}"
            )
            out.append(
                problem(
                    file,
                    row.line,
                    "student_id",
                    f"{sid} is {where}",
                    "remove the row, or upload it for the student's own programme"
                    if sid in elsewhere
                    else "remove the row, or import the student into the cohort first",
                )
            )
            continue
        if module_code is not None and code != module_code:
            out.append(
                problem(
                    file,
                    row.line,
                    "module_code",
                    f"this upload is for {module_code}",
                    f"upload {code} marks on its own page",
                )
            )
            continue
        if (sid, code) not in registered:
            out.append(
                problem(
                    file,
                    row.line,
                    "module_code",
                    f"student {sid} is not registered on {code}",
                    "remove the row, or register the student on the module first",
                )
            )
            continue
        if actor is not None:
            target = (sid, code, component)
            if target not in allowed:
                allowed[target] = can(
                    actor, "enter_marks", MarkTarget(targets[sid], code, component)
                )
            if not allowed[target]:
                out.append(
                    problem(
                        file,
                        row.line,
                        "module_code",
                        f"you may not enter marks for {sid} on {code}"
                        + (f" ({component})" if component else ""),
                        "remove the row; the module's marker or the registry enters it",
                    )
                )
                continue
        late = _number(row.late_hours)
        if late is not None and late > MOST_LATE_HOURS:
            out.append(
                problem(
                    file,
                    row.line,
                    "late_hours",
                    f"{row.late_hours} is more hours than a mark can record",
                    f"give at most {MOST_LATE_HOURS}",
                )
            )
    return students, out


def _number(text: str | None) -> Decimal | None:
    """The finite number in `text` if it is one (the engine has judged its form and refused
    `nan` and `inf`, which Decimal reads but cannot compare)."""
    try:
        number = Decimal(text) if text else None
    except ArithmeticError:
        return None
    return number if number is not None and number.is_finite() else None


def _stored(
    programme: Programme, rows: list[_Row], students: dict[str, int], *, for_update: bool
) -> dict[Key, Stored]:
    """The stored marks of the students the upload names, by key."""
    named = {r.student_id for r in rows if r.student_id in students}
    if not named:
        return {}
    marks = Mark.objects.filter(student__programme=programme)
    if len(named) <= FEW_STUDENTS:
        marks = marks.filter(student_id__in=[students[s] for s in named])
    if for_update:
        marks = marks.select_for_update(of=("self",))
    by_pk = {pk: sid for sid, pk in students.items()}
    found = marks.values_list(
        "student_id",
        "module_code",
        "component",
        "attempt",
        "pk",
        "mark",
        "flag",
        "late_hours",
        "version",
        "locked_by_id",
    )
    return {
        (by_pk[student], code, component, attempt): Stored(*values)
        for student, code, component, attempt, *values in found
    }


def _write_merged(path: Path, rows: list[_Row], stored: dict[Key, Stored]) -> dict[int, Key]:
    """The upload's rows on their own lines, then the stored marks of the same students'
    modules that the upload does not replace: what the records would hold after a commit.

    Returns the stored rows' lines (line → key): a problem there is reported on the
    upload's first line for that student and module.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARKS_COLUMNS)
    line = 1
    for row in rows:
        while line < row.line - 1:  # blank lines keep every row on its line number
            buffer.write("\n")
            line += 1
        writer.writerow(
            (
                row.student_id,
                row.module_code,
                row.component,
                row.attempt,
                row.mark,
                row.flag,
                row.late_hours,
            )
        )
        line += 1
    given = {r.key for r in rows}
    pairs = {(r.student_id, r.module_code) for r in rows}
    origin: dict[int, Key] = {}
    for key, mark in stored.items():
        if key in given or key[:2] not in pairs:
            continue
        values = stored_values(mark)
        writer.writerow((*key[:3], key[3], values["mark"], values["flag"], values["late_hours"]))
        line += 1
        origin[line] = key
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return origin


def _from_merged(
    problems: list[Problem], origin: dict[int, Key], rows: list[_Row]
) -> list[Problem]:
    """Problems of the merged file, each on an upload line: one found on a stored row goes
    to the upload's first line for that student and module, and says which stored mark."""
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        first.setdefault((row.key[0], row.key[1]), row.line)
    out: list[Problem] = []
    for p in problems:
        key = origin.get(p.line)
        if key is None:
            out.append(p)
            continue
        out.append(
            dataclasses.replace(
                p,
                line=first.get(key[:2], 1),
                message=f"{p.message} (with the stored mark of {describe_key(key)})",
            )
        )
    return out


def _changes(
    rows: list[_Row], stored: dict[Key, Stored], upload: Upload, file: str
) -> tuple[list[MarkChange], list[Problem]]:
    """What a commit would do with each row; refusals of locked and stale marks (conflicts)."""
    changes: list[MarkChange] = []
    problems: list[Problem] = []
    versions = upload.versions
    for row in rows:
        key = row.key
        after = row.values()
        mark = stored.get(key)
        expected = versions.get(row.line) if versions is not None else None
        if mark is None:
            if expected:
                problems.append(
                    problem(
                        file,
                        row.line,
                        "version",
                        f"the mark of {describe_key(key)} is no longer stored",
                        RELOAD,
                    )
                )
                continue
            changes.append(MarkChange(row.line, key, "add", None, after))
            continue
        before = stored_values(mark)
        if before == after:
            changes.append(MarkChange(row.line, key, "unchanged", before, after))
            continue
        if mark.locked_by_id is not None:
            problems.append(
                problem(
                    file,
                    row.line,
                    "mark",
                    f"the mark of {describe_key(key)} is locked by board run {mark.locked_by_id}",
                    "leave it as it is; a resit is a new attempt",
                )
            )
            continue
        if expected is not None and expected != mark.version:
            now = Mark.objects.select_related("updated_by").get(pk=mark.pk)
            problems.append(problem(file, row.line, "version", stale_message(key, now), RELOAD))
            continue
        changes.append(MarkChange(row.line, key, "change", before, after))
    return changes, problems


def stale_message(key: Key, mark: Mark) -> str:
    """`the mark of … was changed by leader2 at 14:03 from 61.00 to 64.00` (then: RELOAD)."""
    who = mark.updated_by.get_username() if mark.updated_by else "the system"
    at = timezone.localtime(mark.updated_at)
    when = f"{at:%H:%M}"
    if at.date() != timezone.localdate():
        when += f" on {at.day} {at:%b %Y}"
    now = stored_values(mark)
    last = _last_entry(key, mark.version)
    if last is not None and last.before:
        what = f"changed by {who} at {when} from {shown(last.before)} to {shown(now)}"
    elif last is not None:
        what = f"entered by {who} at {when} as {shown(now)}"
    else:
        what = f"changed by {who} at {when} to {shown(now)}"
    return f"the mark of {describe_key(key)} was {what}"


def _last_entry(key: Key, version: int) -> AuditEntry | None:
    """The ledger entry that made this version of the mark, if there is one."""
    student_id, module_code, component, attempt = key
    entries = AuditEntry.objects.filter(
        student_id=student_id, module_code=module_code, action__in=MARK_ACTIONS
    ).order_by("-id")
    for entry in entries[:200]:
        after = entry.after
        if (
            after.get("component") == component
            and after.get("attempt") == attempt
            and after.get("version") == version
        ):
            return entry
    return None

"""Importing students from CSV: validate every row, preview the changes, commit all or nothing.

Format (UTF-8, with or without BOM; LF or CRLF): a header row with
`student_id,given_name,family_name,email`, optional `status` (enrolled,
interrupted, withdrawn; default enrolled), `username` (the login to create or
link; default none) and `elective` (the code of an elective running this year,
registered as the administrator's decision with the reason "imported"; empty
leaves the student's elective as it is). A row for an existing student updates
their record; a different elective replaces theirs.

The preview checks everything the database would refuse at commit (lengths,
control characters, one login per student), so a file it accepts commits.
Every problem is a `Problem`, printed `FILE:LINE: severity: field: what. Fix: how.`
Student IDs and usernames are compared exactly, as both databases compare them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from registrar.assessment.domain import bulk
from registrar.audit import chain
from registrar.audit.domain import chained, record, user_of
from registrar.audit.models import AuditEntry
from registrar.people.domain.accounts import set_up_account
from registrar.people.models import Role, Student, StudentStatus
from registrar.programmes.models import Programme
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    check_no_marks,
    check_override,
    override_elective,
    register_required_modules_of,
)
from registrar.registrations.models import Category, Registration
from registrar.spec.problems import FILE_FIELD, FieldPath, Problem, one_line

REQUIRED = ("student_id", "given_name", "family_name", "email")
OPTIONAL = ("status", "username", "elective")
IMPORTED = "imported"  # the reason recorded with an elective set by an import
STUDENT_ID = re.compile(r"[A-Za-z0-9]{1,20}")
USERNAME = re.compile(r"[A-Za-z0-9_.@+-]{1,150}")
# What the columns hold (Student and the User model); the database refuses more.
LONGEST = {"given_name": 100, "family_name": 100, "email": 254}
# C0 and C1 controls (NUL among them: PostgreSQL refuses it) and lone surrogates.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
CSV_FIELD_LIMIT = csv.field_size_limit()
HEADER: FieldPath = ("(header)",)
ROW: FieldPath = ("(row)",)
ADDED = (
    "student_id",
    "given_name",
    "family_name",
    "email",
    "status",
    "programme_id",
    "user_id",
)
LEDGER = chain.HASHED  # a ledger entry's columns, as the bulk writer takes them


def _problem(file: str, line: int, where: str | FieldPath, what: str, fix: str) -> Problem:
    return Problem(Path(file), line, (where,) if isinstance(where, str) else where, what, fix)


def quoted(value: str, most: int = 60) -> str:
    """A value from the file as a message shows it: quoted, escaped onto one line, cut short."""
    return repr(value[:most]) + ("…" if len(value) > most else "")


@dataclass(frozen=True)
class RowChange:
    line: int
    student_id: str
    action: str  # "add", "update" or "unchanged"
    values: dict[str, str]
    changes: dict[str, tuple[str, str]] = field(default_factory=dict)  # field: (old, new)


@dataclass
class ImportPreview:
    file: str
    rows: list[RowChange] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    committed: bool = False
    sha256: str = ""  # of the file as given (its bytes, or its text as UTF-8)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def changed(self) -> int:
        """How many rows a commit writes (0: the file is already in the records)."""
        return len(self.rows) - self.count("unchanged")


class ImportRefusedError(Exception):
    """The file has errors; nothing was written. `preview.errors` lists them all."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        super().__init__("\n".join(str(e) for e in preview.errors))


def _text(data: str | bytes, file: str) -> tuple[str, Problem | None]:
    """The file's text without a BOM, or the problem that it is not UTF-8."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex()
        return "", _problem(
            file, line, FILE_FIELD, f"is not UTF-8 text (byte 0x{byte})", "save it as CSV UTF-8"
        )


def _digest(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _check_header(names: list[str], file: str) -> list[Problem]:
    if not names:
        return [
            _problem(
                file,
                1,
                FILE_FIELD,
                "the file is empty",
                "start it with the header row " + ",".join(REQUIRED),
            )
        ]
    problems = []
    missing = [h for h in REQUIRED if h not in names]
    if missing:
        problems.append(
            _problem(file, 1, HEADER, "the header lacks " + ", ".join(missing), "add those columns")
        )
    unknown = [quoted(h) for h in names if h and h not in REQUIRED + OPTIONAL]
    if unknown:
        problems.append(
            _problem(
                file,
                1,
                HEADER,
                "unknown columns " + ", ".join(unknown),
                "use only " + ", ".join(REQUIRED + OPTIONAL),
            )
        )
    for n, name in enumerate(names, start=1):
        if not name:
            problems.append(_problem(file, 1, HEADER, f"column {n} has no name", "name it"))
    twice = sorted({h for h in names if h and names.count(h) > 1})
    problems += [
        _problem(file, 1, HEADER, f"the column {h} is given twice", "keep one of them")
        for h in twice
    ]
    return problems


def _check_row(row: dict[str, str], line: int, file: str) -> list[Problem]:
    """What is wrong with the row's values on their own."""
    problems = []
    for name, value in row.items():
        bad = CONTROL.search(value)
        if bad:
            problems.append(
                _problem(
                    file,
                    line,
                    name,
                    f"{quoted(value)} contains a control character (U+{ord(bad.group()):04X})",
                    "remove it: a value is one line of printable text",
                )
            )
    if problems:
        return problems
    for name in REQUIRED:
        if not row.get(name):
            problems.append(
                _problem(file, line, name, "is empty", "fill it in: every student needs one")
            )
    sid = row.get("student_id", "")
    if sid and not STUDENT_ID.fullmatch(sid):
        problems.append(
            _problem(
                file,
                line,
                "student_id",
                f"{quoted(sid)} is not a student ID",
                "use letters and digits only, at most 20",
            )
        )
    for name, most in LONGEST.items():
        if len(row.get(name, "")) > most:
            problems.append(
                _problem(
                    file,
                    line,
                    name,
                    f"is {len(row[name])} characters long, more than the {most} it may have",
                    f"shorten it to at most {most} characters",
                )
            )
    email = row.get("email", "")
    if email and len(email) <= LONGEST["email"]:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _problem(
                    file,
                    line,
                    "email",
                    f"{quoted(email)} is not an email address",
                    "give an address such as name@example.ac.uk",
                )
            )
    status = row.get("status", "")
    if status and status not in StudentStatus.values:
        problems.append(
            _problem(
                file,
                line,
                "status",
                f"{quoted(status)} is not a status",
                "use " + ", ".join(StudentStatus.values) + ", or leave it empty (enrolled)",
            )
        )
    username = row.get("username", "")
    if username and not USERNAME.fullmatch(username):
        problems.append(
            _problem(
                file,
                line,
                "username",
                f"{quoted(username)} is not a username",
                "use at most 150 letters, digits and the characters _ . @ + -",
            )
        )
    return problems


def _check_elective(
    programme: Programme, row: dict[str, str], line: int, file: str
) -> list[Problem]:
    """The row's elective must be an elective running this year, for an enrolled student."""
    code = row.get("elective", "")
    if not code:
        return []
    try:
        check_override(programme=programme, module_code=code, reason=IMPORTED)
    except ChoiceRefusedError as refusal:
        return [
            _problem(
                file,
                line,
                "elective",
                str(refusal),
                "give the code of an elective running this year, or leave it empty",
            )
        ]
    status = row.get("status") or StudentStatus.ENROLLED
    if status != StudentStatus.ENROLLED:
        return [
            _problem(
                file,
                line,
                "elective",
                f"the student is {status}: an elective is registered only for an enrolled student",
                "leave it empty",
            )
        ]
    return []


@dataclass(frozen=True)
class _Login:
    """An existing account a file names: its role, and the student whose login it is."""

    role: str | None
    student_id: str | None


def _logins(names: Iterable[str]) -> dict[str, _Login]:
    """The existing accounts among `names`, looked up exactly (a few hundred at a time)."""
    wanted = sorted(set(names))
    found: dict[str, _Login] = {}
    users = get_user_model().objects
    for start in range(0, len(wanted), 500):
        for username, role, student_id in users.filter(
            username__in=wanted[start : start + 500]
        ).values_list("username", "account__role", "student__student_id"):
            found[username] = _Login(role, student_id)
    return found


def _check_login(
    sid: str, username: str, login: _Login | None, line: int, file: str
) -> list[Problem]:
    """A username may name a new account, the student's own, or a student account no one has.

    Anything else would hand someone else's login (a member of staff's, another
    student's) to this student.
    """
    if login is None or login.student_id == sid:
        return []
    if login.student_id is not None:
        whose = f"student {login.student_id}"
    elif login.role == Role.STUDENT:
        return []  # a student login made ready for them, not yet linked
    elif login.role is None:
        whose = "an account that is not a student's"
    else:
        whose = f"an account with the role {Role(login.role).label}"
    return [
        _problem(
            file,
            line,
            "username",
            f"{quoted(username)} is already the login of {whose}",
            "give the student a login of their own, or leave it empty",
        )
    ]


def _rows(text: str, file: str, preview: ImportPreview) -> Iterable[tuple[int, dict[str, str]]]:
    """The file's rows (stripped values, by column) with the line each starts on; reading
    problems go to `preview.errors`, and a row the CSV reader cannot read ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as error:
        preview.errors.append(_unreadable(error, 1, file))
        return
    preview.errors += _check_header(header, file)
    if preview.errors:
        return
    ended = reader.line_num
    while True:
        line = ended + 1
        try:
            cells = next(reader, None)
        except csv.Error as error:
            preview.errors.append(_unreadable(error, line, file))
            return
        if cells is None:
            return
        ended = reader.line_num
        if len(cells) > len(header):
            preview.errors.append(
                _problem(
                    file,
                    line,
                    ROW,
                    "has more values than the header",
                    "remove the extra values, or quote a value that contains a comma",
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=False)}
        if any(values.values()):
            yield line, {name: values.get(name, "") for name in header}


def _unreadable(error: csv.Error, line: int, file: str) -> Problem:
    reason = one_line(str(error))
    fix = (
        f"no value may be longer than {CSV_FIELD_LIMIT:,} characters: look for a quote that "
        "is never closed"
        if "field limit" in reason
        else "save it again as CSV UTF-8"
    )
    return _problem(file, line, FILE_FIELD, f"cannot be read as CSV ({reason})", fix)


def preview_import(*, programme: Programme, text: str | bytes, file: str) -> ImportPreview:
    """Read and check the CSV (its text, or its bytes as uploaded); say what a commit would
    change. Writes nothing."""
    preview = ImportPreview(file=file, sha256=_digest(text))
    decoded, unreadable = _text(text, file)
    if unreadable is not None:
        preview.errors.append(unreadable)
        return preview
    rows = list(_rows(decoded, file, preview))
    if preview.errors and not rows:
        return preview
    _check_rows(programme, rows, preview)
    return preview


def _check_rows(
    programme: Programme, rows: list[tuple[int, dict[str, str]]], preview: ImportPreview
) -> None:
    """Check each row (line, values by column) against the records; what a commit would do
    goes to `preview.rows`, every problem to `preview.errors`."""
    file = preview.file
    existing = {s.student_id: s for s in Student.objects.select_related("user", "programme")}
    electives: dict[str, list[str]] = {}
    for sid, code in Registration.objects.filter(
        student__programme=programme, category=Category.ELECTIVE
    ).values_list("student__student_id", "module_code"):
        electives.setdefault(sid, []).append(code)
    logins = _logins(v["username"] for _, v in rows if v.get("username"))
    seen: dict[str, int] = {}
    seen_login: dict[str, int] = {}
    for line, values in rows:
        if values.get("elective"):
            values["elective"] = values["elective"].upper()
        errors = _check_row(values, line, file)
        if any(CONTROL.search(v) for v in values.values()):
            preview.errors.extend(errors)  # nothing else is said about such a row
            continue
        errors += _check_elective(programme, values, line, file)
        sid = values["student_id"]
        if sid in seen:
            errors.append(
                _problem(
                    file,
                    line,
                    "student_id",
                    f"{sid} is already on line {seen[sid]}",
                    "keep one row per student",
                )
            )
        seen.setdefault(sid, line)
        username = values.get("username", "")
        if username:
            if username in seen_login:
                errors.append(
                    _problem(
                        file,
                        line,
                        "username",
                        f"{quoted(username)} is already on line {seen_login[username]}",
                        "give each student a login of their own",
                    )
                )
            seen_login.setdefault(username, line)
            errors += _check_login(sid, username, logins.get(username), line, file)
        student = existing.get(sid)
        if student is not None and student.programme_id != programme.pk:
            errors.append(
                _problem(
                    file,
                    line,
                    "student_id",
                    f"{sid} is already a student of {student.programme}",
                    f"remove the row, or import it into {student.programme}",
                )
            )
        if errors:
            preview.errors.extend(errors)
            continue
        values["status"] = values.get("status") or StudentStatus.ENROLLED.value
        change = _change(line, sid, values, student, electives.get(sid, []), file)
        if isinstance(change, Problem):
            preview.errors.append(change)
        else:
            preview.rows.append(change)
    preview.errors.sort(key=lambda p: p.line)


def _change(
    line: int,
    sid: str,
    values: dict[str, str],
    student: Student | None,
    electives: list[str],
    file: str,
) -> RowChange | Problem:
    """What a commit does with a good row: add, update (old → new) or leave it unchanged."""
    elective = values.get("elective", "")
    if student is None:
        added = {"elective": ("", elective)} if elective else {}
        return RowChange(line, sid, "add", values, added)
    old = {
        "given_name": student.given_name,
        "family_name": student.family_name,
        "email": student.email,
        "status": student.status,
    }
    if values.get("username"):
        old["username"] = student.user.get_username() if student.user else ""
    changes = {k: (old[k], values[k]) for k in old if old[k] != values.get(k, old[k])}
    if elective:
        current = ", ".join(sorted(electives))
        if current != elective:
            changes["elective"] = (current, elective)
            try:
                check_no_marks(student, electives)
            except ChoiceRefusedError as refusal:
                return _problem(
                    file, line, "elective", str(refusal), "leave it empty to keep their elective"
                )
    return RowChange(line, sid, "update" if changes else "unchanged", values, changes)


def _student_record(values: dict[str, str], programme: Programme, username: str) -> dict[str, str]:
    """A student's record as the ledger keeps it (before and after an import)."""
    return {
        "given_name": values["given_name"],
        "family_name": values["family_name"],
        "email": values["email"],
        "status": values["status"],
        "programme": f"{programme.code} {programme.cohort}",
        "username": username,
    }


def _record_of(student: Student) -> dict[str, str]:
    return _student_record(
        {
            "given_name": student.given_name,
            "family_name": student.family_name,
            "email": student.email,
            "status": student.status,
        },
        student.programme,
        student.user.get_username() if student.user else "",
    )


@transaction.atomic
def import_students(
    *, programme: Programme, text: str | bytes, file: str, actor: Any
) -> ImportPreview:
    """Commit the CSV (text or bytes): all rows or, if any row is wrong, none
    (ImportRefusedError).

    Side effects, per row that adds or changes something: the Student row created
    or updated, with one audit entry `student.added` or `student.updated` (before
    and after: the record; filed under the student); for a row with a username, a
    student account created or linked (see set_up_account); for new enrolled
    students, the running core and compulsory modules (register_required_modules_of);
    for a row whose elective differs from the student's, the elective set as the
    administrator's decision with the reason "imported" (see override_elective,
    which replaces any earlier elective and writes its own entry). Then one audit
    entry `students.imported` with the counts and the file's SHA-256. A file whose
    rows are all unchanged (e.g. committed twice) writes nothing at all.
    """
    preview = preview_import(programme=programme, text=text, file=file)
    if not preview.ok:
        raise ImportRefusedError(preview)
    preview.committed = True
    if not preview.changed:
        return preview
    _commit(programme, preview, actor)
    record(
        actor=actor,
        action="students.imported",
        subject=f"{programme.code} {programme.cohort}",
        data={
            "file": file,
            "sha256": preview.sha256,
            "added": preview.count("add"),
            "updated": preview.count("update"),
        },
    )
    return preview


@transaction.atomic
def add_student(
    *, programme: Programme, values: dict[str, str], source: str, actor: Any
) -> Student:
    """One student added as one row of an import is: the same checks (ImportRefusedError),
    the same writes (`student.added`, a login created or linked, core and compulsory modules
    registered). `values` are a row's columns; `source` says where they come from (e.g.
    "application A00012") and stands for the file in the ledger. Admissions enrols through it."""
    row = {name: values.get(name, "") for name in (*REQUIRED, *OPTIONAL)}
    preview = ImportPreview(file=source, sha256=_digest(repr(sorted(row.items()))))
    _check_rows(programme, [(1, row)], preview)
    if preview.ok and preview.rows[0].action != "add":
        preview.errors.append(
            _problem(
                source,
                1,
                "student_id",
                f"{row['student_id']} is already a student",
                "give a student ID no student has",
            )
        )
    if not preview.ok:
        raise ImportRefusedError(preview)
    preview.committed = True
    return _commit(programme, preview, actor)[row["student_id"]]


def _commit(programme: Programme, preview: ImportPreview, actor: Any) -> dict[str, Student]:
    """Write a checked preview's rows: add, update, set electives. The students, by ID."""
    file = preview.file
    try:
        with transaction.atomic():
            students = _add_students(programme, preview, actor)
    except IntegrityError as error:
        # another import added one of these students since the preview read them
        preview.committed = False
        preview.errors.append(
            _problem(
                file,
                1,
                FILE_FIELD,
                "another import added some of these students at the same moment; nothing "
                "was imported",
                "preview the file again",
            )
        )
        raise ImportRefusedError(preview) from error
    for row in preview.rows:
        if row.action != "update":
            continue
        student = Student.objects.select_related("user", "programme").get(student_id=row.student_id)
        if any(k != "elective" for k in row.changes):
            student = _update_student(programme, row, student, actor, file)
        students[row.student_id] = student
    for row in preview.rows:
        if "elective" in row.changes:
            override_elective(
                student=students[row.student_id],
                module_code=row.values["elective"],
                actor=actor,
                reason=IMPORTED,
            )
    return students


def _add_students(programme: Programme, preview: ImportPreview, actor: Any) -> dict[str, Student]:
    """Write the new students in bulk (a cohort may be tens of thousands), each with its ledger
    entry, and register the enrolled ones on their required modules."""
    adds = [r for r in preview.rows if r.action == "add"]
    if not adds:
        return {}
    users = {
        r.line: set_up_account(
            username=r.values["username"], role=Role.STUDENT, actor=actor, email=r.values["email"]
        )
        for r in adds
        if r.values.get("username")
    }
    bulk.insert(
        Student,
        ADDED,
        [
            (
                r.student_id,
                r.values["given_name"],
                r.values["family_name"],
                r.values["email"],
                r.values["status"],
                programme.pk,
                users[r.line].pk if r.line in users else None,
            )
            for r in adds
        ],
    )
    ids = {r.student_id for r in adds}
    students = {
        s.student_id: s
        for s in Student.objects.filter(programme=programme).select_related("programme", "user")
        if s.student_id in ids
    }
    now = timezone.now()
    user = user_of(actor)
    entries: list[tuple[Any, ...]] = [
        (
            now,
            user.pk if user is not None else None,
            "student.added",
            r.student_id,
            "",
            {"file": preview.file, "line": r.line},
            {},
            _student_record(
                r.values, programme, users[r.line].get_username() if r.line in users else ""
            ),
            r.student_id,
            "",
        )
        for r in adds
    ]
    bulk.insert(AuditEntry, *chained(LEDGER, entries))
    register_required_modules_of(
        students=[s for s in students.values() if s.status == StudentStatus.ENROLLED],
        actor=actor,
    )
    return students


def _update_student(
    programme: Programme, row: RowChange, student: Student, actor: Any, file: str
) -> Student:
    """Update the row's student and write its ledger entry (inside the import)."""
    values = row.values
    before = _record_of(student)
    if values.get("username"):
        student.user = set_up_account(
            username=values["username"], role=Role.STUDENT, actor=actor, email=values["email"]
        )
    for name in ("given_name", "family_name", "email", "status"):
        setattr(student, name, values[name])
    student.programme = programme
    student.save()
    record(
        actor=actor,
        action="student.updated",
        subject=student.student_id,
        before=before,
        after=_record_of(student),
        data={"file": file, "line": row.line},
        student_id=student.student_id,
    )
    return student

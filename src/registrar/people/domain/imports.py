"""Importing students from CSV: validate every row, preview the changes, commit all or nothing.

Format (UTF-8, with or without BOM; LF or CRLF): a header row with
`student_id,given_name,family_name,email`, optional `status` (enrolled,
interrupted, withdrawn; default enrolled), `username` (the login to link;
default none) and `elective` (the code of an elective running this year,
registered as the administrator's decision with the reason "imported"; empty
leaves the student's elective as it is). A row for an existing student updates
their record; a different elective replaces theirs.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from registrar.audit.domain import record
from registrar.people.domain.accounts import set_up_account
from registrar.people.models import Role, Student, StudentStatus
from registrar.programmes.models import Programme
from registrar.registrations.domain.choice import (
    ChoiceRefusedError,
    check_no_marks,
    check_override,
    override_elective,
    register_required_modules,
)

REQUIRED = ("student_id", "given_name", "family_name", "email")
OPTIONAL = ("status", "username", "elective")
IMPORTED = "imported"  # the reason recorded with an elective set by an import
STUDENT_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{1,150}$")


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


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
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


class ImportRefusedError(Exception):
    """The file has errors; nothing was written. `preview.errors` lists them all."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        super().__init__("; ".join(str(e) for e in preview.errors))


def _check_row(row: dict[str, str], line: int, file: str) -> list[RowError]:
    errors = []
    for name in REQUIRED:
        if not row.get(name, "").strip():
            errors.append(RowError(file, line, name, "is empty; every student needs one"))
    sid = row.get("student_id", "").strip()
    if sid and not STUDENT_ID.match(sid):
        errors.append(
            RowError(
                file,
                line,
                "student_id",
                f"{sid!r} is not a student ID (letters and digits only, at most 20)",
            )
        )
    email = row.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(file, line, "email", f"{email!r} is not an email address"))
    status = row.get("status", "").strip()
    if status and status not in StudentStatus.values:
        errors.append(
            RowError(
                file, line, "status", f"{status!r} is not one of " + ", ".join(StudentStatus.values)
            )
        )
    username = row.get("username", "").strip()
    if username and not USERNAME.match(username):
        errors.append(RowError(file, line, "username", f"{username!r} is not a valid username"))
    return errors


def _check_elective(
    programme: Programme, row: dict[str, str], line: int, file: str
) -> list[RowError]:
    """The row's elective must be an elective running this year, for an enrolled student."""
    code = row.get("elective", "")
    if not code:
        return []
    try:
        check_override(programme=programme, module_code=code, reason=IMPORTED)
    except ChoiceRefusedError as refusal:
        return [RowError(file, line, "elective", str(refusal))]
    status = row.get("status") or StudentStatus.ENROLLED
    if status != StudentStatus.ENROLLED:
        return [
            RowError(
                file,
                line,
                "elective",
                f"the student is {status}: an elective is registered only for an enrolled "
                "student; leave it empty",
            )
        ]
    return []


def preview_import(*, programme: Programme, text: str, file: str) -> ImportPreview:
    """Read and check the CSV `text`; say what a commit would change. Writes nothing."""
    preview = ImportPreview(file=file)
    text = text.removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED if h not in header]
    unknown = [h for h in header if h not in REQUIRED + OPTIONAL]
    if not header:
        preview.errors.append(
            RowError(file, 1, "", "the file is empty; it needs a header row: " + ",".join(REQUIRED))
        )
        return preview
    if missing:
        preview.errors.append(
            RowError(file, 1, "", "the header lacks " + ", ".join(missing) + "; add those columns")
        )
    if unknown:
        preview.errors.append(
            RowError(
                file,
                1,
                "",
                "unknown columns "
                + ", ".join(unknown)
                + "; allowed: "
                + ", ".join(REQUIRED + OPTIONAL),
            )
        )
    if preview.errors:
        return preview
    reader.fieldnames = header
    existing = {
        s.student_id: s
        for s in Student.objects.select_related("user", "programme").prefetch_related(
            "registrations"
        )
    }
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            preview.errors.append(RowError(file, line, "", "has more values than the header"))
            continue
        values = {k: (v or "").strip() for k, v in row.items()}
        if not any(values.values()):
            continue
        if values.get("elective"):
            values["elective"] = values["elective"].upper()
        errors = _check_row(values, line, file) + _check_elective(programme, values, line, file)
        sid = values["student_id"]
        if sid in seen:
            errors.append(
                RowError(file, line, "student_id", f"{sid} is already on line {seen[sid]}")
            )
        seen.setdefault(sid, line)
        student = existing.get(sid)
        if student is not None and student.programme_id != programme.pk:
            errors.append(
                RowError(
                    file, line, "student_id", f"{sid} is already a student of {student.programme}"
                )
            )
        if errors:
            preview.errors.extend(errors)
            continue
        values["status"] = values.get("status") or StudentStatus.ENROLLED
        elective = values.get("elective", "")
        if student is None:
            added = {"elective": ("", elective)} if elective else {}
            preview.rows.append(RowChange(line, sid, "add", values, added))
            continue
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
            current = ", ".join(
                r.module_code for r in student.registrations.all() if r.category == "elective"
            )
            if current != elective:
                changes["elective"] = (current, elective)
                try:
                    check_no_marks(student, [c for c in current.split(", ") if c])
                except ChoiceRefusedError as refusal:
                    preview.errors.append(RowError(file, line, "elective", str(refusal)))
                    continue
        preview.rows.append(
            RowChange(line, sid, "update" if changes else "unchanged", values, changes)
        )
    return preview


def _student_record(student: Student) -> dict[str, str]:
    """A student's record as the ledger keeps it (before and after an import)."""
    return {
        "given_name": student.given_name,
        "family_name": student.family_name,
        "email": student.email,
        "status": student.status,
        "programme": f"{student.programme.code} {student.programme.cohort}",
        "username": student.user.get_username() if student.user else "",
    }


@transaction.atomic
def import_students(*, programme: Programme, text: str, file: str, actor: Any) -> ImportPreview:
    """Commit the CSV `text`: all rows or, if any row is wrong, none (ImportRefusedError).

    Side effects, per row that adds or changes something: the Student row created
    or updated, with one audit entry `student.added` or `student.updated` (before
    and after: the record; filed under the student); for a row with a username, a
    student account created or linked (see set_up_account); for a new enrolled
    student, the running core and compulsory modules (see register_required_modules);
    for a row whose elective differs from the student's, the elective set as the
    administrator's decision with the reason "imported" (see override_elective,
    which replaces any earlier elective and writes its own entry). Then one audit
    entry `students.imported` with the counts.
    """
    preview = preview_import(programme=programme, text=text, file=file)
    if not preview.ok:
        raise ImportRefusedError(preview)
    for row in preview.rows:
        if row.action == "unchanged":
            continue
        values = row.values
        student = (
            Student.objects.select_related("user", "programme")
            .filter(student_id=row.student_id)
            .first()
        )
        if row.action == "add" or any(k != "elective" for k in row.changes):
            student = _save_student(programme, row, student, actor, file)
        if row.action == "add" and student.status == StudentStatus.ENROLLED:
            register_required_modules(student=student, actor=actor)
        if "elective" in row.changes:
            override_elective(
                student=student, module_code=values["elective"], actor=actor, reason=IMPORTED
            )
    preview.committed = True
    record(
        actor=actor,
        action="students.imported",
        subject=f"{programme.code} {programme.cohort}",
        data={"file": file, "added": preview.count("add"), "updated": preview.count("update")},
    )
    return preview


def _save_student(
    programme: Programme, row: RowChange, student: Student | None, actor: Any, file: str
) -> Student:
    """Create or update the row's student and write its ledger entry (inside the import)."""
    values = row.values
    before = _student_record(student) if student is not None else {}
    user = None
    if values.get("username"):
        user = set_up_account(
            username=values["username"], role=Role.STUDENT, actor=actor, email=values["email"]
        )
    saved, _ = Student.objects.update_or_create(
        student_id=row.student_id,
        defaults={
            "given_name": values["given_name"],
            "family_name": values["family_name"],
            "email": values["email"],
            "status": values["status"],
            "programme": programme,
            **({"user": user} if user is not None else {}),
        },
    )
    record(
        actor=actor,
        action="student.added" if student is None else "student.updated",
        subject=saved.student_id,
        before=before,
        after=_student_record(saved),
        data={"file": file, "line": row.line},
        student_id=saved.student_id,
    )
    return saved

"""What the API returns and accepts."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class Message(Schema):
    detail: str


class Me(Schema):
    username: str
    role: str | None
    student_id: str | None


class VersionSummary(Schema):
    number: int
    published_at: datetime
    source: str
    note: str


class ProgrammeOut(Schema):
    id: int
    code: str
    cohort: str
    title: str
    institution: str
    choice_window_open: bool
    versions: list[VersionSummary]


class VersionOut(VersionSummary):
    programme_id: int
    specification: dict[str, Any]


class ChangeOut(Schema):
    path: str
    kind: str
    old: Any = None
    new: Any = None


class WindowIn(Schema):
    open: bool


class WindowOut(Schema):
    programme_id: int
    open: bool


class RegistrationOut(Schema):
    module_code: str
    module_title: str
    category: str
    how: str
    reason: str
    registered_at: datetime


class StudentOut(Schema):
    student_id: str
    given_name: str
    family_name: str
    email: str
    status: str
    programme_id: int


class StudentRecordOut(StudentOut):
    registrations: list[RegistrationOut]


class ElectiveIn(Schema):
    module_code: str


class OverrideIn(Schema):
    module_code: str
    reason: str


class WorkloadRowOut(Schema):
    module_code: str
    title: str
    category: str
    ects: int
    term: str
    terms_spanned: int
    contact_hours: Decimal
    independent_hours: Decimal


class TermOut(Schema):
    term: str
    contact_hours: Decimal
    independent_hours: Decimal
    modules: list[WorkloadRowOut]


class ImportIn(Schema):
    programme_id: int
    filename: str = "students.csv"
    csv: str
    commit: bool = False


class ProblemOut(Schema):
    """One problem with an input file (`Problem.as_dict`): its house form is
    `FILE:LINE: severity: field: message. Fix: fix.`"""

    file: str
    line: int
    field: str
    severity: str
    message: str
    fix: str


class RowChangeOut(Schema):
    line: int
    student_id: str
    action: str
    changes: dict[str, list[str]]


class ImportOut(Schema):
    committed: bool
    added: int
    updated: int
    unchanged: int
    rows: list[RowChangeOut]


class ImportRefusedOut(Schema):
    detail: str
    errors: list[ProblemOut]

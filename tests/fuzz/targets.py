"""Every file input of the program, as a target: a good seed file, its mutations, and a run.

Files read without a database: the specification (`registrar spec validate`), the
regulations, marks and registrations (`registrar classify`). On the database (a world
from tests/fuzz/world.py): the marks import (CSV and XLSX) and the student import
previews on the command line, and every upload the application takes: the marks
upload page (CSV and XLSX), the student import page and the API's marks import.
Commands run in this process with typer's CliRunner; pages through Django's test client.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from registrar.cli import app
from tests.conftest import MRES, ROOT
from tests.fuzz.mutations import (
    BYTES,
    CsvShape,
    Mutation,
    byte_flip,
    csv_mutations,
    truncate,
    yaml_mutations,
)
from tests.fuzz.oracle import Outcome

EXAMPLES = ROOT / "docs" / "examples"
REGULATIONS = ROOT / "regulations" / "imperial" / "taught.yaml"
PROGRAMME = "G5ZB/2025-26"

MARKS = CsvShape(
    required=("student_id", "module_code", "mark"),
    numbers=("mark", "attempt", "late_hours"),
    marks=("mark",),
    flag="flag",
)
REGISTRATIONS = CsvShape(required=("student_id", "module_code"))
STUDENTS = CsvShape(
    required=("student_id", "given_name", "family_name", "email"), unique="username"
)

_runner = CliRunner()


@dataclass(frozen=True)
class Target:
    name: str
    seed: bytes
    mutations: tuple[Mutation, ...]
    run: Callable[[bytes, Path], Outcome]
    needs_db: bool = False


def _invoke(args: list[str]) -> Any:
    result = _runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # the traceback a person would have seen
    return result


def _cli(result: Any) -> Outcome:
    return Outcome(result.exit_code == 0, result.stdout, result.stderr, result.exit_code)


# --- files without a database --------------------------------------------------------------


def _written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def run_spec(data: bytes, folder: Path) -> Outcome:
    path = _written(folder, "spec.yaml", data)
    result = _invoke(["spec", "validate", str(path)])
    return Outcome(result.exit_code == 0, result.stdout, result.stderr, result.exit_code)


def _classify(marks: Path, registrations: Path, regulations: Path) -> Outcome:
    args = ["classify", "--programme", str(MRES), str(marks), "--registrations"]
    args += [str(registrations), "--regulations", str(regulations), "--format", "csv"]
    return _cli(_invoke(args))


def run_regulations(data: bytes, folder: Path) -> Outcome:
    regulations = _written(folder, "taught.yaml", data)
    return _classify(EXAMPLES / "marks.csv", EXAMPLES / "registrations.csv", regulations)


def run_marks(data: bytes, folder: Path) -> Outcome:
    marks = _written(folder, "marks.csv", data)
    return _classify(marks, EXAMPLES / "registrations.csv", REGULATIONS)


def run_registrations(data: bytes, folder: Path) -> Outcome:
    registrations = _written(folder, "registrations.csv", data)
    return _classify(EXAMPLES / "marks.csv", registrations, REGULATIONS)


FILE_TARGETS: tuple[Target, ...] = (
    Target(
        "specification",
        MRES.read_bytes(),
        BYTES + yaml_mutations(numbers_bounded=True),
        run_spec,
    ),
    Target(
        "regulations",
        REGULATIONS.read_bytes(),
        BYTES + yaml_mutations(numbers_bounded=True),
        run_regulations,
    ),
    Target(
        "marks_csv", (EXAMPLES / "marks.csv").read_bytes(), BYTES + csv_mutations(MARKS), run_marks
    ),
    Target(
        "registrations_csv",
        (EXAMPLES / "registrations.csv").read_bytes(),
        BYTES + csv_mutations(REGISTRATIONS),
        run_registrations,
    ),
)


# --- on the database --------------------------------------------------------------------------

AMARA, BEN, CARA = "02500001", "02500002", "02500003"  # tests/assessment/world.py's cohort
MARKS_SEED = (
    "student_id,module_code,component,attempt,mark,flag,late_hours\n"
    f"{AMARA},COMP70076,,1,70.50,,\n"
    f"{BEN},COMP70076,,1,64,,\n"
    f"{CARA},COMP70076,,1,55.25,,3\n"
).encode()
STUDENTS_SEED = (
    b"student_id,given_name,family_name,email,status,username\n"
    b"02500101,Dara,Doyle,dara@example.ac.uk,,dara\n"
    b"02500102,Eli,Evans,eli@example.ac.uk,interrupted,\n"
    b"02500103,Fen,Fox,fen@example.ac.uk,,fen\n"
)
UPLOAD_MODULE = "COMP70076"


def _csv_rows(text: str) -> list[list[str]]:
    """The rows of any CSV text, however long its fields (the limit is restored after)."""
    limit = csv.field_size_limit(2**31 - 1)
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    finally:
        csv.field_size_limit(limit)


NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def xlsx_of(data: bytes) -> bytes:
    """The CSV as the first sheet of a workbook: numbers as numbers, the rest as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    text = data.decode("utf-8", errors="replace")
    for row in _csv_rows(text):
        cells: list[Any] = []
        for cell in row:
            cell = ILLEGAL_CHARACTERS_RE.sub("?", cell)[:32_767]  # a cell's own limits
            if not NUMBER.fullmatch(cell) or not abs(float(cell)) < 1e300:
                cells.append(cell)  # text, student IDs with their leading zeros among it
                continue
            number = float(cell)
            cells.append(int(number) if number.is_integer() else number)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_xlsx(mutation: Mutation) -> Mutation:
    """A CSV mutation, its result saved as a workbook."""
    return Mutation(
        mutation.kind,
        lambda data, rnd: xlsx_of(mutation.apply(data, rnd)),
        mutation.must_refuse,
        mutation.same_as_seed,
    )


def _xlsx_mutations(csv_kinds: tuple[Mutation, ...]) -> tuple[Mutation, ...]:
    seed_bytes = (
        Mutation("xlsx_byte_flip", lambda d, r: byte_flip(xlsx_of(d), r)),
        Mutation("xlsx_truncate", lambda d, r: truncate(xlsx_of(d), r)),
        Mutation("xlsx_not_a_workbook", lambda d, r: b"PK\x03\x04" + d, must_refuse=True),
    )
    # trailing empty header cells are no columns in a sheet: the same sheet as the seed
    return seed_bytes + tuple(
        as_xlsx(m) if m.kind != "blank_columns" else as_xlsx(replace(m, must_refuse=False))
        for m in csv_kinds
    )


def _cli_marks(name: str) -> Callable[[bytes, Path], Outcome]:
    def run(data: bytes, folder: Path) -> Outcome:
        path = _written(folder, name, data)
        return _cli(_invoke(["marks", "import", str(path), "--programme", PROGRAMME]))

    return run


def run_cli_students(data: bytes, folder: Path) -> Outcome:
    path = _written(folder, "students.csv", data)
    return _cli(_invoke(["import-students", str(path), "--programme", PROGRAMME]))


def _client() -> Any:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="registry"))
    return client


def _programme_pk() -> int:
    from registrar.programmes.models import Programme

    return int(Programme.objects.get(code="G5ZB", cohort="2025-26").pk)


PROBLEM = re.compile(r'<td data-label="What is wrong">([^<]*)</td>|<li>([^<]*)</li>')
BUTTON = re.compile(r'<button type="submit" name="commit" value="1" class="button">([^<]+)<')


def _page(response: Any) -> Outcome:
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}")
    body = response.content.decode()
    button = BUTTON.search(body)
    said = button.group(1) if button else f"HTTP {response.status_code}"
    return Outcome(button is not None, said, "", response.status_code)


def _web_marks(name: str) -> Callable[[bytes, Path], Outcome]:
    def run(data: bytes, folder: Path) -> Outcome:
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = f"/marks/{_programme_pk()}/{UPLOAD_MODULE}/upload/"
        upload = SimpleUploadedFile(name, data)
        return _page(_client().post(url, {"file": upload}))

    return run


def run_web_students(data: bytes, folder: Path) -> Outcome:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("cohort.csv", data, content_type="text/csv")
    return _page(
        _client().post("/students/import/", {"programme": _programme_pk(), "file": upload})
    )


def _api_marks(kind: str) -> Callable[[bytes, Path], Outcome]:
    def run(data: bytes, folder: Path) -> Outcome:
        body: dict[str, Any] = {"commit": False}
        if kind == "csv":
            body |= {"filename": "marks.csv", "csv": data.decode("utf-8", errors="replace")}
        else:
            body |= {"filename": "marks.xlsx", "xlsx_base64": base64.b64encode(data).decode()}
        response = _client().post(
            f"/api/programmes/{_programme_pk()}/marks/import",
            json.dumps(body),
            content_type="application/json",
        )
        if response.status_code >= 500:
            raise AssertionError(f"HTTP {response.status_code}")
        answer = response.json()
        said = json.dumps(answer.get("rows", answer.get("errors")), sort_keys=True)
        return Outcome(response.status_code == 200, said, "", response.status_code)

    return run


_MARKS_CSV = BYTES + csv_mutations(MARKS)
_STUDENTS_CSV = BYTES + csv_mutations(STUDENTS)
_MARKS_XLSX = _xlsx_mutations(csv_mutations(MARKS))

# The suite's (each command on the database migrates first, a second a case on this machine:
# the marks import's reading is the pages' and the API's, fuzzed below, and bench/fuzz.py
# runs the two marks commands too).
DB_TARGETS: tuple[Target, ...] = (
    Target("cli_students_csv", STUDENTS_SEED, _STUDENTS_CSV, run_cli_students, True),
    Target("page_marks_csv", MARKS_SEED, _MARKS_CSV, _web_marks("marks.csv"), True),
    Target("page_marks_xlsx", MARKS_SEED, _MARKS_XLSX, _web_marks("marks.xlsx"), True),
    Target("page_students_csv", STUDENTS_SEED, _STUDENTS_CSV, run_web_students, True),
    Target("api_marks_csv", MARKS_SEED, _MARKS_CSV, _api_marks("csv"), True),
    Target("api_marks_xlsx", MARKS_SEED, _MARKS_XLSX, _api_marks("xlsx"), True),
)


CLI_MARKS_TARGETS: tuple[Target, ...] = (
    Target("cli_marks_csv", MARKS_SEED, _MARKS_CSV, _cli_marks("marks.csv"), True),
    Target("cli_marks_xlsx", MARKS_SEED, _MARKS_XLSX, _cli_marks("marks.xlsx"), True),
)


def seed_of(target: Target) -> bytes:
    """The seed as the target reads it (a workbook for the XLSX targets)."""
    return xlsx_of(target.seed) if target.name.endswith("xlsx") else target.seed

"""The fault tests' inputs and the clean history they are measured against.

The history is the four steps run cleanly, one after another, on a database of its own per
backend (built once a session): publish the MRes, import the students, import the marks, run
the board. After each step it keeps the records, and a copy of the database for a fault test
to start from. A test clones the copy before a step, kills the step, and then expects
exactly the records before it; retries the step, and expects exactly the records after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import MRES
from tests.faults.world import Database, Records, new_database

# Large enough that each write takes a second or more on this machine (so a kill lands
# inside it), small enough that a test takes seconds.
STUDENTS = 12_000
MARKED = 4_000  # the first students, with a mark for each core and compulsory component
MARKS_HEADER = "student_id,module_code,component,attempt,mark,flag,late_hours\n"


@dataclass(frozen=True)
class Inputs:
    students: Path
    marks: Path

    def steps(self) -> list[tuple[str, tuple[str, ...]]]:
        """(stage reached, the command that reaches it), in order."""
        return [
            ("published", ("publish", str(MRES))),
            ("students", ("import-students", str(self.students), "--commit")),
            ("marks", ("marks", "import", str(self.marks), "--commit")),
            ("board", ("board", "run")),
        ]


def student_id(n: int) -> str:
    return f"{40_000_000 + n:08d}"


def marked_parts() -> list[tuple[str, str]]:
    """(module, component) of every mark a student of the MRes has in its required modules."""
    from registrar.spec.loading import load_specification

    spec = load_specification(MRES)
    required = [m for m in spec.modules if m.category.value in ("core", "compulsory")]
    return [(m.code, c.name) for m in required for c in m.components] + [
        (m.code, "") for m in required if not m.components
    ]


@pytest.fixture(scope="session")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    folder = tmp_path_factory.mktemp("fault-inputs")
    students = folder / "students.csv"
    students.write_text(
        "student_id,given_name,family_name,email\n"
        + "".join(
            f"{student_id(n)},Given{n},Family{n},s{student_id(n)}@example.ac.uk\n"
            for n in range(STUDENTS)
        ),
        encoding="utf-8",
    )
    parts = marked_parts()
    marks = folder / "marks.csv"
    marks.write_text(
        MARKS_HEADER
        + "".join(
            f"{student_id(n)},{code},{component},1,{35 + (7 * n + i) % 60}.50,,\n"
            for n in range(MARKED)
            for i, (code, component) in enumerate(parts)
        ),
        encoding="utf-8",
    )
    return Inputs(students, marks)


@dataclass
class History:
    records: dict[str, Records] = field(default_factory=dict)
    copies: dict[str, Database] = field(default_factory=dict)

    def clone(self, stage: str, folder: Path) -> Database:
        return self.copies[stage].clone(folder)

    def drop(self) -> None:
        for copy in self.copies.values():
            copy.drop()


def build_history(backend: str, inputs: Inputs, folder: Path) -> History:
    history = History()
    work = new_database(backend, folder / "work")
    try:
        for stage, args in inputs.steps():
            done = work.registrar(*args)
            assert done.returncode == 0, done.stderr
            history.records[stage] = work.records()
            if stage != "board":  # no fault test starts after the last step
                history.copies[stage] = work.clone(folder / stage)
    except BaseException:
        history.drop()
        raise
    finally:
        work.drop()
    return history


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    """The database a test runs on: parametrized indirectly with world.BACKENDS, so each
    backend's history is built once, in the setup of its first test."""
    return str(request.param)


@pytest.fixture(scope="session")
def history(
    backend: str, inputs: Inputs, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[History]:
    """The clean history on this backend."""
    built = build_history(backend, inputs, tmp_path_factory.mktemp(f"history-{backend}"))
    yield built
    built.drop()


@pytest.fixture
def clone(history: History, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """clone(stage): a database of this test's own, as the clean history left it at `stage`;
    dropped when the test ends."""
    made: list[Database] = []

    def make(stage: str) -> Database:
        db = history.clone(stage, tmp_path / f"db{len(made)}")
        made.append(db)
        return db

    yield make
    for db in made:
        db.drop()

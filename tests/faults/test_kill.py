"""SIGKILL in the middle of a student import, a marks import (the command and the web upload)
and a board run, on SQLite and on PostgreSQL.

Each kill lands while the step's transaction is open and (for the imports) writing: seen
from outside, in SQLite's write-ahead log (pages written after its last commit) or in
PostgreSQL's own view (a transaction ID and the table's write lock). Afterwards the records
are exactly those before the step (nothing partial, nothing lost), the database passes its
integrity checks and `registrar audit verify`, the step run again gives exactly the clean
history's records, and a third run of an import changes nothing.
"""

from __future__ import annotations

import threading

import pytest

from tests.faults.conftest import MARKED, STUDENTS, marked_parts
from tests.faults.world import (
    BACKENDS,
    Server,
    assert_as_before,
    kill,
    registry_token,
    uploaded,
    wait_until,
)

MARKS = MARKED * len(marked_parts())


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_student_import_killed_while_it_writes_leaves_nothing_and_a_retry_imports_it_whole(
    clone, history, inputs
):
    db = clone("published")
    before, last_hash = db.records(), db.last_hash()
    child = db.start("import-students", str(inputs.students), "--commit")

    wait_until(lambda: db.writing("people_student"), child, "the import writing")
    kill(child)

    assert_as_before(db, before, last_hash)
    retried = db.registrar("import-students", str(inputs.students), "--commit")
    assert (retried.returncode, retried.stdout.splitlines()[-1]) == (
        0,
        f"{inputs.students}: imported: {STUDENTS} added, 0 updated, 0 unchanged",
    )
    assert db.difference_from(history.records["students"]) == {}
    again = db.registrar("import-students", str(inputs.students), "--commit")
    assert (again.returncode, again.stdout.splitlines()[-1]) == (
        0,
        f"{inputs.students}: nothing to import: every row is already in the records (it may "
        "have been imported already); nothing was written",
    )
    assert db.difference_from(history.records["students"]) == {}


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_marks_import_killed_while_it_writes_leaves_nothing_and_a_retry_saves_it_whole(
    clone, history, inputs
):
    db = clone("students")
    before, last_hash = db.records(), db.last_hash()
    child = db.start("marks", "import", str(inputs.marks), "--commit")

    wait_until(lambda: db.writing("assessment_mark"), child, "the import writing")
    kill(child)

    assert_as_before(db, before, last_hash)
    retried = db.registrar("marks", "import", str(inputs.marks), "--commit")
    assert (retried.returncode, retried.stdout.splitlines()[-1]) == (
        0,
        f"{inputs.marks}: saved: {MARKS} added, 0 changed, 0 unchanged",
    )
    assert db.difference_from(history.records["marks"]) == {}
    again = db.registrar("marks", "import", str(inputs.marks), "--commit")
    assert (again.returncode, again.stdout) == (
        0,
        f"{inputs.marks}: saved: 0 added, 0 changed, {MARKS} unchanged\n",
    )
    assert db.difference_from(history.records["marks"]) == {}


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_board_run_killed_while_it_evaluates_stores_no_run_and_a_retry_gives_the_clean_run(
    clone, history
):
    db = clone("marks")
    before, last_hash = db.records(), db.last_hash()
    child = db.start("board", "run")

    # In its transaction the run reads the marks and registrations, evaluates every student
    # and stores the run at the end: kill it once it has read the marks (on SQLite, whose
    # transactions take the write lock first, once it has held that lock for half a second).
    wait_until(
        lambda: db.reading("assessment_mark"),
        child,
        "the run reading the records",
        held=0.5 if db.kind == "sqlite" else 0.0,
    )
    kill(child)

    assert_as_before(db, before, last_hash)
    retried = db.registrar("board", "run")
    assert (retried.returncode, retried.stdout) == (0, "1\n")
    assert db.difference_from(history.records["board"]) == {}


@pytest.mark.parametrize("backend", BACKENDS, indirect=True)
def test_a_server_worker_killed_during_a_web_upload_stores_nothing_and_the_server_takes_it_again(
    clone, history, inputs
):
    db = clone("students")
    token = registry_token(db)
    before, last_hash = db.records(), db.last_hash()
    server = Server(db)
    try:
        worker = server.worker()
        outcome: list[object] = []
        poster = threading.Thread(
            target=lambda: outcome.append(server.post_marks(token, inputs.marks))
        )
        poster.start()

        wait_until(lambda: db.writing("assessment_mark"), server.process, "the upload writing")
        kill(worker)
        poster.join(timeout=60)

        assert [type(o).__name__ for o in outcome] == ["RemoteDisconnected"]
        assert_as_before(db, before, last_hash)
        assert server.worker() != worker  # the master has started another
        assert server.post_marks(token, inputs.marks) == (200, (True, MARKS, 0, 0))
        expected = uploaded(before, history.records["students"], history.records["marks"])
        assert db.difference_from(expected) == {}
        assert server.post_marks(token, inputs.marks) == (200, (True, 0, 0, MARKS))
        assert db.difference_from(expected) == {}
    finally:
        server.stop()

"""PostgreSQL restarting under the application: during a marks upload (the command and the web
upload) and between two requests of the same server process.

A restart of the cluster ends every backend; `pg_terminate_backend` ends exactly one, the
application's, which is what the application sees of a restart (the connection closed by
the server, "terminating connection due to administrator command"). Restarting the
machine's one cluster would break every other test run sharing it, so the tests end the
backend instead. Afterwards nothing partial is stored, the command says so in one line, the
server answers its own 500 page and then, in the same process, serves the next request on a
new connection; the upload sent again stores exactly the clean history's marks.
"""

from __future__ import annotations

import re
import threading

import pytest

from tests.faults.conftest import MARKED, marked_parts
from tests.faults.world import (
    POSTGRES_ONLY,
    Server,
    assert_as_before,
    registry_token,
    uploaded,
    wait_until,
)

pytestmark = [POSTGRES_ONLY, pytest.mark.parametrize("backend", ["postgresql"], indirect=True)]

MARKS = MARKED * len(marked_parts())
TERMINATED = "terminating connection due to administrator command"
UNREACHABLE = re.compile(
    r"error: the database is unreachable \((?:[^\n]*: )?(?:server closed the connection "
    rf"unexpectedly|{TERMINATED}|the connection is lost)\)\. Fix: check that the database server "
    r"is running and that DATABASE_URL names it, then run the command again \(a change that "
    r"did not finish wrote nothing\)\.\n"
)


def writer(db) -> int:
    """The backend of the one connection in a write transaction."""
    pids = [pid for pid, _, writing in db.sessions() if writing]
    assert len(pids) == 1, db.sessions()
    return pids[0]


def test_a_marks_import_whose_backend_ends_mid_write_exits_69_and_a_retry_saves_it_whole(
    clone, history, inputs
):
    db = clone("students")
    before, last_hash = db.records(), db.last_hash()
    child = db.start("marks", "import", str(inputs.marks), "--commit")
    wait_until(lambda: db.writing("assessment_mark"), child, "the import writing")

    db.terminate(writer(db))

    assert child.wait(timeout=60) == 69
    out, err = db.output()
    # What the client was doing when its backend ended decides psycopg's words: sending the
    # COPY's rows, waiting for a query's answer, or the next query (the connection is lost).
    assert (out, UNREACHABLE.fullmatch(err) is not None) == ("", True), err
    assert_as_before(db, before, last_hash)
    retried = db.registrar("marks", "import", str(inputs.marks), "--commit")
    assert (retried.returncode, retried.stdout.splitlines()[-1]) == (
        0,
        f"{inputs.marks}: saved: {MARKS} added, 0 changed, 0 unchanged",
    )
    assert db.difference_from(history.records["marks"]) == {}


def test_a_web_upload_whose_backend_ends_mid_write_answers_500_and_the_same_worker_takes_it_again(
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

        db.terminate(writer(db))
        poster.join(timeout=60)

        [(status, body)] = outcome
        assert status == 500
        assert "<h1>Something went wrong</h1>" in body
        assert ("Traceback" in body, TERMINATED in body, "OperationalError" in body) == (
            False,
            False,
            False,
        )
        assert_as_before(db, before, last_hash)
        assert server.post_marks(token, inputs.marks) == (200, (True, MARKS, 0, 0))
        assert server.worker() == worker  # the same process, on a new connection
        expected = uploaded(before, history.records["students"], history.records["marks"])
        assert db.difference_from(expected) == {}
    finally:
        server.stop()


def test_a_persistent_connection_ended_between_requests_is_replaced_by_the_next_request(clone):
    db = clone("students")
    token = registry_token(db)
    server = Server(db)
    try:
        worker = server.worker()
        assert server.request("GET", "/api/me", token=token)[0] == 200
        [(kept, state, _)] = db.sessions()  # kept open for the next request (CONN_MAX_AGE)
        assert state == "idle"

        db.terminate(kept)
        db.settle()

        status, body = server.request("GET", "/api/me", token=token)
        assert (status, body) == (
            200,
            '{"username": "registry", "role": "administrator", "student_id": null}',
        )
        [(replaced, _, _)] = db.sessions()
        assert replaced != kept
        assert server.worker() == worker
    finally:
        server.stop()

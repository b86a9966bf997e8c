"""`registrar audit verify`: exit 0 and the count and last hash when the chain holds; exit 1
and `entry N: ...` on stderr at the first break."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from typer.testing import CliRunner

from registrar.audit.domain import record
from registrar.audit.guards import LEDGER, remove
from registrar.cli import app

pytestmark = pytest.mark.django_db

runner = CliRunner()


def test_verify_an_intact_ledger_exits_0_with_the_count_and_last_hash():
    entries = [record(actor=None, action="test.done", subject=s) for s in "ab"]

    result = runner.invoke(app, ["audit", "verify"])

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"ledger intact: 2 entries, last hash {entries[1].hash}\n",
        "",
    )


def test_verify_reports_a_row_edited_with_raw_sql_after_the_trigger_is_dropped():
    entries = [record(actor=None, action="test.done", subject=s) for s in "abc"]
    remove(connection, LEDGER)  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET reason = 'rewritten' WHERE id = %s", [entries[1].pk]
        )

    result = runner.invoke(app, ["audit", "verify"])

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"entry {entries[1].pk}: hash does not match: this entry was changed, or an entry "
        "before it was removed or inserted\n"
    )


def test_verify_with_an_anchor_notes_it_then_finds_entries_removed_from_the_end(tmp_path):
    entries = [record(actor=None, action="test.done", subject=s) for s in "abc"]
    anchor = tmp_path / "ledger-anchor.json"

    first = runner.invoke(app, ["audit", "verify", "--anchor", str(anchor)])
    assert (first.exit_code, json.loads(anchor.read_text())) == (
        0,
        {"entries": 3, "last_hash": entries[2].hash},
    )
    remove(connection, LEDGER)  # rolled back with the test's transaction
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])

    again = runner.invoke(app, ["audit", "verify", "--anchor", str(anchor)])

    assert (again.exit_code, again.stdout, again.stderr) == (
        1,
        "",
        f"entry {entries[1].pk}: the ledger holds 2 entries, fewer than the 3 noted: entries "
        "after this one were removed\n",
    )
    assert json.loads(anchor.read_text())["entries"] == 3  # a failed check keeps the anchor


def test_verify_refuses_an_anchor_file_it_cannot_read(tmp_path):
    anchor = tmp_path / "ledger-anchor.json"
    anchor.write_text("not json")

    result = runner.invoke(app, ["audit", "verify", "--anchor", str(anchor)])

    assert (result.exit_code, result.stderr.startswith(f"{anchor}: not an anchor file (")) == (
        2,
        True,
    )

"""The ledger per student and per module: every entry, readable, to those who may read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.test import Client

from registrar.audit.domain import record
from registrar.people.models import Student
from registrar.programmes.domain.versions import publish_specification
from registrar.registrations.domain.choice import choose_elective, override_elective
from registrar.teaching.domain.assignments import (
    assign_module_leader,
    assign_supervisor,
    unassign_module_leader,
)
from tests.conftest import MRES

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def whats(body: str) -> list[str]:
    """The "What" cell of each row (its first line), newest first."""
    return [
        re.sub(r"<br>.*", "", cell, flags=re.S).strip()
        for cell in re.findall(r'<td data-label="What">(.*?)</td>', body, flags=re.S)
    ]


@pytest.fixture
def registry(account):
    return account("registry", "administrator")


@pytest.fixture
def alice(make_student, open_window, account, registry):
    """Alice chose an elective, the registry changed it with a reason, and gave her a
    supervisor. Bob, another student, chose his own."""
    bob = make_student("00000002", username="bob")
    choose_elective(student=bob, module_code="COMP70010", actor=bob.user)
    alice = make_student("00000001", username="alice")
    choose_elective(student=alice, module_code="COMP70010", actor=alice.user)
    override_elective(student=alice, module_code="COMP70016", reason="clash agreed", actor=registry)
    assign_supervisor(
        student=alice, supervisor=account("sam", "project_supervisor"), role="lead", actor=registry
    )
    return alice


def test_student_history_lists_every_entry_with_who_what_change_and_reason(alice, registry):
    body = client_for(registry).get("/students/00000001/history/").content.decode()

    assert whats(body) == [
        "Supervisor assigned",
        "Elective set by the registry",
        "Elective chosen",
        "Registered on core and compulsory modules",
    ]
    assert "4 entries." in body
    assert re.findall(r'<td data-label="Who">(.*?)</td>', body) == [
        "registry",
        "registry",
        "alice",
        '<span class="muted">system</span>',
    ]
    assert (
        '<li><span class="ledger-field">supervisor</span>: <span class="muted">none</span> → '
        "<ins>sam</ins></li>"
    ) in body
    assert '<td data-label="Reason">clash agreed</td>' in body
    assert "00000002" not in body  # Bob's entries stay in his own history


def test_a_change_shows_only_the_fields_it_changed_before_and_after(make_student, registry):
    make_student("00000001")
    record(
        actor=registry,
        action="mark.saved",
        subject="00000001 COMP70010",
        before={"mark": "55.00", "flag": "", "version": 1},
        after={"mark": "58.00", "flag": "", "version": 2},
        reason="second marker",
        student_id="00000001",
        module_code="COMP70010",
    )

    body = client_for(registry).get("/students/00000001/history/").content.decode()

    assert whats(body)[0] == "mark.saved"  # an action without a label is shown as its code
    cell = re.findall(r'<td data-label="Change">(.*?)</td>', body, flags=re.S)[0]
    assert re.findall(r'ledger-field">(\w+)</span>: (.*?)</li>', cell) == [
        ("mark", "<del>55.00</del> → <ins>58.00</ins>"),
        ("version", "<del>1</del> → <ins>2</ins>"),
    ]


def test_module_history_lists_the_module_s_entries_of_this_cohort_only(
    alice, programme, registry, account, tmp_path: Path
):
    lee = account("lee", "module_leader")
    leader = assign_module_leader(
        programme=programme, module_code="COMP70016", user=lee, actor=registry
    )
    unassign_module_leader(leader=leader, actor=registry)
    # Next year's cohort has the same module codes; its entries stay in its own history.
    data = yaml.safe_load(MRES.read_text(encoding="utf-8"))
    data["details"]["cohort"] = "2026-27"
    later = tmp_path / "2026-27.yaml"
    later.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    next_year = publish_specification(actor=None, path=later).programme
    assign_module_leader(programme=next_year, module_code="COMP70016", user=lee, actor=registry)

    body = client_for(registry).get(f"/modules/{programme.pk}/COMP70016/history/").content.decode()
    project = client_for(registry).get(f"/modules/{programme.pk}/COMP70059/history/")

    assert "<h1>History of COMP70016 Natural Language Processing</h1>" in body
    assert whats(body) == [
        "Module leader removed",
        "Module leader assigned",
        "Elective set by the registry",
    ]
    assert whats(project.content.decode()) == ["Supervisor assigned"]


def test_history_is_never_shown_to_a_student_not_even_their_own(alice):
    client = client_for(alice.user)

    own = client.get("/students/00000001/history/")
    missing = client.get("/students/99999999/history/")
    record_page = client.get("/students/00000001/").content.decode()

    assert (own.status_code, missing.status_code) == (403, 403)
    assert ('id="history"' in record_page, "clash agreed" in record_page) == (False, True)


def test_history_of_an_unknown_student_or_module_is_404_for_staff(programme, registry):
    client = client_for(registry)

    assert client.get("/students/99999999/history/").status_code == 404
    assert client.get(f"/modules/{programme.pk}/COMP99999/history/").status_code == 404
    assert client.get("/modules/999999/COMP70010/history/").status_code == 404


def test_the_record_page_shows_recent_entries_and_links_the_full_history(alice, registry):
    body = client_for(registry).get("/students/00000001/").content.decode()

    assert '<a href="/students/00000001/history/">' in body
    assert "Elective set by the registry COMP70016 by registry — clash agreed" in body


def test_a_supervisor_reads_the_history_of_their_supervisee_only(alice, make_student):
    sam = Student.objects.get(student_id="00000001").supervisions.get().supervisor
    client = client_for(sam)

    assert client.get("/students/00000001/history/").status_code == 200
    # Another's history is answered as a missing one is (404): no ID leaks.
    assert client.get("/students/00000002/history/").status_code == 404

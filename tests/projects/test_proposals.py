"""Publishing proposals, a student's own proposal, and the window: rules and ledger."""

from __future__ import annotations

import pytest

from registrar.audit.models import AuditEntry
from registrar.projects.domain.proposals import (
    decide_own_proposal,
    edit_proposal,
    proposals_for,
    propose_own,
    publish_proposal,
    withdraw_proposal,
)
from registrar.projects.domain.refusal import ProjectRefusedError
from registrar.projects.domain.window import proposal_window_is_open, set_proposal_window
from registrar.projects.models import ProposalStatus
from tests.projects.conftest import fields

pytestmark = pytest.mark.django_db


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="project.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_publish_records_the_proposal(programme, staff):
    proposal = publish_proposal(
        programme=programme,
        supervisor=staff["ada"],
        fields=fields("Vision", 3, "comp70010"),
        actor=staff["ada"],
    )
    assert (proposal.status, proposal.capacity, proposal.prerequisite) == ("open", 3, "COMP70010")
    entry = AuditEntry.objects.get(action="project.proposal_published")
    assert (entry.subject, entry.after["supervisor"], entry.after["title"]) == (
        f"G5ZB 2025-26 P{proposal.pk}",
        "ada",
        "Vision",
    )


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (fields(""), "title: a proposal needs one"),
        (fields("X", 0), "capacity: 0 is not a number of students from 1 to 20"),
        (fields("X", 21), "capacity: 21 is not a number of students from 1 to 20"),
        (
            fields("X", 1, "COMP70061"),
            "prerequisite: COMP70061 is not an elective running in",
        ),
        (
            fields("X", 1, "", external_name="Dr Ext", external_organisation=""),
            "external co-supervisor: give both their name and their organisation, or neither",
        ),
    ],
)
def test_publish_refuses_bad_fields_and_writes_nothing(programme, staff, bad, message):
    with pytest.raises(ProjectRefusedError, match=message):
        publish_proposal(
            programme=programme, supervisor=staff["ada"], fields=bad, actor=staff["registry"]
        )
    assert actions() == []


def test_only_the_registry_publishes_on_behalf_of_an_external(programme, staff):
    external = fields("Drones", 1, external_name="Dr Ext", external_organisation="Acme")
    with pytest.raises(ProjectRefusedError, match="only the programme administrator publishes"):
        publish_proposal(
            programme=programme, supervisor=staff["ada"], fields=external, actor=staff["ada"]
        )
    made = publish_proposal(
        programme=programme, supervisor=staff["ada"], fields=external, actor=staff["registry"]
    )
    assert (made.external_name, made.external_organisation) == ("Dr Ext", "Acme")


def test_the_supervisor_must_be_a_project_supervisor(programme, staff):
    with pytest.raises(ProjectRefusedError, match="lead is not a project supervisor"):
        publish_proposal(
            programme=programme, supervisor=staff["lead"], fields=fields("X"), actor=None
        )


def test_edit_and_withdraw(proposals, staff):
    edited = edit_proposal(
        proposal=proposals["vision"], fields=fields("Vision 2", 2), actor=staff["ada"]
    )
    assert (edited.title, edited.capacity) == ("Vision 2", 2)
    entry = AuditEntry.objects.get(action="project.proposal_edited")
    assert (entry.before["title"], entry.after["title"]) == ("Vision", "Vision 2")
    withdraw_proposal(proposal=edited, actor=staff["ada"])
    edited.refresh_from_db()
    assert edited.status == ProposalStatus.WITHDRAWN
    with pytest.raises(ProjectRefusedError, match="is withdrawn"):
        withdraw_proposal(proposal=edited, actor=staff["ada"])


def test_own_proposal_accepted_opens_for_that_student_only(proposals, staff, make_student):
    alice = make_student("00000001")
    bob = make_student("00000002")
    own = propose_own(
        student=alice,
        supervisor=staff["bo"],
        title="My idea",
        description="Idea.",
        area="NLP",
        actor=None,
    )
    assert (own.status, own.capacity) == ("proposed", 1)
    assert own not in proposals_for(alice)
    with pytest.raises(ProjectRefusedError, match="already have a proposal of your own"):
        propose_own(
            student=alice, supervisor=staff["bo"], title="T", description="D", area="A", actor=None
        )
    decide_own_proposal(proposal=own, accept=True, note="", actor=staff["bo"])
    assert [p.title for p in proposals_for(alice)] == ["Deep", "My idea", "Robots", "Vision"]
    assert [p.title for p in proposals_for(bob)] == ["Deep", "Robots", "Vision"]
    assert AuditEntry.objects.get(action="project.own_accepted").student_id == "00000001"


def test_own_proposal_declined_needs_a_note(proposals, staff, make_student):
    alice = make_student("00000001")
    own = propose_own(
        student=alice, supervisor=staff["bo"], title="T", description="D", area="A", actor=None
    )
    with pytest.raises(ProjectRefusedError, match="note: say why"):
        decide_own_proposal(proposal=own, accept=False, note=" ", actor=staff["bo"])
    declined = decide_own_proposal(
        proposal=own, accept=False, note="out of my area", actor=staff["bo"]
    )
    assert (declined.status, declined.decision_note) == ("declined", "out of my area")
    with pytest.raises(ProjectRefusedError, match="not a student's proposal awaiting"):
        decide_own_proposal(proposal=own, accept=True, note="", actor=staff["bo"])


def test_own_proposal_needs_the_window(programme, staff, make_student):
    alice = make_student("00000001")
    with pytest.raises(ProjectRefusedError, match="project choice is closed"):
        propose_own(
            student=alice, supervisor=staff["bo"], title="T", description="D", area="A", actor=None
        )


def test_window_opens_and_closes_with_a_ledger_entry(programme, staff):
    assert proposal_window_is_open(programme) is False
    set_proposal_window(programme=programme, is_open=True, actor=staff["registry"])
    set_proposal_window(programme=programme, is_open=False, actor=staff["registry"])
    assert proposal_window_is_open(programme) is False
    assert actions() == ["project.window_opened", "project.window_closed"]

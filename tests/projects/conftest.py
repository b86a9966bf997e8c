"""A cohort for the project processes: two supervisors, three proposals, window open."""

from __future__ import annotations

import pytest

from registrar.projects.domain.proposals import ProposalFields, publish_proposal
from registrar.projects.domain.window import set_proposal_window


@pytest.fixture
def staff(account):
    return {
        "registry": account("registry", "administrator"),
        "ada": account("ada", "project_supervisor"),
        "bo": account("bo", "project_supervisor"),
        "lead": account("lead", "programme_lead"),
    }


def fields(title: str, capacity: int = 1, prerequisite: str = "", **extra: str) -> ProposalFields:
    return ProposalFields(
        title=title,
        description=f"About {title}.",
        area="Machine learning",
        capacity=capacity,
        prerequisite=prerequisite,
        **extra,
    )


@pytest.fixture
def proposals(programme, staff):
    """P-vision (ada, capacity 1), P-robots (bo, capacity 2), P-deep (ada, needs COMP70010)."""
    set_proposal_window(programme=programme, is_open=True, actor=staff["registry"])
    return {
        "vision": publish_proposal(
            programme=programme, supervisor=staff["ada"], fields=fields("Vision"), actor=None
        ),
        "robots": publish_proposal(
            programme=programme, supervisor=staff["bo"], fields=fields("Robots", 2), actor=None
        ),
        "deep": publish_proposal(
            programme=programme,
            supervisor=staff["ada"],
            fields=fields("Deep", 1, "COMP70010"),
            actor=None,
        ),
    }

"""Fixtures of the board tests: the cohort of tests/boards/world.py, a run of it, and the people."""

from __future__ import annotations

import pytest

from tests.boards.world import make_cohort


@pytest.fixture
def cohort(make_student):
    return make_cohort(make_student)


@pytest.fixture
def board_member(account):
    return account("board", "exam_board")


@pytest.fixture
def examiner(account):
    return account("external", "external_examiner")


@pytest.fixture
def run(programme, cohort, account):
    from registrar.boards.domain.runs import run_board

    return run_board(programme=programme, actor=account("registry", "administrator"))

"""A small cohort evaluated by the engine from CSV text (no database), for moderation."""

from __future__ import annotations

from pathlib import Path

import pytest

from registrar.boards.domain.evaluation import evaluate_texts
from registrar.moderation.cohort import moderate
from registrar.spec.loading import load_specification
from tests.conftest import MRES, ROOT

REGULATIONS = ROOT / "regulations" / "imperial" / "taught.yaml"
REQUIRED = ("COMP70059", "COMP70060", "COMP70061", "COMP70076")

MARKS = """student_id,module_code,component,attempt,mark,flag,late_hours
S01,COMP70076,,1,72.00,,
S01,COMP70060,,1,64.00,,
S01,COMP70010,,1,58.00,,
S02,COMP70076,,1,45.50,,
S02,COMP70076,,2,68.00,,
S02,COMP70060,,1,55.00,,
S03,COMP70076,,1,,NS,
S03,COMP70060,,1,38.00,,
S04,COMP70076,,1,,MC,
S04,COMP70076,,2,61.00,,
S04,COMP70060,,1,70.00,,
S05,COMP70060,,1,49.00,,
S06,COMP70076,,1,66.00,,12
S06,COMP70060,,1,81.00,,
S07,COMP70076,,1,39.99,,
S07,COMP70061,Paper discussion,1,60.00,,
"""


def registrations() -> str:
    rows = [f"S0{i},{code}" for i in range(1, 8) for code in REQUIRED]
    return "student_id,module_code\n" + "\n".join([*rows, "S01,COMP70010"]) + "\n"


@pytest.fixture(scope="module")
def cohort():
    spec = load_specification(Path(MRES))
    stored = evaluate_texts(spec, REGULATIONS.read_text(), MARKS, registrations())
    return moderate(stored.evaluation)

"""The demo cohort's marks: one profile per student, chosen so the board sees every kind of case.

Each profile is a set of marks rows in the marks contract (DESIGN.md) for the
MRes modules: the project's three components, the R&D proposal's written
reports, the research tutorial's three components, the ethics module and the
student's elective as whole-module marks. tests/demo/test_marks.py runs the
engine on every profile and checks the outcome named here, so the demo cannot
drift from what it claims to show.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

PROJECT = "COMP70059"
PROPOSAL = "COMP70060"
TUTORIAL = "COMP70061"
ETHICS = "COMP70076"

PROJECT_PARTS = ("Background report", "Research thesis", "Oral presentation")
TUTORIAL_PARTS = ("Paper discussion", "Presentation slides", "Summary report")


@dataclass(frozen=True)
class Row:
    module_code: str
    component: str
    mark: str
    attempt: int = 1
    flag: str = ""
    late_hours: str = ""


@dataclass(frozen=True)
class Profile:
    """A student's marks and the outcome the engine gives them (checked by the tests)."""

    name: str
    description: str
    status: str
    classification: str
    # a Merit student's marks unless the profile says otherwise
    project: tuple[str, str, str] = ("65.00", "64.00", "66.00")
    proposal: str = "63.00"
    tutorial: tuple[str, str, str] = ("62.00", "66.00", "64.00")
    ethics: str = "61.00"
    elective: str = "67.00"
    changes: tuple[Row, ...] = ()  # rows replacing or added to the plain ones (elective: "*")
    resits: tuple[Row, ...] = field(default=())  # attempts entered after the first board

    def rows(self, elective_code: str) -> list[Row]:
        """The first board's rows, the elective's code filled in."""
        plain = [
            *(Row(PROJECT, part, m) for part, m in zip(PROJECT_PARTS, self.project, strict=True)),
            Row(PROPOSAL, "Written reports", self.proposal),
            *(
                Row(TUTORIAL, part, m)
                for part, m in zip(TUTORIAL_PARTS, self.tutorial, strict=True)
            ),
            Row(ETHICS, "", self.ethics),
            Row("*", "", self.elective),
        ]
        replaced = {(r.module_code, r.component, r.attempt): r for r in plain}
        for change in self.changes:
            replaced[(change.module_code, change.component, change.attempt)] = change
        return [_filled(r, elective_code) for r in replaced.values() if r.mark != "omit"]

    def resit_rows(self, elective_code: str) -> list[Row]:
        return [_filled(r, elective_code) for r in self.resits]


def _filled(row: Row, elective_code: str) -> Row:
    if row.module_code != "*":
        return row
    return Row(elective_code, row.component, row.mark, row.attempt, row.flag, row.late_hours)


PROFILES = {
    p.name: p
    for p in (
        Profile(
            "distinction",
            "Distinction: every module at 70 or more, the project too",
            "awarded",
            "Distinction",
            ("75.00", "74.00", "76.00"),
            "72.00",
            ("70.00", "74.00", "73.00"),
            "71.00",
            "73.00",
        ),
        Profile("merit", "Merit", "awarded", "Merit"),
        Profile(
            "pass",
            "Pass",
            "awarded",
            "Pass",
            ("55.00", "54.00", "56.00"),
            "53.00",
            ("52.00", "57.00", "55.00"),
            "51.00",
            "58.00",
        ),
        Profile(
            "borderline",
            "Merit within 1.00 of Distinction (flagged for the board)",
            "awarded",
            "Merit",
            ("70.00", "69.00", "70.00"),
            "69.00",
            ("68.00", "70.00", "69.00"),
            "70.00",
            "71.00",
        ),
        Profile(
            "project_lowers",
            "POWA in the Distinction band, project in the Merit band: Merit",
            "awarded",
            "Merit",
            ("68.00", "68.00", "68.00"),
            "80.00",
            ("80.00", "80.00", "80.00"),
            "80.00",
            "80.00",
        ),
        Profile(
            "compensated",
            "Merit with the elective compensated at 45",
            "awarded",
            "Merit",
            elective="45.00",
        ),
        Profile(
            "late",
            "Merit; the elective handed in 12 hours late and capped at the pass mark",
            "awarded",
            "Merit",
            changes=(Row("*", "", "68.00", late_hours="12"),),
        ),
        Profile(
            "referred_core",
            "Referred in the core R&D proposal (46: core modules are never compensated)",
            "referred",
            "",
            proposal="46.00",
            resits=(Row(PROPOSAL, "Written reports", "58.00", attempt=2),),
        ),
        Profile(
            "referred_elective",
            "Referred in the elective (38, below the compensation zone)",
            "referred",
            "",
            elective="38.00",
            resits=(Row("*", "", "61.00", attempt=2),),
        ),
        Profile(
            "not_submitted",
            "Ethics not submitted: 0, referred",
            "referred",
            "",
            changes=(Row(ETHICS, "", "", flag="NS"),),
            resits=(Row(ETHICS, "", "55.00", attempt=2),),
        ),
        Profile(
            "mitigating",
            "Mitigating circumstances upheld for the elective: a further first sit is due",
            "incomplete",
            "",
            changes=(Row("*", "", "", flag="MC"),),
            resits=(Row("*", "", "64.00", attempt=2),),
        ),
        Profile(
            "incomplete",
            "Research thesis not yet marked: incomplete",
            "incomplete",
            "",
            changes=(Row(PROJECT, "Research thesis", "omit"),),
        ),
    )
}

# The order profiles are dealt to the students who have an elective (student 1 first).
DEAL = (
    "compensated",
    "distinction",
    "merit",
    "pass",
    "borderline",
    "project_lowers",
    "referred_core",
    "referred_elective",
    "not_submitted",
    "mitigating",
    "incomplete",
    "late",
    "merit",
    "distinction",
    "pass",
    "merit",
)


def profile_for(index: int) -> Profile:
    """The profile of the index-th student with an elective (0 = the demo student)."""
    return PROFILES[DEAL[index % len(DEAL)]]


def marks_text(rows: list[tuple[str, Row]]) -> str:
    """(student_id, row) pairs as a marks CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ("student_id", "module_code", "component", "attempt", "mark", "flag", "late_hours")
    )
    for student_id, r in rows:
        writer.writerow(
            (student_id, r.module_code, r.component, r.attempt, r.mark, r.flag, r.late_hours)
        )
    return buffer.getvalue()

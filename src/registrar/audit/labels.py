"""What each ledger action is called on the history pages.

One entry per action code that is written (tests/audit/test_labels.py reads the
code base for them); an area that adds an action adds its label here. A code
without a label would be shown as it is stored.
"""

from __future__ import annotations

LABELS: dict[str, str] = {
    # people
    "account.set_up": "Account set up",
    "token.issued": "API token issued",
    "token.revoked": "API token revoked",
    "students.imported": "Students imported",
    "student.added": "Student added (import)",
    "student.updated": "Student record updated (import)",
    # programmes
    "specification.published": "Specification published",
    # registrations
    "registration.required": "Registered on core and compulsory modules",
    "elective.chosen": "Elective chosen",
    "elective.withdrawn": "Withdrawn from elective",
    "elective.overridden": "Elective set by the registry",
    "choice_window.opened": "Module choice opened",
    "choice_window.closed": "Module choice closed",
    # teaching
    "teaching.leader_assigned": "Module leader assigned",
    "teaching.leader_unassigned": "Module leader removed",
    "teaching.supervisor_assigned": "Supervisor assigned",
    "teaching.supervisor_unassigned": "Supervisor removed",
    # assessment
    "mark.added": "Mark entered",
    "mark.changed": "Mark changed",
    # boards and results
    "board.run": "Exam board run",
    "board.decided": "Board decision recorded",
    "board.commented": "External examiner's comment",
    "board.signed_off": "External examiner signed off",
    "board.locked": "Exam board locked",
    "results.released": "Results released",
    # admissions
    "application.started": "Application started",
    "application.saved": "Application draft saved",
    "application.document_uploaded": "Application document uploaded",
    "application.submitted": "Application submitted (requirements checked)",
    "reference.uploaded": "Reference uploaded by a referee",
    "application.scored": "Research potential scored",
    "application.noted": "Admissions note added",
    "application.offered": "Offer made",
    "application.rejected": "Application rejected",
    "application.held": "Application put on hold",
    "application.condition_met": "Offer condition met",
    "offer.accepted": "Offer accepted",
    "offer.declined": "Offer declined",
    "application.enrolled": "Applicant enrolled as a student",
    # any record changed in the Django admin without a domain function of its own
    "admin.added": "Added in the admin",
    "admin.changed": "Changed in the admin",
    "admin.deleted": "Deleted in the admin",
}


def label(action: str) -> str:
    """The readable name of `action`, or the code itself when it has none."""
    return LABELS.get(action, action)

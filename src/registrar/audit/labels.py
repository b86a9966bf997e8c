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
    "skills.completed": "Professional skills course completed",
    "skills.withdrawn": "Professional skills completion withdrawn",
    "skills.imported": "Professional skills completions imported",
    # teaching
    "teaching.leader_assigned": "Module leader assigned",
    "teaching.leader_unassigned": "Module leader removed",
    "teaching.supervisor_assigned": "Supervisor assigned",
    "teaching.supervisor_unassigned": "Supervisor removed",
    # research projects
    "project.proposal_published": "Project proposal published",
    "project.proposal_edited": "Project proposal edited",
    "project.proposal_withdrawn": "Project proposal withdrawn",
    "project.own_proposed": "Own project proposed",
    "project.own_accepted": "Own project accepted by the supervisor",
    "project.own_declined": "Own project declined by the supervisor",
    "project.window_opened": "Project choice opened",
    "project.window_closed": "Project choice closed",
    "project.preferences_ranked": "Project proposals ranked",
    "project.allocation_previewed": "Project allocation run (preview)",
    "project.allocation_adjusted": "Project allocation adjusted by hand",
    "project.allocation_confirmed": "Project allocation confirmed",
    "project.meeting_logged": "Supervision meeting logged",
    "project.review_convened": "Progress review convened",
    "project.review_recorded": "Progress review outcome recorded",
    # assessment
    "mark.added": "Mark entered",
    "feedback.given": "Feedback given",
    "feedback.changed": "Feedback changed",
    "mark.changed": "Mark changed",
    # boards and results
    "board.run": "Exam board run",
    "board.decided": "Board decision recorded",
    "board.commented": "External examiner's comment",
    "board.signed_off": "External examiner signed off",
    "board.locked": "Exam board locked",
    "results.released": "Results released",
    # notices
    "notices.sent": "Notices sent",
    # claims (mitigating circumstances)
    "claim.submitted": "Mitigating-circumstances claim submitted",
    "claim.evidence_added": "Evidence added to a claim",
    "claim.routed": "Claim routed to a panel",
    "claim.upheld": "Claim upheld",
    "claim.rejected": "Claim rejected",
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
    "application.exported": "Applicant's data exported",
    "application.erased": "Applicant's personal data erased (retention passed)",
    # any record changed in the Django admin without a domain function of its own
    "admin.added": "Added in the admin",
    "admin.changed": "Changed in the admin",
    "admin.deleted": "Deleted in the admin",
}


def label(action: str) -> str:
    """The readable name of `action`, or the code itself when it has none."""
    return LABELS.get(action, action)

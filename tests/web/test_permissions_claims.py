"""Every role against every claims page and endpoint: the exact status, and what shows.

Alice (who signs in as the student) has claim A, routed to the panel `exam_board`; Bob
has claim B, routed to `panel2`. Bob's claim is made first, so that a page that leaked
another student's claim, statement or evidence to Alice (or B to the exam-board member
not on its panel) would show it. Only the student, the registry and the claim's panel
read a claim and its evidence.
"""

from __future__ import annotations

import pytest
from django.test import Client

from registrar.claims.domain.claims import Affected, route_claim, submit_claim
from registrar.claims.models import Claim, ClaimStatus
from tests.claims.world import FROM, TO, pdf
from tests.web.test_permission_matrix import ADMISSIONS, ROLES, STAFF, text

pytestmark = pytest.mark.django_db

ALICE, BOB = "00000001", "00000002"
ETHICS = "COMP70076"
ALICE_SAYS, BOB_SAYS = "Alice was in hospital.", "Bob was bereaved."
ALICE_PDF, BOB_PDF = b"%PDF-1.4 alice", b"%PDF-1.4 bob"


@pytest.fixture
def world(programme, make_student, account):
    users = {role: account(role, role) for role in (*STAFF, *ADMISSIONS)}
    panel2 = account("panel2", "exam_board")
    bob = make_student(BOB, username="bob", given_name="Bob", family_name="Other")
    alice = make_student(ALICE, username="alice", given_name="Alice", family_name="Own")
    users["student"] = alice.user
    claims = {}
    for key, student, says, data, panel in (
        ("B", bob, BOB_SAYS, BOB_PDF, panel2),
        ("A", alice, ALICE_SAYS, ALICE_PDF, users["exam_board"]),
    ):
        claim = submit_claim(
            student=student,
            items=[Affected(ETHICS)],
            affected_from=FROM,
            affected_to=TO,
            statement=says,
            evidence=[pdf(f"{key}.pdf", data)],
            actor=student.user,
        )
        route_claim(claim=claim, panel=[panel], actor=None)
        claims[key] = claim
    return {"users": users, "claims": claims}


def call(world, role, method, path):
    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    claims = world["claims"]
    path = path.format(
        A=claims["A"].pk,
        B=claims["B"].pk,
        a=claims["A"].evidence.get().pk,
        b=claims["B"].evidence.get().pk,
    )
    if method == "get":
        return client.get(path), path
    return client.post(
        path,
        {
            "outcome": "upheld",
            "reason": "Letter.",
            "remedy": "further_attempt",
            "panel": ["exam_board"],
        },
    ), path


def shows(*fragments, hides=()):
    def check(response, world) -> None:
        body = text(response)
        assert [f for f in fragments if f not in body] == []
        assert [f for f in hides if f in body] == []

    return check


def file_of(data):
    def check(response, world) -> None:
        assert (
            b"".join(response.streaming_content) if response.streaming else response.content
        ) == data
        assert response["X-Content-Type-Options"] == "nosniff"

    return check


def status_is(key, status):
    def check(response, world) -> None:
        assert Claim.objects.get(pk=world["claims"][key].pk).status == status

    return check


def refused(response, world) -> None:
    assert "You may not see this page" in text(response)
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.ROUTED}


def hidden(response, world) -> None:
    """Another's claim is answered as one that does not exist: nothing tells it exists."""
    assert f"no claim {world['claims']['B'].pk}" in text(response)
    assert "Bob" not in text(response)
    assert set(Claim.objects.values_list("status", flat=True)) == {ClaimStatus.ROUTED}


def to_login(response, world) -> None:
    assert response["Location"].startswith("/login/?next=/claims/")


def listed(*keys):
    """The list shows exactly these claims (and no other student's name)."""

    def check(response, world) -> None:
        body = text(response)
        shown = [k for k in ("A", "B") if f'id="claim-{world["claims"][k].pk}"' in body]
        assert (shown, "Bob" in body) == (list(keys), "B" in keys)

    return check


OWN_LIST = listed("A")
BOTH = listed("A", "B")
A_PAGE = shows(ALICE_SAYS, "A.pdf", hides=(BOB_SAYS,))
B_PAGE = shows(BOB_SAYS, "B.pdf", hides=(ALICE_SAYS,))
NO = (403, refused)
HIDDEN = (404, hidden)
LOGIN = (302, to_login)


def table(*, student, administrator, exam_board, others=NO):
    out = {"anonymous": LOGIN, "student": student, "administrator": administrator}
    out["exam_board"] = exam_board
    for role in (*STAFF, *ADMISSIONS):
        out.setdefault(role, others)
    return out


CASES = {
    ("get", "/claims/"): table(
        student=(200, OWN_LIST), administrator=(200, BOTH), exam_board=(200, OWN_LIST)
    ),
    ("get", "/claims/new/"): table(
        student=(
            200,
            shows(
                "Make a mitigating-circumstances claim",
                "Ethics",
                "Imperial&#x27;s Policy on Mitigating Circumstances",
            ),
        ),
        administrator=NO,
        exam_board=NO,
    ),
    ("get", "/claims/{A}/"): table(
        student=(200, A_PAGE), administrator=(200, A_PAGE), exam_board=(200, A_PAGE)
    ),
    ("get", "/claims/{B}/"): table(student=HIDDEN, administrator=(200, B_PAGE), exam_board=HIDDEN),
    ("get", "/claims/{A}/evidence/{a}/"): table(
        student=(200, file_of(ALICE_PDF)),
        administrator=(200, file_of(ALICE_PDF)),
        exam_board=(200, file_of(ALICE_PDF)),
    ),
    ("get", "/claims/{B}/evidence/{b}/"): table(
        student=HIDDEN, administrator=(200, file_of(BOB_PDF)), exam_board=HIDDEN
    ),
    # another's claim's evidence through one's own claim's address: not found
    ("get", "/claims/{A}/evidence/{b}/"): table(
        student=(404, shows()), administrator=(404, shows()), exam_board=(404, shows())
    ),
    ("post", "/claims/{B}/evidence/"): table(student=HIDDEN, administrator=NO, exam_board=NO),
    ("post", "/claims/{A}/route/"): table(
        student=NO, administrator=(302, status_is("A", ClaimStatus.ROUTED)), exam_board=NO
    ),
    ("post", "/claims/{A}/decide/"): table(
        student=NO, administrator=NO, exam_board=(302, status_is("A", ClaimStatus.UPHELD))
    ),
    ("post", "/claims/{B}/decide/"): table(student=NO, administrator=NO, exam_board=HIDDEN),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), list(CASES))
def test_claims_matrix(world, role, method, path):
    status, check = CASES[(method, path)][role]
    response, _ = call(world, role, method, path)
    assert response.status_code == status
    check(response, world)


def test_the_nav_offers_claims_to_the_roles_that_use_them(world):
    for role, label in (
        ("student", "My claims"),
        ("administrator", "Claims"),
        ("exam_board", "Claims"),
        ("programme_lead", None),
        ("module_leader", None),
    ):
        response, _ = call(world, role, "get", "/programmes/")
        found = '<a href="/claims/">' + (label or "") in text(response)
        assert found is (label is not None), role

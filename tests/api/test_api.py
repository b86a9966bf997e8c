"""The API: token and session auth, CSRF, and errors as JSON with a clear message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from registrar.people.domain.accounts import issue_token, revoke_token
from registrar.people.models import ApiToken
from registrar.registrations.models import Registration
from registrar.teaching.models import ModuleLeader, Supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_student, open_window):
    return make_student("00000001", username="alice")


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_script_with_a_token_overrides_an_elective(alice, account):
    registry = account("registry", "administrator")
    token = issue_token(user=registry, name="script", actor=registry)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/students/00000001/override",
        {"module_code": "comp70010", "reason": "agreed"},
        content_type="application/json",
        **bearer(token),
    )

    assert response.status_code == 201
    assert response.json()["module_code"] == "COMP70010"
    assert list(alice.registrations.filter(category="elective").values_list("how", flat=True)) == [
        "override"
    ]
    assert ApiToken.objects.get().last_used is not None


UNAUTHORISED = {"detail": "sign in, or send 'Authorization: Bearer <token>' with a valid API token"}


@pytest.mark.parametrize("state", ["expired", "revoked", "role without tokens"])
def test_an_expired_or_revoked_token_or_one_of_a_role_without_tokens_is_refused_with_401(
    account, state
):
    lead = account("lead", "programme_lead")
    token = issue_token(user=lead, name="script", actor=lead)
    if state == "expired":
        ApiToken.objects.update(expires_at=timezone.now())
    elif state == "revoked":
        revoke_token(token=ApiToken.objects.get(), actor=lead)
    else:
        account("lead", "external_examiner")

    response = Client().get("/api/me", **bearer(token))

    assert (response.status_code, response.json()) == (401, UNAUTHORISED)
    assert ApiToken.objects.get().last_used is None


def test_an_unknown_token_is_refused_with_401(alice):
    response = Client().get("/api/me", **bearer("rg_not-a-token"))

    assert (response.status_code, response.json()) == (401, UNAUTHORISED)


def test_a_browser_session_needs_the_csrf_token_to_change_anything(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)

    refused = client.post(
        "/api/students/00000001/elective",
        {"module_code": "COMP70010"},
        content_type="application/json",
    )
    client.get("/me/")  # sets the CSRF cookie, as the page would
    accepted = client.post(
        "/api/students/00000001/elective",
        {"module_code": "COMP70010"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )

    assert (refused.status_code, accepted.status_code) == (403, 201)
    assert refused.json() == {"detail": "CSRF check Failed"}


def test_a_refused_choice_is_409_with_the_domain_message(alice):
    client = Client()
    client.force_login(alice.user)
    client.post("/api/students/00000001/elective", {"module_code": "COMP70010"}, "application/json")

    response = client.post(
        "/api/students/00000001/elective", {"module_code": "COMP70016"}, "application/json"
    )

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "you may choose exactly 1 elective and have already chosen "
            "COMP70010 Deep Learning; withdraw from it first to choose another"
        },
    )


def test_a_malformed_request_is_422_naming_the_field(alice):
    client = Client()
    client.force_login(alice.user)

    response = client.post("/api/students/00000001/elective", {"code": "X"}, "application/json")

    assert (response.status_code, response.json()) == (
        422,
        {"detail": "invalid request: module_code: Field required"},
    )


def test_an_unknown_student_is_404_for_staff(account, programme):
    client = Client()
    client.force_login(account("registry", "administrator"))

    response = client.get("/api/students/99999999")

    assert (response.status_code, response.json()) == (404, {"detail": "no student 99999999"})


def test_withdraw_through_the_api(alice):
    client = Client()
    client.force_login(alice.user)
    client.post("/api/students/00000001/elective", {"module_code": "COMP70010"}, "application/json")

    response = client.delete("/api/students/00000001/elective/COMP70010")

    assert response.status_code == 204
    assert not Registration.objects.filter(student=alice, category="elective").exists()


def test_import_through_the_api_refuses_a_bad_file_whole(account, programme):
    client = Client()
    client.force_login(account("registry", "administrator"))
    csv = "student_id,given_name,family_name,email\n1,A,B,a@example.ac.uk\n2,C,D,bad\n"

    response = client.post(
        "/api/students/import",
        {"programme_id": programme.pk, "filename": "x.csv", "csv": csv, "commit": True},
        "application/json",
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "1 problem in x.csv; nothing was imported",
            "errors": [
                {
                    "file": "x.csv",
                    "line": 3,
                    "field": "email",
                    "severity": "error",
                    "message": "'bad' is not an email address",
                    "fix": "give an address such as name@example.ac.uk",
                }
            ],
        },
    )
    assert programme.students.count() == 0


def test_import_through_the_api_commits_a_good_file(account, programme):
    client = Client()
    client.force_login(account("registry", "administrator"))
    csv = "student_id,given_name,family_name,email\n1,A,B,a@example.ac.uk\n"

    response = client.post(
        "/api/students/import",
        {"programme_id": programme.pk, "csv": csv, "commit": True},
        "application/json",
    )

    assert response.json() == {
        "committed": True,
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "rows": [{"line": 2, "student_id": "1", "action": "add", "changes": {}}],
    }
    assert programme.students.get().registrations.count() == 4


# Teaching assignments


@pytest.fixture
def registry_client(account, programme):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def test_a_leader_is_assigned_listed_and_removed_through_the_api(
    registry_client, programme, account
):
    account("lee", "module_leader")

    created = registry_client.post(
        "/api/teaching/leaders",
        {"programme_id": programme.pk, "module_code": "comp70010", "username": "lee"},
        "application/json",
    )
    listed = registry_client.get(f"/api/teaching?programme_id={programme.pk}")
    removed = registry_client.delete(f"/api/teaching/leaders/{created.json()['id']}")
    again = registry_client.delete(f"/api/teaching/leaders/{created.json()['id']}")

    assert created.status_code == 201
    body = created.json()
    assert (body["programme_id"], body["module_code"], body["username"]) == (
        programme.pk,
        "COMP70010",
        "lee",
    )
    assert [(x["id"], x["module_code"]) for x in listed.json()["leaders"]] == [
        (body["id"], "COMP70010")
    ]
    assert (removed.status_code, again.status_code) == (204, 404)
    assert again.json() == {"detail": f"no module leader assignment {body['id']}"}
    assert ModuleLeader.objects.count() == 0


def test_a_refused_assignment_is_409_with_the_domain_message(registry_client, programme, account):
    account("sam", "project_supervisor")

    response = registry_client.post(
        "/api/teaching/leaders",
        {"programme_id": programme.pk, "module_code": "COMP70010", "username": "sam"},
        "application/json",
    )

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "sam is a project supervisor; only an account with the role module "
            "leader can be assigned as module leader"
        },
    )


def test_a_second_lead_supervisor_is_409_and_a_co_supervisor_201(
    registry_client, make_student, account
):
    make_student("00000001")
    account("sam", "project_supervisor")
    account("ines", "project_supervisor")
    first = registry_client.post(
        "/api/teaching/supervisors",
        {"student_id": "00000001", "username": "sam", "role": "lead"},
        "application/json",
    )

    second = registry_client.post(
        "/api/teaching/supervisors",
        {"student_id": "00000001", "username": "ines", "role": "lead"},
        "application/json",
    )
    co = registry_client.post(
        "/api/teaching/supervisors",
        {
            "student_id": "00000001",
            "username": "ines",
            "role": "co",
            "external": True,
            "organisation": "DeepMind",
        },
        "application/json",
    )

    assert first.status_code == 201
    assert (second.status_code, second.json()) == (
        409,
        {
            "detail": "00000001 already has a supervisor, sam; a student has at most one: "
            "remove them first, or add this one as co-supervisor"
        },
    )
    assert co.status_code == 201
    assert {
        k: co.json()[k] for k in ("student_id", "username", "role", "external", "organisation")
    } == {
        "student_id": "00000001",
        "username": "ines",
        "role": "co",
        "external": True,
        "organisation": "DeepMind",
    }


@pytest.mark.parametrize(
    ("payload", "status", "detail"),
    [
        (
            {"student_id": "99999999", "username": "sam"},
            404,
            "no student 99999999",
        ),
        (
            {"student_id": "00000001", "username": "nobody"},
            404,
            "no account 'nobody'",
        ),
        (
            {"student_id": "00000001", "username": "sam", "role": "chief"},
            422,
            "invalid request: role: Input should be 'lead' or 'co'",
        ),
    ],
)
def test_a_supervision_naming_what_does_not_exist_or_a_wrong_role_is_refused(
    registry_client, make_student, account, payload, status, detail
):
    make_student("00000001")
    account("sam", "project_supervisor")

    response = registry_client.post("/api/teaching/supervisors", payload, "application/json")

    assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert Supervision.objects.count() == 0


def test_teaching_of_an_unknown_programme_is_404(registry_client):
    response = registry_client.get("/api/teaching?programme_id=999999")

    assert (response.status_code, response.json()) == (404, {"detail": "no programme 999999"})


@pytest.mark.parametrize("who", ["student", "module_leader"])
@pytest.mark.parametrize("path", ["/api/students/{id}", "/api/students/{id}/workload"])
def test_a_record_one_may_not_read_is_answered_exactly_as_a_missing_one(
    make_student, account, programme, who, path
):
    make_student("00000002")  # Bob: neither the student nor the leader may read him
    users = {"student": make_student("00000001", username="alice").user}
    users["module_leader"] = account("lee", "module_leader")
    client = Client()
    client.force_login(users[who])

    other = client.get(path.format(id="00000002"))
    missing = client.get(path.format(id="00000009"))

    assert (other.status_code, other.json()) == (404, {"detail": "no student 00000002"})
    assert (missing.status_code, missing.json()) == (404, {"detail": "no student 00000009"})

"""The import pages (students, marks): preview, then commit by the file's SHA-256.

The file is kept under VAR_DIR between the two (web/uploads.py), so a file beyond Django's
2.5 MB form limit commits; the same file committed twice writes nothing the second time.
"""

from __future__ import annotations

import hashlib
import re
import stat
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from registrar.assessment.models import Mark
from registrar.audit.models import AuditEntry
from registrar.people.models import Student
from registrar.registrations.models import Registration
from registrar.web import uploads
from tests.assessment.world import AMARA, BEN, HEADER, make_cohort

pytestmark = pytest.mark.django_db

URL = "/students/import/"
PROBLEM_ROW = re.compile(
    r'<tr><td data-label="File">([^<]*)</td><td data-label="Line" class="num">(\d+)</td>'
    r'<td data-label="Field"><code>([^<]*)</code></td><td data-label="What is wrong">([^<]*)'
    r'</td><td data-label="Fix">([^<]*)</td></tr>'
)


@pytest.fixture
def admin_client(account):
    client = Client()
    client.force_login(account("registry", "administrator"))
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def upload(client, programme, data: bytes, name: str = "cohort.csv"):
    return client.post(
        URL,
        {"programme": programme.pk, "file": SimpleUploadedFile(name, data, "text/csv")},
    )


def commit_fields(body: str) -> dict[str, str]:
    fields = dict(
        re.findall(r'<input type="hidden" name="(programme|filename|sha256)" value="([^"]*)"', body)
    )
    return {**fields, "commit": "1"}


def test_a_file_is_previewed_then_committed_by_its_hash_and_kept_privately(admin_client, programme):
    data = b"student_id,given_name,family_name,email\n1,Ada,Lovelace,ada@example.ac.uk\n"

    preview = upload(admin_client, programme, data).content.decode()
    fields = commit_fields(preview)
    commit = admin_client.post(URL, fields, follow=True)

    digest = hashlib.sha256(data).hexdigest()
    kept = settings.VAR_DIR / "uploads" / digest
    assert "1 rows: 1 to add, 0 to update, 0 unchanged." in preview
    assert fields == {
        "programme": str(programme.pk),
        "filename": "cohort.csv",
        "sha256": digest,
        "commit": "1",
    }
    assert (kept.read_bytes(), stat.S_IMODE(kept.stat().st_mode)) == (data, 0o600)
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert messages_of(commit) == ["Imported cohort.csv: 1 added, 0 updated, 0 unchanged."]
    assert list(Student.objects.values_list("student_id", "given_name")) == [("1", "Ada")]


def test_committing_the_same_file_twice_writes_nothing_the_second_time_and_says_so(
    admin_client, programme
):
    data = b"student_id,given_name,family_name,email\n1,Ada,Lovelace,ada@example.ac.uk\n"
    fields = commit_fields(upload(admin_client, programme, data).content.decode())
    admin_client.post(URL, fields, follow=True)
    entries = AuditEntry.objects.count()

    again = admin_client.post(URL, fields, follow=True)

    assert messages_of(again) == [
        "Nothing to import: every row of cohort.csv is already in the records (it may have "
        "been imported already); nothing was written."
    ]
    assert (AuditEntry.objects.count(), Student.objects.count()) == (entries, 1)


def test_an_unknown_hash_commits_nothing_and_asks_for_the_file_again(admin_client, programme):
    fields = {"programme": programme.pk, "filename": "x.csv", "sha256": "0" * 64, "commit": "1"}

    response = admin_client.post(URL, fields, follow=True)

    assert messages_of(response) == ["The previewed file is no longer kept; upload it again."]
    assert Student.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(
    admin_client, programme, monkeypatch
):
    monkeypatch.setattr(uploads, "MOST_BYTES", 1024 * 1024)
    data = b"student_id,given_name,family_name,email\n" + b"x" * (1024 * 1024)

    response = upload(admin_client, programme, data)

    assert response.status_code == 400
    assert re.findall(r'<p class="error" role="alert">([^<]*)</p>', response.content.decode()) == [
        "cohort.csv is 1,048,616 bytes, more than the 1 MB a page takes; split it, or import "
        "it with the registrar command."
    ]
    assert not (settings.VAR_DIR / "uploads" / hashlib.sha256(data).hexdigest()).exists()


def test_problems_are_listed_one_a_row_in_the_house_form_and_no_commit_is_offered(
    admin_client, programme
):
    data = (
        b"student_id,given_name,family_name,email\n1,Ada,Lovelace,nope\n"
        b'2,"' + b"A" * 140_000 + b'",B,b@example.ac.uk\n'
    )

    response = upload(admin_client, programme, data)
    body = response.content.decode()

    assert response.status_code == 200
    assert "2 problems: nothing will be imported." in body
    assert PROBLEM_ROW.findall(body) == [
        (
            "cohort.csv",
            "2",
            "email",
            "&#x27;nope&#x27; is not an email address",
            "give an address such as name@example.ac.uk",
        ),
        (
            "cohort.csv",
            "3",
            "(file)",
            "cannot be read as CSV (field larger than field limit (131072))",
            "no value may be longer than 131,072 characters: look for a quote that is never closed",
        ),
    ]
    assert 'name="commit"' not in body


def test_a_file_that_is_not_utf8_is_one_problem(admin_client, programme):
    data = "student_id,given_name,family_name,email\n1,Ren\xe9,L,r@example.ac.uk\n".encode(
        "latin-1"
    )

    body = upload(admin_client, programme, data).content.decode()

    assert PROBLEM_ROW.findall(body) == [
        ("cohort.csv", "2", "(file)", "is not UTF-8 text (byte 0xe9)", "save it as CSV UTF-8")
    ]


def test_the_import_page_previews_the_elective_and_commits_it(admin_client, programme):
    data = (
        b"student_id,given_name,family_name,email,elective\n"
        b"02500001,Amara,Adeyemi,amara@example.ac.uk,COMP70010\n"
        b"02500002,Ben,Brown,ben@example.ac.uk,comp70016\n"
    )

    preview = upload(admin_client, programme, data).content.decode()
    admin_client.post(URL, commit_fields(preview))

    assert (
        '<td data-label="Details">Amara Adeyemi, amara@example.ac.uk; elective '
        '<span class="code">COMP70010</span></td>'
    ) in preview
    assert "optional status, username and elective" in preview
    assert list(
        Registration.objects.filter(category="elective")
        .order_by("student__student_id")
        .values_list("student__student_id", "module_code", "how", "reason")
    ) == [
        ("02500001", "COMP70010", "override", "imported"),
        ("02500002", "COMP70016", "override", "imported"),
    ]


def test_a_48000_row_file_previews_and_commits_through_the_page(admin_client, programme):
    rows = [f"X{n:07d},Given{n},Family{n},given{n}.family{n}@example.ac.uk" for n in range(48_000)]
    data = ("student_id,given_name,family_name,email\n" + "\n".join(rows) + "\n").encode()
    assert len(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # beyond Django's form limit

    started = time.monotonic()
    preview = upload(admin_client, programme, data, "cohort-48000.csv").content.decode()
    commit = admin_client.post(URL, commit_fields(preview), follow=True)
    seconds = time.monotonic() - started

    assert "48000 rows: 48000 to add, 0 to update, 0 unchanged." in preview
    assert messages_of(commit) == [
        "Imported cohort-48000.csv: 48000 added, 0 updated, 0 unchanged."
    ]
    assert Student.objects.count() == 48_000
    assert Registration.objects.count() == 48_000 * 4  # the core and compulsory modules
    assert AuditEntry.objects.filter(action="student.added").count() == 48_000
    print(f"48,000 rows previewed and committed through the page in {seconds:.1f} s")


# The marks upload page: the same way through (preview, then commit by hash).

MARKS = "/marks/{pk}/COMP70076/upload/"


def test_a_marks_file_is_committed_by_its_hash_and_a_second_commit_writes_nothing(
    programme, make_student, account
):
    cohort = make_cohort(programme, make_student, account)
    client = Client()
    client.force_login(cohort.leader2)
    url = MARKS.format(pk=programme.pk)
    data = (HEADER + f"{AMARA},COMP70076,,1,61,,\n{BEN},COMP70076,,1,,MC,\n").encode()

    preview = client.post(url, {"file": SimpleUploadedFile("marks.csv", data)}).content.decode()
    fields = dict(
        re.findall(r'<input type="hidden" name="(filename|sha256)" value="([^"]*)"', preview)
    )
    first = client.post(url, {**fields, "commit": "1"}, follow=True)
    entries = AuditEntry.objects.count()
    second = client.post(url, {**fields, "commit": "1"}, follow=True)

    assert fields == {"filename": "marks.csv", "sha256": hashlib.sha256(data).hexdigest()}
    assert messages_of(first) == ["Saved marks.csv: 2 added, 0 changed, 0 unchanged."]
    assert messages_of(second) == [
        "Nothing to save: every mark in marks.csv is already stored (it may have been saved "
        "already); nothing was written."
    ]
    assert (Mark.objects.count(), AuditEntry.objects.count()) == (2, entries)


def test_a_marks_problem_is_shown_with_its_fix(programme, make_student, account):
    cohort = make_cohort(programme, make_student, account)
    client = Client()
    client.force_login(cohort.leader2)
    data = (HEADER + f"{AMARA},COMP70010,,1,61,,\n").encode()

    body = client.post(
        MARKS.format(pk=programme.pk), {"file": SimpleUploadedFile("marks.csv", data)}
    ).content.decode()

    assert PROBLEM_ROW.findall(body) == [
        (
            "marks.csv",
            "2",
            "module_code",
            "this upload is for COMP70076",
            "upload COMP70010 marks on its own page",
        )
    ]

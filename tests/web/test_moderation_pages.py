"""The moderation pages, their CSV export and the API: exact numbers from stored marks.

The cohort and its hand-worked numbers are in tests/moderation/world.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from registrar.moderation import stored
from tests.moderation.world import A, B, build

pytestmark = pytest.mark.django_db

A_TITLE = f"{A} Ethics, Fairness, and Explanation in AI"
B_TITLE = f"{B} Simulated Research and Development Project Proposal"


@pytest.fixture
def users(programme, make_student, account):
    return build(programme, make_student, account)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(user, path: str):
    response = client_for(user).get(path)
    assert response.status_code == 200
    return response


def page(user, path: str) -> str:
    return get(user, path).content.decode()


def plain(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def cells(body: str, label: str) -> list[str]:
    """The text of every table cell with data-label `label`."""
    return [
        plain(f)
        for f in re.findall(rf'<td data-label="{re.escape(label)}"[^>]*>(.*?)</td>', body, re.S)
    ]


def facts(body: str) -> dict[str, str]:
    pairs = re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", body, re.S)
    return {plain(k): plain(v) for k, v in pairs}


def rows(body: str, table_class: str) -> list[str]:
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', body, re.S)
    assert table is not None
    return [plain(r) for r in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)]


# --- the list ---------------------------------------------------------------------------------


def test_list_gives_the_board_every_running_module_with_n_mean_and_missing(users):
    body = page(users["exam_board"], "/moderation/")
    table = dict(
        zip(
            cells(body, "Module"),
            zip(cells(body, "Marked"), cells(body, "Mean"), cells(body, "Missing"), strict=True),
            strict=True,
        )
    )

    assert len(table) == 26
    assert (table[A_TITLE], table[B_TITLE]) == (
        ("3", "39.17", "1 + 1 set aside"),
        ("5", "55.20", "0"),
    )
    assert plain(re.search(r"Cohort mean across all modules:.*?</p>", body, re.S).group(0)) == (
        "Cohort mean across all modules: 49.19 (8 first-attempt marks of 5 enrolled students)"
    )


def test_list_gives_a_leader_only_the_modules_they_lead(users):
    body = page(users["module_leader"], "/moderation/")

    assert cells(body, "Module") == [A_TITLE]


def test_list_tells_a_leader_of_no_module_there_is_nothing_to_moderate(users, account):
    body = page(account("leader_c", "module_leader"), "/moderation/")

    assert (cells(body, "Module"), "There are no modules for you to moderate." in body) == (
        [],
        True,
    )


# --- one module ---------------------------------------------------------------------------------


def test_module_page_gives_the_statistics(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")

    assert facts(body) == {
        "Registered": "5",
        "Marked (n)": "3",
        "Missing": "1",
        "Set aside (MC)": "1",
        "Mean": "39.17",
        "Median": "45.50",
        "Standard deviation (population)": "29.73",
        "Lowest – highest": "0.00 – 72.00",
    }


def test_module_page_links_its_csv_export_and_the_api(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")
    actions = re.search(r'<p class="moderation-actions">(.*?)</p>', body, re.S).group(1)

    assert re.findall(r'href="([^"]+)"', actions) == [
        f"/moderation/{programme.pk}/{A}/export.csv",
        f"/api/moderation/{programme.pk}/{A}",
    ]


def test_module_page_gives_bands_and_the_comparison_with_the_cohort(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")
    bands = re.search(r'id="bands".*?</table>', body, re.S).group(0)
    against = re.search(r'id="against".*?</table>', body, re.S).group(0)

    assert [plain(r) for r in re.findall(r"<tr>(.*?)</tr>", bands, re.S)][1:] == [
        "Pass 50.00 and above 1",
        "Compensation zone 40.00 – 49.99 1",
        "Fail below 40.00 1",
        "Missing no marks, or components still to come 1",
        "Set aside mitigating circumstances upheld (MC) 1",
    ]
    assert [plain(r) for r in re.findall(r"<tr>(.*?)</tr>", against, re.S)][1:] == [
        "This module 3 39.17",
        "The same students in their other modules 3 52.33",
        "Difference (this module − their other modules) -13.17",
        "The whole cohort, all modules 8 49.19",
    ]


def test_core_module_page_says_there_is_no_compensation_zone(programme, users):
    body = page(users["leader_b"], f"/moderation/{programme.pk}/{B}/")
    bands = re.search(r'id="bands".*?</table>', body, re.S).group(0)

    assert [plain(r) for r in re.findall(r"<tr>(.*?)</tr>", bands, re.S)][1:4] == [
        "Pass 50.00 and above 3",
        "Compensation zone none: a core module is never compensated",
        "Fail below 50.00 2",
    ]


def test_module_page_gives_the_histogram_as_a_table_and_as_chart_data(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")
    data = re.search(
        r'<script id="moderation-histogram-data" type="application/json">(.*?)</script>', body
    )

    assert rows(body, "moderation-bins")[1:] == [
        "0–9.99 1 fail",
        "10–19.99 0 fail",
        "20–29.99 0 fail",
        "30–39.99 0 fail",
        "40–49.99 1 compensation zone",
        "50–59.99 0 pass",
        "60–69.99 0 pass",
        "70–79.99 1 pass",
        "80–89.99 0 pass",
        "90–100 0 pass",
    ]
    assert data is not None
    assert data.group(1) == (
        '{"labels": ["0\\u20139.99", "10\\u201319.99", "20\\u201329.99", "30\\u201339.99", '
        '"40\\u201349.99", "50\\u201359.99", "60\\u201369.99", "70\\u201379.99", '
        '"80\\u201389.99", "90\\u2013100"], "counts": [1, 0, 0, 0, 1, 0, 0, 1, 0, 0], '
        '"kinds": ["fail", "fail", "fail", "fail", "zone", "pass", "pass", "pass", "pass", '
        '"pass"]}'
    )


def test_module_page_loads_its_chart_from_our_static_files_with_no_inline_script(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")
    scripts = re.findall(r"<script([^>]*)>", body)

    assert scripts == [
        ' id="moderation-histogram-data" type="application/json"',
        ' src="/static/registrar/vendor/chart.umd.min.js" defer',
        ' src="/static/registrar/moderation.js" defer',
    ]


def test_chart_library_and_its_licence_are_in_the_package_static_files():
    library = Path(finders.find("registrar/vendor/chart.umd.min.js"))
    licence = Path(finders.find("registrar/vendor/chart.js.LICENSE.md"))

    assert library.read_text(encoding="utf-8").startswith("/*!\n * Chart.js v4.6.1\n")
    assert licence.read_text(encoding="utf-8").splitlines()[0] == "The MIT License (MIT)"
    assert Path(finders.find("registrar/moderation.js")).parent == library.parent.parent


def test_module_page_lists_each_enrolled_student_with_first_attempt_and_standing_mark(
    programme, users
):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")

    assert rows(body, "moderation-students")[1:] == [
        "02500001 Ada Lovelace 72.00 72.00 passed",
        "02500002 Alan Turing 45.50 45.50 compensated",
        "02500003 Grace Hopper 0.00 not submitted (NS), scored 0.00 0.00 failed",
        "02500004 Edsger Dijkstra set aside — missing",
        "02500005 Barbara Liskov no marks — missing",
    ]
    assert "Knuth" not in body  # interrupted: not in the cohort a board evaluates


def test_leader_does_not_see_each_students_marks_in_other_modules(programme, users):
    body = page(users["module_leader"], f"/moderation/{programme.pk}/{A}/")

    assert (cells(body, "Elsewhere (n)"), "Other modules:" in body) == ([], False)


def test_board_sees_each_student_against_their_other_modules(programme, users):
    body = page(users["exam_board"], f"/moderation/{programme.pk}/{A}/")

    assert rows(body, "moderation-students")[1:] == [
        "02500001 Ada Lovelace 72.00 72.00 passed 64.00 (1) +8.00",
        # compensated: the POWA (45.50 × 5 + 55.00 × 10) / 15 = 51.83 reaches 50.00
        "02500002 Alan Turing 45.50 45.50 compensated 55.00 (1) -9.50",
        "02500003 Grace Hopper 0.00 not submitted (NS), scored 0.00 0.00 failed 38.00 (1) -38.00",
        "02500004 Edsger Dijkstra set aside — missing 70.00 (1) —",
        "02500005 Barbara Liskov no marks — missing 49.00 (1) —",
    ]


def test_unknown_module_is_not_found_for_a_cohort_reader(programme, users):
    response = client_for(users["exam_board"]).get(f"/moderation/{programme.pk}/COMP99999/")

    assert response.status_code == 404


def test_unknown_programme_is_not_found(users):
    response = client_for(users["exam_board"]).get(f"/moderation/999999/{A}/")

    assert response.status_code == 404


def test_module_page_says_why_when_the_marks_cannot_be_evaluated(programme, users, monkeypatch):
    monkeypatch.setattr(stored, "regulations_path", lambda spec: None)
    body = page(users["exam_board"], f"/moderation/{programme.pk}/{A}/")

    assert plain(
        re.search(r'<div class="message message-error".*?</div>', body, re.S).group(0)
    ) == (
        "Moderation is not available for this cohort: no regulations found for imperial/taught "
        "(regulations/imperial/taught.yaml); the marks cannot be evaluated without them"
    )


# --- export -------------------------------------------------------------------------------------

STATISTICS_A = """statistic,value
programme_id,{pk}
programme,G5ZB 2025-26
module_code,COMP70076
module_title,"Ethics, Fairness, and Explanation in AI"
category,compulsory
ects,5
level,7
mark,first attempt
pass_mark,50.00
zone_low,40.00
zone_high,49.99
registered,5
n,3
missing,1
set_aside,1
mean,39.17
median,45.50
standard_deviation,29.73
minimum,0.00
maximum,72.00
passed,1
in_zone,1
failed,1
other_modules_mean,52.33
other_modules_marks,3
difference,-13.17
cohort_mean,49.19
cohort_marks,8
bin 0.00-9.99,1
bin 10.00-19.99,0
bin 20.00-29.99,0
bin 30.00-39.99,0
bin 40.00-49.99,1
bin 50.00-59.99,0
bin 60.00-69.99,0
bin 70.00-79.99,1
bin 80.00-89.99,0
bin 90.00-100.00,0

"""


def test_export_for_the_leader_is_the_statistics_then_the_students(programme, users):
    response = get(users["module_leader"], f"/moderation/{programme.pk}/{A}/export.csv")

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "text/csv; charset=utf-8",
        'attachment; filename="moderation-G5ZB-2025-26-COMP70076.csv"',
    )
    assert response.content.decode() == STATISTICS_A.format(pk=programme.pk) + (
        "student_id,family_name,given_name,first_attempt_mark,state,effects,attempts,"
        "standing_mark,result\n"
        "02500001,Lovelace,Ada,72.00,marked,,1,72.00,passed\n"
        "02500002,Turing,Alan,45.50,marked,,1,45.50,compensated\n"
        "02500003,Hopper,Grace,0.00,marked,not_submitted,1,0.00,failed\n"
        "02500004,Dijkstra,Edsger,,set aside,,1,,missing\n"
        "02500005,Liskov,Barbara,,no marks,,0,,missing\n"
    )


def test_export_for_the_board_adds_each_students_other_modules(programme, users):
    response = get(users["exam_board"], f"/moderation/{programme.pk}/{A}/export.csv")
    students = response.content.decode().split("\n\n")[1]

    assert students == (
        "student_id,family_name,given_name,first_attempt_mark,state,effects,attempts,"
        "standing_mark,result,other_modules_mean,other_modules_marks,difference\n"
        "02500001,Lovelace,Ada,72.00,marked,,1,72.00,passed,64.00,1,8.00\n"
        "02500002,Turing,Alan,45.50,marked,,1,45.50,compensated,55.00,1,-9.50\n"
        "02500003,Hopper,Grace,0.00,marked,not_submitted,1,0.00,failed,38.00,1,-38.00\n"
        "02500004,Dijkstra,Edsger,,set aside,,1,,missing,70.00,1,\n"
        "02500005,Liskov,Barbara,,no marks,,0,,missing,49.00,1,\n"
    )


def test_export_is_refused_when_the_marks_cannot_be_evaluated(programme, users, monkeypatch):
    monkeypatch.setattr(stored, "regulations_path", lambda spec: None)
    response = client_for(users["exam_board"]).get(f"/moderation/{programme.pk}/{A}/export.csv")

    assert (response.status_code, response.content.decode()) == (
        409,
        "moderation is not available: no regulations found for imperial/taught "
        "(regulations/imperial/taught.yaml); the marks cannot be evaluated without them\n",
    )


# --- API ------------------------------------------------------------------------------------------


def test_api_gives_the_same_numbers_as_the_export(programme, users):
    data = get(users["module_leader"], f"/api/moderation/{programme.pk}/{A}").json()
    exported = get(users["module_leader"], f"/moderation/{programme.pk}/{A}/export.csv")
    statistics = dict(
        line.split(",", 1)
        for line in exported.content.decode().split("\n\n")[0].splitlines()[1:]
        if not line.startswith(("bin ", "module_title"))
    )

    assert {k: str(v) for k, v in data.items() if k in statistics} == statistics
    assert data["histogram"][4] == {"low": "40.00", "high": "49.99", "count": 1}
    assert data["students"][2] == {
        "student_id": "02500003",
        "family_name": "Hopper",
        "given_name": "Grace",
        "first_attempt_mark": "0.00",
        "state": "marked",
        "effects": ["not_submitted"],
        "attempts": 1,
        "standing_mark": "0.00",
        "result": "failed",
    }


def test_api_gives_the_board_each_students_other_modules(programme, users):
    data = get(users["exam_board"], f"/api/moderation/{programme.pk}/{A}").json()

    assert [
        (s["other_modules_mean"], s["other_modules_marks"], s["difference"])
        for s in data["students"]
    ] == [
        ("64.00", 1, "8.00"),
        ("55.00", 1, "-9.50"),
        ("38.00", 1, "-38.00"),
        ("70.00", 1, None),
        ("49.00", 1, None),
    ]


def test_api_list_gives_a_leader_their_modules(programme, users):
    data = get(users["module_leader"], "/api/moderation").json()

    assert data == [
        {
            "programme_id": programme.pk,
            "module_code": A,
            "module_title": "Ethics, Fairness, and Explanation in AI",
            "category": "compulsory",
            "registered": 5,
            "n": 3,
            "mean": "39.17",
            "missing": 1,
            "set_aside": 1,
        }
    ]


def test_api_refuses_with_409_when_the_marks_cannot_be_evaluated(programme, users, monkeypatch):
    monkeypatch.setattr(stored, "regulations_path", lambda spec: None)
    response = client_for(users["exam_board"]).get(f"/api/moderation/{programme.pk}/{A}")

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "moderation is not available: no regulations found for imperial/taught "
            "(regulations/imperial/taught.yaml); the marks cannot be evaluated without them"
        },
    )


def test_api_unknown_module_is_404(programme, users):
    response = client_for(users["exam_board"]).get(f"/api/moderation/{programme.pk}/COMP99999")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "no module COMP99999 in MRes AI and Machine Learning (2025-26 entry)"},
    )


def test_navigation_links_moderation_for_a_leader_and_not_for_a_student(users):
    leader = page(users["module_leader"], "/programmes/")
    student = page(users["student"], "/me/")

    assert ('<a href="/moderation/"' in leader, '<a href="/moderation/"' in student) == (
        True,
        False,
    )

"""The marks pages: the list of modules, a module's grid (saved all or nothing, stale edits
refused with who changed what), uploads with their preview, and the templates."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from registrar.assessment.domain.entry import MarkInput, save_marks
from registrar.assessment.models import Mark
from tests.assessment.world import AMARA, BEN, CARA, HEADER, make_cohort, stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, make_student, account):
    return make_cohort(programme, make_student, account)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grid_url(cohort, code: str) -> str:
    return f"/marks/{cohort.programme.pk}/{code}/"


INPUT = r'<input type="(?:hidden|text)"[^>]* name="([^"]+)" value="([^"]*)"'
PROBLEM = r'<td data-label="What is wrong">([^<]+)</td>'


def form_of(body: str) -> dict[str, str]:
    """The grid form's fields as a browser would post them (inputs and selected options)."""
    fields = dict(
        re.findall(r'<input type="(?:hidden|text)"[^>]* name="([^"]+)" value="([^"]*)"', body)
    )
    for name, options in re.findall(r'<select name="([^"]+)">(.*?)</select>', body, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        fields[name] = chosen.group(1) if chosen else ""
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_marks_page_lists_the_modules_one_may_mark(cohort):
    body = client_of(cohort.leader2).get("/marks/").content.decode()

    assert re.findall(r'class="code" href="([^"]+)">(\w+)</a>', body) == [
        (grid_url(cohort, "COMP70076"), "COMP70076")
    ]
    assert '<td data-label="Students" class="num">3</td>' in body


def test_the_grid_shows_students_by_component_with_their_marks(cohort):
    save_marks(
        programme=cohort.programme,
        entries=[MarkInput(AMARA, "COMP70059", "Research thesis", 1, "68")],
        actor=None,
    )

    body = client_of(cohort.admin).get(grid_url(cohort, "COMP70059")).content.decode()

    assert re.findall(r'<th scope="col">([^<]+)</th>', body) == [
        "Student",
        "Background report",
        "Research thesis",
        "Oral presentation",
    ]
    assert re.findall(r'<span class="code">(\d+)</span>', body) == [AMARA, BEN, CARA]
    assert form_of(body)["mark-0-1"] == "68.00"
    assert form_of(body)["version-0-1"] == "1"
    assert '<span class="visually-hidden"> of Amara Adeyemi (02500001), Research thesis</span>' in (
        body
    )


def test_a_supervisor_sees_only_their_supervisees_rows(cohort):
    body = client_of(cohort.supervisor).get(grid_url(cohort, "COMP70059")).content.decode()

    assert re.findall(r'<span class="code">(\d+)</span>', body) == [AMARA]


def test_saving_the_grid_writes_only_the_changed_cells(cohort):
    client = client_of(cohort.leader2)
    fields = form_of(client.get(grid_url(cohort, "COMP70076")).content.decode())
    fields.update({"mark-0-0": "61", "flag-2-0": "NS"})

    response = client.post(grid_url(cohort, "COMP70076"), fields, follow=True)

    assert messages_of(response) == ["Saved 2 marks of COMP70076 attempt 1: 2 added, 0 changed."]
    assert [row[:6] for row in stored()] == [
        (AMARA, "COMP70076", "", 1, "61.00", ""),
        (CARA, "COMP70076", "", 1, None, "NS"),
    ]
    assert Mark.objects.get(student__student_id=AMARA).updated_by == cohort.leader2


def test_a_second_save_from_the_same_start_is_refused_and_keeps_what_was_typed(cohort):
    save_marks(
        programme=cohort.programme, entries=[MarkInput(AMARA, "COMP70076", mark="61")], actor=None
    )
    first, second = client_of(cohort.leader2), client_of(cohort.admin)
    url = grid_url(cohort, "COMP70076")
    form_first = form_of(first.get(url).content.decode())
    form_second = form_of(second.get(url).content.decode())
    form_first["mark-0-0"] = "64"
    form_second.update({"mark-0-0": "62.5", "mark-1-0": "55"})
    first.post(url, form_first)

    response = second.post(url, form_second)

    body = response.content.decode()
    assert response.status_code == 409
    assert re.findall(r"<li>(.*?)</li>", body.split('id="problems"')[1].split("</ul>")[0]) == [
        f"Amara Adeyemi ({AMARA}), module mark: the mark of {AMARA} COMP70076 whole module, "
        f"attempt 1 was changed by leader2 at {_time_of(AMARA)} from 61.00 to 64.00; "
        "reload to see it"
    ]
    typed = form_of(body)
    # what the second user typed is still there; nothing of their save was written
    assert (typed["mark-0-0"], typed["mark-1-0"]) == ("62.5", "55")
    assert [row[4] for row in stored()] == ["64.00"]
    # the form now starts from the stored mark: saving again replaces it knowingly
    assert (typed["version-0-0"], typed["was-0-0"]) == ("2", "64.00||")
    again = second.post(url, typed, follow=True)
    assert messages_of(again) == ["Saved 2 marks of COMP70076 attempt 1: 1 added, 1 changed."]
    assert [row[4] for row in stored()] == ["62.50", "55.00"]


def _time_of(student_id: str) -> str:
    from django.utils import timezone

    mark = Mark.objects.get(student__student_id=student_id)
    return f"{timezone.localtime(mark.updated_at):%H:%M}"


def test_a_bad_cell_is_shown_on_the_cell_and_nothing_is_saved(cohort):
    client = client_of(cohort.admin)
    url = grid_url(cohort, "COMP70076")
    fields = form_of(client.get(url).content.decode())
    fields.update({"mark-0-0": "61", "mark-1-0": "101"})

    response = client.post(url, fields)

    body = response.content.decode()
    assert response.status_code == 409
    assert re.findall(r'<p class="error" id="err-([^"]+)">([^<]+)</p>', body) == [
        # the problem's what; its fix
        ("1-0", "mark: 101 is above 100; give a mark from 0 to 100")
    ]
    assert 'name="mark-1-0" value="101" size="6" autocomplete="off" aria-invalid="true"' in body
    assert Mark.objects.count() == 0


def test_a_locked_mark_is_shown_but_cannot_be_edited(cohort):
    from registrar.boards.domain.runs import run_board

    save_marks(
        programme=cohort.programme, entries=[MarkInput(AMARA, "COMP70076", mark="61")], actor=None
    )
    run = run_board(programme=cohort.programme, actor=None)
    Mark.objects.update(locked_by=run)

    body = client_of(cohort.admin).get(grid_url(cohort, "COMP70076")).content.decode()

    assert "mark-0-0" not in form_of(body)
    assert f"Locked by board run {run.pk}; a resit is a new attempt." in body
    resit = client_of(cohort.admin).get(grid_url(cohort, "COMP70076") + "?attempt=2")
    assert form_of(resit.content.decode())["mark-0-0"] == ""


def test_an_upload_with_a_bad_row_saves_nothing_and_shows_the_row(cohort):
    client = client_of(cohort.leader2)
    url = f"/marks/{cohort.programme.pk}/COMP70076/upload/"
    data = HEADER + f"{AMARA},COMP70076,,1,61,,\n{BEN},COMP70076,,1,61.005,,\n"

    response = client.post(url, {"file": SimpleUploadedFile("marks.csv", data.encode())})

    body = response.content.decode()
    assert response.status_code == 400
    assert re.findall(PROBLEM, body) == ["61.005 has more than two decimals"]
    assert re.findall(r'<td data-label="Line" class="num">(\d+)</td>', body) == ["3"]
    assert Mark.objects.count() == 0


def test_an_upload_is_previewed_then_committed(cohort):
    client = client_of(cohort.leader2)
    url = f"/marks/{cohort.programme.pk}/COMP70076/upload/"
    data = HEADER + f"{AMARA},COMP70076,,1,61,,\n{BEN},COMP70076,,1,,MC,\n"

    preview = client.post(url, {"file": SimpleUploadedFile("marks.csv", data.encode())})
    body = preview.content.decode()
    commit = dict(
        re.findall(r'<input type="hidden" name="(filename|sha256)" value="([^"]*)"', body)
    )
    done = client.post(url, {**commit, "commit": "1"}, follow=True)

    assert "2 rows: 2 to add, 0 to change, 0 unchanged." in body
    assert Mark.objects.count() == 2
    assert messages_of(done) == ["Saved marks.csv: 2 added, 0 changed, 0 unchanged."]


def test_an_xlsx_upload_is_read_from_its_first_sheet(cohort):
    book = Workbook()
    for row in (("student_id", "module_code", "mark"), (AMARA, "COMP70076", 58.5)):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    client = client_of(cohort.leader2)

    response = client.post(
        f"/marks/{cohort.programme.pk}/COMP70076/upload/",
        {"file": SimpleUploadedFile("marks.xlsx", buffer.getvalue())},
    )

    assert '<td data-label="Mark">58.50</td>' in response.content.decode()


def test_an_upload_of_another_modules_marks_is_refused(cohort):
    client = client_of(cohort.leader2)
    data = HEADER + f"{AMARA},COMP70010,,1,61,,\n"

    response = client.post(
        f"/marks/{cohort.programme.pk}/COMP70076/upload/",
        {"file": SimpleUploadedFile("marks.csv", data.encode())},
    )

    assert re.findall(
        r'<td data-label="What is wrong">([^<]+)</td>', response.content.decode()
    ) == ["this upload is for COMP70076"]


def test_the_templates_hold_the_modules_students_and_components(cohort):
    client = client_of(cohort.supervisor)
    base = f"/marks/{cohort.programme.pk}/COMP70059/"

    csv = client.get(base + "template.csv")
    xlsx = client.get(base + "template.xlsx")

    assert csv["Content-Disposition"] == 'attachment; filename="COMP70059-2025-26-marks.csv"'
    assert csv.content.decode() == HEADER + "".join(
        f"{AMARA},COMP70059,{c},1,,,\n"
        for c in ("Background report", "Research thesis", "Oral presentation")
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[:3] for r in rows[1:]] == [
        (AMARA, "COMP70059", "Background report"),
        (AMARA, "COMP70059", "Research thesis"),
        (AMARA, "COMP70059", "Oral presentation"),
    ]


def test_an_unknown_module_is_not_found(cohort):
    response = client_of(cohort.admin).get(grid_url(cohort, "COMP99999"))

    assert response.status_code == 404


def test_the_grid_works_on_a_phone_and_for_screen_readers(cohort):
    body = client_of(cohort.leader2).get(grid_url(cohort, "COMP70076")).content.decode()

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert "<script" not in body
    labels = re.findall(r'<span class="visually-hidden"> of ([^<]+)</span>', body)
    assert labels == [
        f"{name} ({sid}), module mark"
        for name, sid in (("Amara Adeyemi", AMARA), ("Ben Brown", BEN), ("Cara Clark", CARA))
        for _ in range(3)
    ]


def test_the_grid_links_to_the_module_history_for_those_who_may_read_it(cohort):
    history = f'href="/modules/{cohort.programme.pk}/COMP70059/history/"'

    registry = client_of(cohort.admin).get(grid_url(cohort, "COMP70059")).content.decode()
    supervisor = client_of(cohort.supervisor).get(grid_url(cohort, "COMP70059")).content.decode()

    assert (history in registry, history in supervisor) == (True, False)

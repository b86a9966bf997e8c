"""`registrar results release RUN` and `registrar transcript`: exit codes, messages and files.

The commands run in-process on the test database (pytest-django), so that they are
checked on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from registrar.audit.models import AuditEntry
from registrar.boards.models import BoardRun
from registrar.cli import app
from tests.boards.test_release import ADA, ALAN, GRACE, board, make_cohort

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def registrar(*args: str):
    return runner.invoke(app, list(args))


def first_line(path) -> str:
    return PdfReader(path).pages[0].extract_text().splitlines()[0]


def names_in(path) -> str:
    return " ".join(PdfReader(path).pages[0].extract_text().split()).split(" Student ID")[0]


def test_release_releases_a_locked_run_and_says_who_can_see_it(programme, cohort):
    run = board(programme)

    result = registrar("results", "release", str(run.pk))

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Released the results of board run {run.pk} (G5ZB/2025-26): 3 students can now see "
        "them and their transcripts.\n"
    )
    assert BoardRun.objects.get(pk=run.pk).released_at is not None
    assert AuditEntry.objects.filter(action="results.released").count() == 1


def test_release_of_an_unknown_run_exits_1_naming_it(programme, cohort):
    result = registrar("results", "release", "999")

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: no board run 999; `registrar board run` prints the ID of each run it makes\n"
    )


def test_release_of_a_run_not_locked_exits_1_and_releases_nothing(programme, cohort):
    run = board(programme, lock=False)

    result = registrar("results", "release", str(run.pk))

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: board run {run.pk} is not locked; the board locks its decisions first "
        f"(registrar board lock {run.pk}), then its results can be released\n"
    )
    assert BoardRun.objects.get(pk=run.pk).released_at is None


def test_release_a_second_time_exits_1_saying_when_it_was_released(programme, cohort):
    run = board(programme, release=True)

    result = registrar("results", "release", str(run.pk))

    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: the results of board run {run.pk} were already released on "
    )
    assert result.stderr.endswith(" by the system\n")


def test_transcript_before_release_exits_1_and_writes_no_file(programme, cohort, tmp_path):
    board(programme)
    out = tmp_path / "ada.pdf"

    result = registrar("transcript", ADA, "-o", str(out))

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: no released results for student 02500101 (Ada Lovelace): a transcript shows "
        "only released results; release the locked board's results first "
        "(registrar results release RUN)\n"
    )
    assert not out.exists()


def test_transcript_of_one_student_writes_their_pdf(programme, cohort, tmp_path):
    board(programme, release=True)
    out = tmp_path / "ada.pdf"

    result = registrar("transcript", ADA, "-o", str(out))

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Wrote {out}: the transcript of 02500101 Ada Lovelace.\n"
    assert (out.read_bytes()[:5], first_line(out)) == (b"%PDF-", "Imperial College London")
    assert names_in(out).endswith("Name Ada Lovelace")


def test_transcript_of_an_unknown_student_exits_1(programme, cohort, tmp_path):
    result = registrar("transcript", "09999999", "-o", str(tmp_path / "x.pdf"))

    assert (result.exit_code, result.stderr) == (1, "error: no student 09999999\n")


def test_transcript_naming_a_programme_that_does_not_exist_exits_1(programme, cohort, tmp_path):
    board(programme, release=True)

    result = registrar(
        "transcript", ADA, "--programme", "G5ZB/2024-25", "-o", str(tmp_path / "x.pdf")
    )

    assert (result.exit_code, result.stderr) == (
        1,
        "error: no programme G5ZB/2024-25; publish its specification first (registrar publish)\n",
    )


def test_transcripts_of_a_cohort_go_one_per_student_into_a_new_folder(
    programme, cohort, make_student, tmp_path
):
    board(programme, release=True)
    make_student("02500199")  # enrolled after the board: no released results
    folder = tmp_path / "transcripts" / "2025-26"

    result = registrar("transcript", "--programme", "G5ZB/2025-26", "-o", str(folder))

    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Wrote 3 transcripts of G5ZB/2025-26 into {folder}; 1 student without released "
        "results left out.\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        f"transcript-{sid}.pdf" for sid in (ADA, GRACE, ALAN)
    ]
    assert names_in(folder / f"transcript-{GRACE}.pdf").endswith("Name Grace Hopper")


def test_transcripts_of_a_cohort_before_release_exit_1_and_create_no_folder(
    programme, cohort, tmp_path
):
    board(programme)
    folder = tmp_path / "transcripts"

    result = registrar("transcript", "--programme", "G5ZB/2025-26", "-o", str(folder))

    assert result.exit_code == 1
    assert result.stderr == (
        "error: no results of G5ZB/2025-26 have been released yet: transcripts show only "
        "released results; release the locked board's results first "
        "(registrar results release RUN)\n"
    )
    assert not folder.exists()


def test_transcripts_of_a_cohort_refuse_a_file_as_the_folder(programme, cohort, tmp_path):
    board(programme, release=True)
    file = tmp_path / "out.pdf"
    file.write_bytes(b"")

    result = registrar("transcript", "--programme", "G5ZB/2025-26", "-o", str(file))

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {file} is a file; with --programme, -o names a folder to write the PDFs into\n",
    )


def test_the_transcript_pdf_reads_back_whole(programme, cohort, tmp_path):
    board(programme, release=True)
    out = tmp_path / "alan.pdf"

    registrar("transcript", ALAN, "-o", str(out))

    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert (len(reader.pages), reader.metadata.title) == (
        1,
        "Academic transcript — Alan Turing (02500103) — Imperial College London",
    )

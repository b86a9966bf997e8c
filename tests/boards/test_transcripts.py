"""Transcripts: PDFs of released results only, read back with pypdf; the cohort's ZIP."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from registrar.boards.domain.locking import lock_board
from registrar.boards.domain.release import release_results
from registrar.boards.domain.student_view import results_of
from registrar.boards.domain.transcripts import (
    TranscriptRefusedError,
    cohort_transcripts_zip,
    transcript_pdf,
    verification_hash,
)
from registrar.boards.models import Decision
from tests.boards.test_release import ADA, ALAN, GRACE, board, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, make_student):
    return make_cohort(make_student)


def pdf_text(data: bytes) -> str:
    """Every page's text, whitespace (line breaks in table cells) folded to single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def test_transcript_is_refused_before_release_with_a_clear_message(programme, cohort):
    board(programme)  # locked, not released

    with pytest.raises(TranscriptRefusedError) as refused:
        transcript_pdf(cohort[ADA])

    assert str(refused.value) == (
        "no released results for student 02500101 (Ada Lovelace): a transcript shows only "
        "released results; release the locked board's results first "
        "(registrar results release RUN)"
    )


def test_transcript_states_the_student_programme_modules_marks_and_award(programme, cohort):
    run = board(programme, release=True)

    data = transcript_pdf(cohort[ADA])

    text = pdf_text(data)
    assert data[:5] == b"%PDF-"
    assert pages(data) == 1
    assert text.startswith(
        "Imperial College London Faculty of Engineering · Department of Computing "
        "ACADEMIC TRANSCRIPT Name Ada Lovelace Student ID 02500101 "
        "Programme MRes AI and Machine Learning Programme code G5ZB "
        "Award MRes, FHEQ level 7 Cohort 2025-26 entry"
    )
    rows = [
        "COMP70010 Deep Learning Spring 7 5 10 64.55 Passed",
        "COMP70059 MRes Individual Research Project Autumn–Summer 7 60 120 69.24 Passed",
        "COMP70060 Simulated Research and Development Project Proposal Autumn–Summer 7 10 20 "
        "63.85 Passed",
        "COMP70061 Research Tutorial Autumn 7 10 20 61.25 Passed",
        "COMP70076 Ethics, Fairness, and Explanation in AI Spring 7 5 10 57.65 Passed",
    ]
    table = text.split("Mark Result ", 1)[1].split(" Credits taken", 1)[0]
    assert table == " ".join(rows)
    outcome = text.split("Outcome ", 1)[1].split(" As decided", 1)[0]
    assert outcome == (
        "Award MRes Classification Merit Diploma of Imperial College (DIC) Awarded "
        "Programme Overall Weighted Average 66.85 "
        "Credits earned 90 ECTS (180 CATS) of 90 ECTS required"
    )
    results = results_of(run, cohort[ADA], detail=False)
    assert text.endswith(
        "Imperial College London · Academic transcript of Ada Lovelace (02500101) "
        f"Board run {run.pk} · Verification SHA-256 {verification_hash(results)} Page 1 of 1"
    )


def test_transcript_shows_the_classification_the_board_decided(programme, cohort):
    run = board(programme, lock=False)
    Decision.objects.create(
        run=run,
        student=cohort[ADA],
        status="awarded",
        award="MRes",
        classification="Distinction",
        agrees=False,
        reason="exceptional project",
    )
    release_results(run=lock_board(run=run, actor=None), actor=None)

    text = pdf_text(transcript_pdf(cohort[ADA]))

    assert text.split("Outcome ", 1)[1].split(" Diploma", 1)[0] == (
        "Award MRes Classification Distinction"
    )
    assert "with a recorded reason" in text


def test_a_referred_students_transcript_says_so_and_awards_nothing(programme, cohort):
    board(programme, release=True)

    text = pdf_text(transcript_pdf(cohort[GRACE]))

    table = text.split("Mark Result ", 1)[1].split(" Credits taken", 1)[0]
    assert table == (
        "COMP70016 Natural Language Processing Spring 7 5 10 62.70 Passed "
        "COMP70059 MRes Individual Research Project Autumn–Summer 7 60 120 72.10 Passed "
        "COMP70060 Simulated Research and Development Project Proposal Autumn–Summer 7 10 20 "
        "66.40 Passed "
        "COMP70061 Research Tutorial Autumn 7 10 20 38.40 Referred "
        "COMP70076 Ethics, Fairness, and Explanation in AI Spring 7 5 10 59.90 Passed"
    )
    assert text.split("Outcome ", 1)[1].split(" Programme Overall", 1)[0] == (
        "Outcome Referred: resit due Award None Diploma of Imperial College (DIC) Not awarded"
    )


def test_the_verification_hash_seals_the_content_and_is_stable(programme, cohort):
    run = board(programme, release=True)
    ada = results_of(run, cohort[ADA], detail=False)

    assert verification_hash(ada) == verification_hash(results_of(run, cohort[ADA]))
    assert verification_hash(ada) != verification_hash(results_of(run, cohort[GRACE]))
    assert len(verification_hash(ada)) == 64


def test_the_cohort_zip_holds_one_transcript_per_released_student(programme, cohort):
    board(programme, release=True)

    archive = zipfile.ZipFile(io.BytesIO(cohort_transcripts_zip(programme)))

    assert archive.namelist() == [f"transcript-{sid}.pdf" for sid in (ADA, GRACE, ALAN)]
    names = [pdf_text(archive.read(n)).split(" Student ID")[0] for n in archive.namelist()]
    assert [n.rsplit("Name ", 1)[1] for n in names] == [
        "Ada Lovelace",
        "Grace Hopper",
        "Alan Turing",
    ]


def test_the_cohort_zip_is_refused_before_any_release(programme, cohort):
    board(programme)

    with pytest.raises(TranscriptRefusedError) as refused:
        cohort_transcripts_zip(programme)

    assert str(refused.value) == (
        "no results of G5ZB/2025-26 have been released yet: transcripts show only released "
        "results; release the locked board's results first (registrar results release RUN)"
    )

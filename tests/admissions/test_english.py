"""The registry's English tests file: dated minima per level, each stated or assumed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from registrar.admissions.english import (
    EnglishTestsError,
    english_tests_path,
    equivalent,
    level_of,
    load_english_tests,
)
from registrar.rules.parameters import Status
from registrar.spec.loading import load_specification
from tests.conftest import MRES, ROOT

ENGLISH = ROOT / "regulations" / "imperial" / "admissions" / "english.yaml"


def test_the_specification_finds_its_institutions_english_tests() -> None:
    assert english_tests_path(load_specification(MRES)) == ENGLISH


def test_the_mres_requirement_is_the_standard_level() -> None:
    tests = load_english_tests(ENGLISH)

    assert level_of(tests, load_specification(MRES)) == "standard"


def test_toefl_and_pte_equivalents_are_assumed_and_ielts_is_stated() -> None:
    tests = load_english_tests(ENGLISH)
    spec = load_specification(MRES)
    found = {}
    for name in ("IELTS", "TOEFL iBT", "PTE Academic"):
        test = tests.test(name)
        assert test is not None
        match = equivalent(tests, spec, test)
        assert match is not None
        found[name] = (match.minima.overall, match.minima.element, match.status)

    assert found == {
        "IELTS": (Decimal("6.5"), Decimal("6.0"), Status.STATED),
        "TOEFL iBT": (Decimal("92"), Decimal("20"), Status.ASSUMED),
        "PTE Academic": (Decimal("62"), Decimal("56"), Status.ASSUMED),
    }


def test_a_test_is_found_by_its_other_names_whatever_the_case() -> None:
    tests = load_english_tests(ENGLISH)

    assert [t.name if t else None for t in map(tests.test, ["toefl", "pte", "Duolingo"])] == [
        "TOEFL iBT",
        "PTE Academic",
        None,
    ]


def test_no_value_before_the_earliest_year() -> None:
    tests = load_english_tests(ENGLISH)
    ielts = tests.test("IELTS")
    assert ielts is not None

    assert ielts.levels["standard"].at("2024-25") is None
    assert ielts.levels["standard"].at("2031-32") == ielts.levels["standard"].at("2025-26")


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = ENGLISH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "english.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def problems(path: Path) -> list[str]:
    with pytest.raises(EnglishTestsError) as caught:
        load_english_tests(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_an_element_minimum_above_the_overall_minimum_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "{overall: 6.5, element: 6.0}", "{overall: 6.5, element: 7.0}")

    assert problems(path) == [
        f"{line_of(path, 'element: 7.0')}: error: "
        "tests[0].levels.standard.values.2025-26.element: the minimum in every element (7.0) "
        "is above the overall minimum (6.5). "
        "Fix: set element to at most 6.5, or correct overall."
    ]


def test_minima_above_the_tests_maximum_are_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "{overall: 92, element: 20}", "{overall: 92, element: 31}")

    assert problems(path) == [
        f"{line_of(path, 'element: 31')}: error: tests[1].levels.standard.values.2025-26: "
        "the minima 92 overall, 31 per element are above the test's maximum (120, 30). "
        "Fix: correct the minima or the test's maximum."
    ]


def test_a_level_the_file_does_not_list_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "      higher:\n", "      highest:\n")

    assert problems(path) == [
        f"{line_of(path, 'highest:')}: error: tests[0].levels.highest: the level 'highest' "
        "is not one of the file's levels (standard, higher). "
        "Fix: use a level listed under levels, or add it there."
    ]


def test_an_unknown_status_is_an_error(tmp_path: Path) -> None:
    path = variant(tmp_path, "        status: stated\n", "        status: guessed\n")

    assert problems(path) == [
        f"{line_of(path, 'status: guessed')}: error: tests[0].levels.standard.status: "
        "input should be 'stated' or 'assumed' (got 'guessed'). Fix: use one of the allowed values."
    ]


def test_a_year_that_is_not_an_academic_year_is_an_error(tmp_path: Path) -> None:
    path = variant(
        tmp_path, "2025-26: {overall: 92, element: 20}", "2025-27: {overall: 92, element: 20}"
    )

    assert problems(path) == [
        f"{line_of(path, '2025-27:')}: error: tests[1].levels.standard.values.2025-27: "
        "'2025-27' is not an academic year. Fix: write one like 2025-26."
    ]

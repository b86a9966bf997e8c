"""The engine on stored texts: hashes, the engine version, and problems named by stored text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from registrar.boards.domain.evaluation import (
    engine_version,
    evaluate_texts,
    sha256,
    specification_digest,
)
from registrar.rules.inputs import InputError
from registrar.spec.loading import load_specification
from tests.conftest import MRES, ROOT

REGULATIONS = (ROOT / "regulations" / "imperial" / "taught.yaml").read_text(encoding="utf-8")
EXAMPLES = ROOT / "docs" / "examples"


def test_sha256_is_the_hex_digest_of_the_utf8_text():
    assert sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_specification_digest_ignores_key_order():
    assert specification_digest({"a": 1, "b": [1, "é"]}) == specification_digest(
        {"b": [1, "é"], "a": 1}
    )
    assert specification_digest({"a": 1}) == sha256('{"a":1}')


def test_engine_version_names_the_package_and_a_digest_of_the_rules():
    assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+.*\+rules\.[0-9a-f]{12}", engine_version())


def test_evaluate_texts_gives_the_classification_of_the_examples():
    stored = evaluate_texts(
        load_specification(MRES),
        REGULATIONS,
        (EXAMPLES / "marks.csv").read_text(encoding="utf-8"),
        (EXAMPLES / "registrations.csv").read_text(encoding="utf-8"),
    )

    assert list(stored.evaluation.results.select("student_id", "status", "powa").rows()) == [
        ("S001", "awarded", "69.31"),
        ("S002", "referred", "60.00"),
    ]


def test_evaluate_texts_names_the_stored_text_a_problem_is_in():
    marks = "student_id,module_code,mark\nS1,NOPE1,50\n"

    with pytest.raises(InputError) as refused:
        evaluate_texts(load_specification(MRES), REGULATIONS, marks, "student_id,module_code\n")

    assert [Path(p.file).as_posix() for p in refused.value.problems] == ["marks.csv"]
    assert [(p.line, p.column) for p in refused.value.problems] == [(2, "module_code")]

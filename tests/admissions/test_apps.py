"""The admissions app's system check: a broken English tests file is found at `check`."""

from __future__ import annotations

from registrar.admissions.apps import english_tests_files


def test_the_kept_english_tests_files_read_cleanly():
    assert english_tests_files() == []


def test_a_broken_english_tests_file_is_an_error_naming_its_line(tmp_path, monkeypatch):
    broken = tmp_path / "regulations" / "acme" / "admissions" / "english.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("institution: acme\ninstitution: acme\n")
    monkeypatch.chdir(tmp_path)

    [error] = english_tests_files()

    assert (error.id, error.obj, error.msg.splitlines()[0]) == (
        "admissions.E001",
        str(broken),
        f"{broken}:2: error: institution: this key is given twice (first at line 1). "
        "Fix: keep one of the two.",
    )

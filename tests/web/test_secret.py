"""The secret key kept under VAR_DIR: made once, private to its owner, never replaced."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from registrar.web.secret import secret_key


def test_a_key_is_made_once_readable_by_its_owner_alone_and_then_kept(tmp_path):
    var = tmp_path / "var"

    first = secret_key(var)
    second = secret_key(var)

    assert first == second
    assert len(first) >= 50
    assert stat.S_IMODE((var / "secret_key").stat().st_mode) == 0o600
    assert sorted(p.name for p in var.iterdir()) == ["secret_key"]


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: secret_key(tmp_path), range(32)))

    assert keys == {(tmp_path / "secret_key").read_text().strip()}


def test_an_empty_key_file_is_refused_with_what_to_do(tmp_path):
    (tmp_path / "secret_key").write_text("")

    with pytest.raises(RuntimeError) as refused:
        secret_key(tmp_path)

    assert str(refused.value) == (
        f"{tmp_path / 'secret_key'}: the secret key file is empty; delete it to make a new one"
    )

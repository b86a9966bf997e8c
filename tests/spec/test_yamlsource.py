"""Line-tracked YAML: every field path has a line; duplicate keys are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from registrar.spec.yamlsource import SourceError, load_yaml


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "spec.yaml"
    path.write_bytes(text.encode(encoding))
    return path


def test_lines_of_nested_fields_and_list_items(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a:\n  b: 1\nlist:\n  - x: 1\n  - x: 2\n    y: 3\n"))
    assert doc.lines[("a", "b")] == 2
    assert doc.lines[("list", 1, "y")] == 6
    assert doc.line_of(("list", 1, "missing")) == 5


def test_duplicate_key_inside_a_list_item_is_found(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "modules:\n  - code: A\n    code: B\n"))
    assert [(d.path, d.line, d.first_line) for d in doc.duplicates] == [
        (("modules", 0, "code"), 3, 2)
    ]


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "\ufefftitle: X\n"))
    assert doc.data == {"title": "X"}


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"cannot read the file"):
        load_yaml(tmp_path / "absent.yaml")


def test_binary_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(SourceError, match=r"cannot read the file"):
        load_yaml(path)


def test_empty_file_is_not_a_specification(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(write(tmp_path, ""))
    assert caught.value.message == "expected a YAML mapping of fields at the top level"

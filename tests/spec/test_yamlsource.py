"""The one YAML reader: lines of every field, duplicate keys found, hostile YAML refused."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from registrar.spec.loading import SpecificationError
from registrar.spec.yamlsource import MAX_BYTES, SourceError, load_yaml


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "spec.yaml"
    path.write_bytes(text.encode(encoding))
    return path


def refusal(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        load_yaml(path)
    return str(caught.value)


def nested_aliases(levels: int, last: str) -> str:
    """The issue's specification: each level nine aliases of the one before."""
    lines = ["w: &w [1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    previous = "w"
    for level in range(levels - 1):
        name = f"x{level}"
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    lines.append(f"{last}: *{previous}")
    return "\n".join(lines) + "\n"


def test_lines_of_nested_fields_and_list_items(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "a:\n  b: 1\nlist:\n  - x: 1\n  - x: 2\n    y: 3\n"))
    assert doc.data == {"a": {"b": 1}, "list": [{"x": 1}, {"x": 2, "y": 3}]}
    assert doc.lines[("a", "b")] == 2
    assert doc.lines[("list", 1, "y")] == 6
    assert doc.line_of(("list", 1, "missing")) == 5


def test_duplicate_key_inside_a_list_item_is_found(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "modules:\n  - code: A\n    code: B\n"))
    assert [(d.path, d.line, d.first_line) for d in doc.duplicates] == [
        (("modules", 0, "code"), 3, 2)
    ]
    assert doc.data == {"modules": [{"code": "A"}]}  # the first stands


def test_duplicate_key_with_a_nested_value_keeps_the_first_and_its_lines(
    tmp_path: Path,
) -> None:
    doc = load_yaml(write(tmp_path, "a:\n  b: 1\na:\n  b: 2\n  c: 3\n"))
    assert doc.data == {"a": {"b": 1}}
    assert [(d.path, d.line, d.first_line) for d in doc.duplicates] == [(("a",), 3, 1)]
    assert doc.lines[("a", "b")] == 2
    assert ("a", "c") not in doc.lines


def test_the_same_key_written_two_ways_is_a_duplicate(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "values:\n  7: 50\n  07: 40\n"))
    assert [(d.path, d.line, d.first_line) for d in doc.duplicates] == [(("values", "07"), 3, 2)]
    assert doc.data == {"values": {7: 50}}


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = load_yaml(write(tmp_path, "\ufefftitle: X\n"))
    assert doc.data == {"title": "X"}


def test_values_are_text_numbers_flags_and_null_and_a_date_stays_text(tmp_path: Path) -> None:
    text = "a: 2025-13-45\nb: 2025-01-01\nc: 1_000\nd: 7.50\ne: yes\nf: ~\ng: '7'\n7: x\n"
    doc = load_yaml(write(tmp_path, text))
    assert doc.data == {
        "a": "2025-13-45",
        "b": "2025-01-01",
        "c": 1000,
        "d": 7.5,
        "e": True,
        "f": None,
        "g": "7",
        7: "x",
    }


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert refusal(path) == (
        f"{path}:1: error: (file): cannot read the file (No such file or directory). "
        "Fix: check the path, and that the file can be read."
    )


def test_binary_file_is_a_source_error_at_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    path.write_bytes(b"title: X\ncode: caf\xe9\n")
    assert refusal(path) == (
        f"{path}:2: error: (file): not UTF-8 text (byte 0xe9). Fix: save the file as UTF-8."
    )


def test_empty_file_is_not_a_specification(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        load_yaml(write(tmp_path, ""))
    assert caught.value.message == "expected a YAML mapping of fields at the top level"
    assert caught.value.line == 1


def test_a_source_error_is_a_specification_error_with_one_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "a: [1,\n")
    with pytest.raises(SpecificationError) as caught:
        load_yaml(path)
    assert [p.field for p in caught.value.problems] == ["(file)"]
    assert str(caught.value) == str(caught.value.problems[0])


# --- hostile YAML (issue 9, points 4 and 7) -----------------------------------------------


def test_the_issues_nested_alias_specification_is_refused_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, nested_aliases(9, "programme"))
    assert len(path.read_text().splitlines()) == 10
    tracemalloc.start()
    started = time.perf_counter()
    message = refusal(path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message == (
        f"{path}:1: error: (file): aliases are not allowed (&w names a value to repeat). "
        "Fix: remove the &name and write each value out in full where it is used."
    )
    assert elapsed < 1.0  # was past 60 s
    assert peak < 4_000_000  # bytes (the 1 MiB read buffer among them); was past 5 GB


def test_a_600_byte_alias_bomb_is_refused(tmp_path: Path) -> None:
    lol = "[" + ", ".join(['"lol"'] * 9) + "]"
    lines = [f"lol0: &lol0 {lol}"]
    for level in range(1, 8):
        items = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{items}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert path.stat().st_size == 608  # 9**8 = 43 million strings once expanded
    assert refusal(path) == (
        f"{path}:1: error: (file): aliases are not allowed (&lol0 names a value to repeat). "
        "Fix: remove the &name and write each value out in full where it is used."
    )


def test_an_alias_alone_is_refused_at_its_line(tmp_path: Path) -> None:
    # an anchor-less alias reaches the reader as an alias event
    path = write(tmp_path, "title: X\ncode: *elsewhere\n")
    assert refusal(path) == (
        f"{path}:2: error: (file): aliases are not allowed (*elsewhere). "
        "Fix: write the value out in full where it is used."
    )


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "title: X\nloop: &loop [*loop]\n")
    assert refusal(path) == (
        f"{path}:2: error: (file): aliases are not allowed (&loop names a value to repeat). "
        "Fix: remove the &name and write each value out in full where it is used."
    )


def test_nesting_5000_deep_is_one_line_not_a_recursion_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    message = refusal(path)
    assert message.startswith(f"{path}:1: error: (file): ")
    assert len(message.splitlines()) == 1


def test_nesting_is_allowed_to_64_levels_and_refused_beyond(tmp_path: Path) -> None:
    # the top-level mapping is the first level
    value = load_yaml(write(tmp_path, "a: " + "[" * 63 + "]" * 63 + "\n")).data["a"]
    depth = 1
    while value:
        (value,) = value
        depth += 1
    assert depth == 63
    path = write(tmp_path, "a: " + "[" * 64 + "]" * 64 + "\n")
    assert refusal(path) == (
        f"{path}:1: error: (file): lists and mappings are nested more than 64 levels deep. "
        "Fix: flatten the structure."
    )


def test_block_nesting_beyond_64_is_refused_at_its_line(tmp_path: Path) -> None:
    text = "".join(f"{'  ' * level}k{level}:\n" for level in range(70)) + "  " * 70 + "v\n"
    path = write(tmp_path, text)
    # the 65th mapping, k64's, starts on line 65
    assert refusal(path) == (
        f"{path}:65: error: (file): lists and mappings are nested more than 64 levels deep. "
        "Fix: flatten the structure."
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = write(tmp_path, "title: " + "x" * MAX_BYTES + "\n")
    assert MAX_BYTES == 1_048_576
    assert refusal(path) == (
        f"{path}:1: error: (file): the file is larger than 1,048,576 bytes (1 MiB), the most "
        "read as YAML. Fix: remove what does not belong in it."
    )


def test_a_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "title: " + "x" * (MAX_BYTES - 8) + "\n")
    assert path.stat().st_size == MAX_BYTES
    assert len(load_yaml(path).data["title"]) == MAX_BYTES - 8


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "title: X\ncode: !!python/object:os.system ls\n",
            2,
            "tags are not allowed (tag:yaml.org,2002:python/object:os.system). "
            "Fix: remove the tag; put the value in quotes if it is text.",
        ),
        (
            "title: X\nects: !!float abc\n",
            2,
            "tags are not allowed (tag:yaml.org,2002:float). "
            "Fix: remove the tag; put the value in quotes if it is text.",
        ),
        (
            "title: X\n---\ntitle: Y\n",
            2,
            "a second YAML document starts here; a file holds one. "
            "Fix: remove the second document, from its --- on.",
        ),
        (
            "? [a, b]\n: 1\n",
            1,
            "a key must be a single value, not a list or mapping. "
            "Fix: write the key as plain text.",
        ),
        (
            "title: X\nects: " + "9" * 101 + "\n",
            2,
            "a number of 101 characters is too long to read (at most 100). "
            "Fix: write a number of sensible size, or quote it if it is text.",
        ),
    ],
)
def test_what_yaml_could_build_beyond_plain_data_is_refused(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, text)
    assert refusal(path) == f"{path}:{line}: error: (file): {message}"


def test_a_control_character_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    # PyYAML reported this over two lines, without a line
    path = write(tmp_path, "title: X\ncode: A\x07\n")
    assert refusal(path) == (
        f"{path}:2: error: (file): the character U+0007 is not allowed in YAML. "
        "Fix: remove it, or write it as an escape such as \\t inside double quotes."
    )


def test_a_syntax_error_is_one_line_at_the_line_it_is_found(tmp_path: Path) -> None:
    path = write(tmp_path, "title: X\ncode: 'open\nects: 5\n")
    assert refusal(path) == (
        f"{path}:4: error: (file): not valid YAML: found unexpected end of stream "
        "(while scanning a quoted scalar from line 2). Fix: correct the YAML at this line."
    )

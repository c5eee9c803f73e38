"""Safe YAML: positions, duplicate keys, and refusals of hostile documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from taxonomist.core.pointer import pointer
from taxonomist.taxonomy import lint, source
from taxonomist.taxonomy.source import parse_text, read_source


def codes(text: str) -> list[tuple[str, int | None, int | None]]:
    doc = parse_text(text, Path("t.yaml"))
    return [(f.code, f.location.line, f.location.column) for f in doc.findings]


def test_positions_of_keys_and_values() -> None:
    doc = parse_text("classes:\n  person:\n    parent: animal\n    ids: [1, 2]\n", Path("t.yaml"))
    assert doc.data == {"classes": {"person": {"parent": "animal", "ids": [1, 2]}}}
    pos = doc.positions
    assert (pos["/classes/person/parent"].line, pos["/classes/person/parent"].column) == (3, 13)
    assert (pos["/classes/person"].line, pos["/classes/person"].column) == (2, 3)
    assert (pos["/classes/person/ids/1"].line, pos["/classes/person/ids/1"].column) == (4, 14)
    assert doc.key_positions["/classes/person/parent"].column == 5


def test_pointer_escapes_slash_and_tilde() -> None:
    doc = parse_text("'a/b~c': 1\n", Path("t.yaml"))
    assert pointer("a/b~c") == "/a~1b~0c"
    assert "/a~1b~0c" in doc.positions


def test_nearest_parent_position() -> None:
    doc = parse_text("classes:\n  cat: {id: 1}\n", Path("t.yaml"))
    found = doc.pos("/classes/cat/definition")
    assert found is not None and (found.line, found.column) == (2, 3)


def test_duplicate_keys_at_every_level() -> None:
    assert codes("a: 1\nb: {x: 1, x: 2}\na: 3\n") == [("T007", 2, 11), ("T007", 3, 1)]


def test_merge_keys_are_supported() -> None:
    doc = parse_text("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n", Path("t.yaml"))
    assert doc.data["c"] == {"x": 1, "y": 3}
    assert not doc.findings


def test_non_string_keys_and_tags_refused() -> None:
    assert codes("1: a\n") == [("T008", 1, 1)]
    assert codes("x: !!python/name:os.system ''\n") == [("T006", 1, 4)]
    assert codes("x: !custom {a: 1}\n") == [("T006", 1, 4)]


def test_several_documents_are_a_syntax_error() -> None:
    assert [c for c, _, _ in codes("a: 1\n---\nb: 2\n")] == ["T003"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 5000 + "1" + "}" * 5000,
        "".join("  " * i + "a:\n" for i in range(3000)) + "  " * 3000 + "1\n",
        "".join("  " * i + "-\n" for i in range(3000)) + "  " * 3000 + "1\n",
    ],
    ids=["flow-seq", "flow-map", "block-map", "block-seq"],
)
def test_deep_nesting_refused(text: str) -> None:
    assert [c for c, _, _ in codes(text)] == ["T005"]


def test_billion_laughs_refused() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    assert [c for c, _, _ in codes("\n".join(lines) + "\n")] == ["T004"]


def test_huge_file_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("name: x\n" * 50, encoding="utf-8")
    assert [f.code for f in read_source(path).findings] == ["T002"]
    assert [f.code for f in lint([path])] == ["T002"]


@pytest.mark.parametrize("content", [b"", b"# only a comment\n", b"\x00\x01\xff", b"- a\n"])
def test_odd_files_give_one_finding(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(content)
    found = lint([path])
    assert len(found) == 1 and found[0].code in {"T001", "T003", "T101"}


def test_directory_is_unreadable(tmp_path: Path) -> None:
    assert [f.code for f in lint([tmp_path])] == ["T001"]


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000 + "]" * 5000,
        "".join("  " * i + "a:\n" for i in range(3000)) + "  " * 3000 + "1\n",
    ],
    ids=["flow", "block"],
)
def test_pure_python_loader_refuses_deep_nesting(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without libyaml the composer recurses in Python; the event pre-pass stops it first."""
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    assert [c for c, _, _ in codes(text)] == ["T005"]


def test_pure_python_loader_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "classes:\n  cat: {id: 1, parent: animal}\n"
    fast = parse_text(text, Path("t.yaml")).positions
    monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    assert parse_text(text, Path("t.yaml")).positions == fast


def test_hundred_levels_allowed_hundred_and_one_refused() -> None:
    assert codes("[" * 100 + "]" * 100) == []
    assert codes("[" * 101 + "]" * 101) == [("T005", 1, 101)]


def test_millions_of_values_refused_before_composing() -> None:
    text = "x: [" + "1, " * 1_500_000 + "1]\n"
    assert codes(text) == [("T004", None, None)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_special_files_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert [(f.code, f.message) for f in lint([fifo])] == [
        ("T001", "not a regular file: a FIFO (named pipe)")
    ]
    if Path("/dev/zero").exists():
        assert [f.code for f in lint([Path("/dev/zero")])] == ["T001"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_special_files_named_inside_a_taxonomy_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "base.yaml")
    os.mkfifo(tmp_path / "ex.json")
    (tmp_path / "ex.png").write_bytes(b"png")
    main = tmp_path / "main.yaml"
    main.write_text(
        "name: m\nversion: 1.0.0\nextends: base.yaml\nrules:\n  r:\n    title: t\n"
        "    guidance: g\n    examples: [{image: ex.png, annotation: ex.json, verdict: do,"
        " caption: c}]\n",
        encoding="utf-8",
    )
    assert sorted(f.code for f in lint([main])) == ["T211", "T501"]

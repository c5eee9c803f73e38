"""Writing taxonomy documents as YAML: deterministic, readable, and read back unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.interop.yaml_out import dump_yaml, write_yaml
from taxonomist.taxonomy import lint

TRICKY = ["yes", "No", "on", "off", "null", "~", "1.0", "0123", "#ffffff", "/m/0bl9f", ": x",
          "- a", "a: b", "  lead", "trail ", "'q'", '"d"', "é ü 漢", "", "*a", "&a", "a\x85b",
          "line\u2028sep", "cr\r\nlf", "tab\tx", "end\n\n", " \nx"]  # fmt: skip


def test_keys_keep_their_order_and_short_lists_stay_on_one_line() -> None:
    text = dump_yaml({"name": "t", "version": "1.0.0", "classes": {"b": {"id": 2}, "a": {"id": 1}},
                      "tags": ["box", "mask"], "edges": [["a", "b"]]})  # fmt: skip
    assert text == (
        "name: t\nversion: 1.0.0\nclasses:\n  b:\n    id: 2\n  a:\n    id: 1\n"
        "tags: [box, mask]\nedges:\n  - [a, b]\n"
    )


def test_multi_line_text_is_a_literal_block_and_header_lines_are_comments() -> None:
    text = dump_yaml({"description": "one\ntwo\n"}, header=["yaml-language-server: $schema=x"])
    assert text == "# yaml-language-server: $schema=x\ndescription: |\n  one\n  two\n"


def test_shared_objects_are_written_out_not_aliased() -> None:
    shared = ["box", "mask"]
    text = dump_yaml({"a": {"label_types": shared}, "b": {"label_types": shared}})
    assert "&" not in text and "*" not in text


@pytest.mark.parametrize("value", TRICKY)
def test_tricky_strings_read_back_as_the_same_string(value: str) -> None:
    document = {"name": "t", "title": value, "list": [value, value]}
    assert yaml.safe_load(dump_yaml(document)) == document


@settings(max_examples=300)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
        max_leaves=20,
    )
)
def test_any_document_round_trips(value: Any) -> None:
    document = {"value": value}
    assert yaml.safe_load(dump_yaml(document)) == document


def test_written_file_is_read_by_the_loader_at_the_right_lines(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    document = {
        "name": "t",
        "version": "1.0.0",
        "classes": {"cat": {"id": 1, "definition": "yes"}, "dog": {"id": 1, "definition": "x"}},
    }
    write_yaml(out, document)
    found = [(f.code, f.location.line) for f in lint([out]) if f.code.startswith("T3")]
    assert found == [("T301", 8)] or (found and found[0][1] == 8)
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "t.yaml"
    with pytest.raises(yaml.representer.RepresenterError):
        write_yaml(out, {"bad": object()})
    assert list(tmp_path.iterdir()) == []

"""JsonLocator: a pointer's line:col is exactly where its value starts, in pretty-printed
and minified files, with non-ASCII text, in a JSON Lines record."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.core.pointer import pointer
from taxonomist.formats._io.locate import JsonLocator

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet='aé€𝄞/~"\\ \n', max_size=6),
)
DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(alphabet="ab/~é", max_size=3), inner, max_size=4),
    ),
    max_leaves=25,
)


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, item in items:
        out += _pointers(item, (*prefix, key))
    return out


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        value = value[key]
    return value


def _value_at(text: str, line: int, column: int) -> Any:
    lines = text.split("\n")
    index = sum(len(x) + 1 for x in lines[: line - 1]) + column - 1
    return json.JSONDecoder().raw_decode(text, index)[0]


@settings(max_examples=200, deadline=None)
@given(DOCS, st.booleans(), st.data())
def test_pointer_lands_on_its_value(doc: Any, pretty: bool, data: st.DataObject) -> None:
    text = json.dumps(doc, indent=2 if pretty else None, ensure_ascii=False)
    locator = JsonLocator("f.json", text.encode())
    path = data.draw(st.sampled_from(_pointers(doc)))
    found = locator.line_col(pointer(*path))
    assert found is not None
    assert _value_at(text, *found) == _get(doc, path)


def test_missing_member_points_at_nearest_ancestor() -> None:
    text = '{\n  "images": [\n    {"id": 1}\n  ]\n}'
    locator = JsonLocator("f.json", text.encode())
    assert locator.line_col("/images/0/width") == (3, 5)
    assert locator.line_col("/images/7") == (2, 13)
    assert locator.locate("/images/0").pointer == "/images/0"


def test_first_line_shifts_json_lines_records() -> None:
    locator = JsonLocator("f.jsonl", b'{"objects": [{"class": "cat"}]}', first_line=12)
    assert locator.line_col("/objects/0") == (12, 14)


def test_released_bytes_are_read_again(tmp_path: Any) -> None:
    path = tmp_path / "f.json"
    path.write_text('{"a": [1, 2]}')
    locator = JsonLocator(str(path), path.read_bytes(), path)
    locator.release()
    assert locator.line_col("/a/1") == (1, 11)


def test_not_json_gives_no_position() -> None:
    assert JsonLocator("f.json", b'{"a": [1,').line_col("/a/0") == (1, 1)


def test_many_lines_use_the_block_index() -> None:
    doc = {"images": [{"id": i, "name": "é" * (i % 3)} for i in range(3000)]}
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    assert text.count("\n") > 4096
    locator = JsonLocator("f.json", text.encode())
    for i in (0, 1234, 2999):
        found = locator.line_col(f"/images/{i}/name")
        assert found is not None
        assert _value_at(text, *found) == doc["images"][i]["name"]


def test_listed_sections_are_found_in_one_pass() -> None:
    text = (
        '{"info": {"annotations": 1},\n "annotations": [\n  {"id": 1},\n'
        '  {"id": 2, "bbox": [1, 2]}\n ]}'
    )
    locator = JsonLocator("f.json", text.encode(), lists=("annotations", "images"))
    assert locator.line_col("/annotations/1") == (4, 3)
    assert locator.line_col("/annotations/1/bbox/1") == (4, 25)
    assert locator.line_col("/annotations/9") == (2, 17)  # no such item: its list
    assert locator.line_col("/info/annotations") == (1, 26)
    wrong = JsonLocator("f.json", b'{"annotations": 5}', lists=("annotations",))
    assert wrong.line_col("/annotations/0") == (1, 17)

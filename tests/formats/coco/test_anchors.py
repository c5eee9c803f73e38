"""Annotation items found from their raw bbox slices land exactly where the one pass over
the file finds them, whatever else the items hold and however the file is laid out."""

from __future__ import annotations

import json
from typing import Any

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.coco.anchors import ItemFinder
from taxonomist.formats.coco.decode import CocoDoc

TEXT = st.text(alphabet='aé€𝄞{}[],:"\\ \n', max_size=8)
EXTRA = st.dictionaries(
    st.sampled_from(["note", "tags", "x", "y"]),
    st.one_of(TEXT, st.integers(), st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT)),
    max_size=3,
)
ITEM = st.tuples(
    st.booleans(),  # has a bbox
    st.booleans(),  # bbox first or last
    EXTRA,
)


def _item(index: int, spec: tuple[bool, bool, dict[str, Any]]) -> dict[str, Any]:
    has_box, box_first, extra = spec
    item: dict[str, Any] = {"bbox": [index, 2.5, 3, 4]} if has_box and box_first else {}
    item |= {"id": index, "image_id": 1, "category_id": 1, **extra}
    if has_box and not box_first:
        item["bbox"] = [index, 0.5, 1, 1]
    return item


def _locators(data: bytes) -> tuple[JsonLocator, JsonLocator, Any]:
    plain = JsonLocator("f.json", data, lists=("annotations",))
    found = JsonLocator("f.json", data, lists=("annotations",))
    doc = msgspec.json.decode(data, type=CocoDoc)
    finder = ItemFinder([a.bbox for a in doc.annotations or []])
    found.set_item_finder("annotations", finder)
    return plain, found, finder


@settings(max_examples=60, deadline=None)
@given(st.lists(ITEM, min_size=1, max_size=6), st.sampled_from([None, 0, 2]))
def test_items_match_the_one_pass(specs: list[Any], indent: int | None) -> None:
    doc = {"images": [{"id": 1}], "annotations": [_item(i, s) for i, s in enumerate(specs)]}
    data = json.dumps(doc, indent=indent, ensure_ascii=False).encode()
    plain, found, _ = _locators(data)
    for index in range(len(specs)):
        for suffix in ("", "/bbox", "/id", "/nope"):
            ptr = f"/annotations/{index}{suffix}"
            assert found.line_col(ptr) == plain.line_col(ptr), ptr


def test_items_with_a_bbox_on_both_sides_are_found_without_the_pass() -> None:
    doc = {"annotations": [{"id": i, "bbox": [1, 2, 3, 4], "note": "}{,"} for i in range(3)]}
    data = json.dumps(doc, indent=1).encode()
    _, found, finder = _locators(data)
    start, end = finder(data, 1)
    assert json.loads(data[start:end]) == doc["annotations"][1]
    assert found.line_col("/annotations/1") is not None
    plain, _, _ = _locators(data)
    assert found._items is None  # the file was not decoded a second time
    assert found.line_col("/annotations/1") == plain.line_col("/annotations/1") == (13, 3)
    assert finder(data, 0) is None  # no item before it to start from: the one pass

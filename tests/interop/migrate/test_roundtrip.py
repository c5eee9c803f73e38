"""A migration that loses nothing (a rename, a value rename, a keypoint reorder) undone by
the reverse migration gives back every annotation as it was (YOLO: the label files' bytes)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.interop.migrate import coco, yolo
from taxonomist.interop.migrate.base import Plan
from taxonomist.interop.migrate.plan import make_plan
from taxonomist.taxonomy import load

BASE = """
name: round
version: {version}
label_types:
  box: {{kind: box}}
  pose: {{kind: keypoints, keypoints: [{points}]}}
attributes:
  color: {{type: enum, values: [{red}, blue]}}
classes:
  {a}: {{id: 1, definition: A thing., label_types: [box, pose], attributes: {{color: optional}}}}
  b: {{id: 2, definition: Another thing., label_types: [box]}}
migrations:
  - {{attribute: color, from: {other}, to: {red}}}
"""
A = {"version": "1.0.0", "points": "p, q, r", "red": "red", "other": "crimson", "a": "a"}
B = {"version": "2.0.0", "points": "r, p, q", "red": "crimson", "other": "red", "a": "a2"}


def _plans(tmp: Path) -> tuple[Plan, Plan]:
    (tmp / "a.yaml").write_text(BASE.format(**A))
    (tmp / "b.yaml").write_text(BASE.format(**B))
    old, new = load(tmp / "a.yaml"), load(tmp / "b.yaml")
    return make_plan(old, new), make_plan(new, old)


def _flat(points: list[list[int]]) -> list[int]:
    return [v for point in points for v in point]


_point = st.lists(st.integers(0, 500), min_size=3, max_size=3)
_annotation = st.fixed_dictionaries(
    {
        "category_id": st.sampled_from([1, 2]),
        "bbox": st.lists(st.floats(0, 1e4, allow_nan=False), min_size=4, max_size=4),
        "attributes": st.dictionaries(st.just("color"), st.sampled_from(["red", "blue"])),
        "keypoints": st.lists(_point, min_size=3, max_size=3).map(_flat),
    }
)


def _coco(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    for i, ann in enumerate(annotations):
        ann["id"] = i
    categories = [
        {"id": 1, "name": "a", "keypoints": ["p", "q", "r"], "skeleton": [[1, 2], [2, 3]]},
        {"id": 2, "name": "b"},
    ]
    return {"annotations": annotations, "categories": categories}


@settings(max_examples=40, deadline=None)
@given(st.lists(_annotation, max_size=12), st.booleans())
def test_coco_there_and_back(annotations: list[dict[str, Any]], indent: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        there, back = _plans(Path(tmp))
        doc = _coco(annotations)
        path = Path(tmp) / "c.json"
        path.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2 if indent else 0))
        moved = coco.rewrite(path, there).outputs[0][1]
        assert b'"a2"' in moved
        path.write_bytes(moved)
        again = orjson.loads(coco.rewrite(path, back).outputs[0][1])
    assert [orjson.dumps(a) for a in again["annotations"]] == [
        orjson.dumps(a) for a in doc["annotations"]
    ]
    assert again["categories"] == doc["categories"]


_number = st.floats(0, 1, allow_nan=False).map(lambda x: f"{x:.6g}")
_line = st.tuples(
    st.sampled_from(["0", "1"]), st.lists(_number, min_size=4 + 9, max_size=4 + 9)
).map(lambda t: " ".join([t[0], *t[1]]))


@settings(max_examples=40, deadline=None)
@given(st.lists(_line, max_size=10), st.sampled_from(["\n", "\r\n"]))
def test_yolo_there_and_back(lines: list[str], end: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        there, back = _plans(Path(tmp))
        root = Path(tmp) / "ds"
        (root / "labels").mkdir(parents=True)
        (root / "data.yaml").write_text(
            "path: .\ntrain: images\nkpt_shape: [3, 3]\nnames: [a, b]\n"
        )
        original = "".join(line + end for line in lines).encode()
        (root / "labels" / "x.txt").write_bytes(original)
        for plan in (there, back):
            for relative, data in yolo.rewrite(root, plan).outputs:
                (root / relative).write_bytes(data)
        assert (root / "labels" / "x.txt").read_bytes() == original

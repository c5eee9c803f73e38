"""CVAT labels JSON export: typed attributes, skeleton sublabels and SVG edges."""

from __future__ import annotations

import json
import re

from tests.interop.export_cases import export
from tests.snapshot import assert_snapshot


def labels() -> dict[str, dict[str, object]]:
    return {label["name"]: label for label in json.loads(export("cvat"))}


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.cvat.json", export("cvat"))


def test_types_and_typed_attributes() -> None:
    found = labels()
    assert found["bicycle"]["type"] == "rectangle"
    assert found["car"]["type"] == "any"  # box and polygon
    assert found["indoor"]["type"] == "tag"
    kinds = {a["name"]: a["input_type"] for a in found["car"]["attributes"]}  # type: ignore[attr-defined]
    assert kinds == {
        "occlusion": "number", "depiction": "select", "parked": "checkbox",
        "lights_on": "radio", "speed": "number", "plate": "text",
    }  # fmt: skip


def test_skeleton_sublabels_and_edges() -> None:
    person = labels()["person"]
    assert person["type"] == "skeleton"
    names = [s["name"] for s in person["sublabels"]]  # type: ignore[attr-defined]
    assert names == ["nose", "left_eye", "right_eye", "left_hand", "right_hand"]
    edges = re.findall(r'data-node-from="(\d+)" data-node-to="(\d+)"', str(person["svg"]))
    assert edges == [("1", "2"), ("1", "3"), ("4", "5")]

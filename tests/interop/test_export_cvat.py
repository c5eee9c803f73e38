"""CVAT labels JSON export: typed attributes each class answers, none pre-answered, skeleton
sublabels and SVG edges, in the shape CVAT's label editor accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from taxonomist.api import check
from taxonomist.taxonomy import load
from tests.interop.export_cases import ANSWERS, KITCHEN_SINK, STREET, export
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


def _answers() -> dict[str, dict[str, Any]]:
    return {label["name"]: label for label in json.loads(export("cvat", load(ANSWERS)))}


def test_labels_offer_exactly_the_attributes_their_class_answers() -> None:
    offered = {name: [a["name"] for a in label["attributes"]] for name, label in _answers().items()}
    assert offered == {
        "car": ["depiction", "lights_on", "parked", "occlusion"],  # own and inherited
        "toy_car": ["depiction", "occlusion"],  # parked is forbidden
        "sign": [],  # uses none
    }


def test_choice_lists_start_unanswered_and_nothing_is_preselected() -> None:
    for label in [*_answers().values(), *labels().values()]:
        for attribute in label["attributes"]:
            if attribute["input_type"] in ("select", "radio"):
                assert attribute["values"][0] == attribute["default_value"] == ""


@pytest.mark.parametrize("path", [STREET, ANSWERS, KITCHEN_SINK], ids=lambda p: p.stem)
def test_cvat_accepts_the_labels(path: Path) -> None:
    for label in json.loads(export("cvat", load(path))):
        assert _cvat_refuses(label) == [], label["name"]


def _cvat_refuses(label: dict[str, Any]) -> list[str]:
    """What CVAT's raw label editor refuses in a label (its checks restated: a name, an
    integer id, a #rrggbb colour, typed attributes with a non-empty list of distinct
    string values, and a default that is a value the input can hold)."""
    problems = []
    if not isinstance(label["name"], str) or not label["name"].strip():
        problems.append("name")
    if not isinstance(label.get("id", 0), int) or not re.fullmatch(r"#[0-9a-f]{6}", label["color"]):
        problems.append("id or colour")
    for attribute in label["attributes"]:
        problems += [f"{attribute['name']}: {p}" for p in _attribute_refused(attribute)]
    return problems


def _attribute_refused(attribute: dict[str, Any]) -> list[str]:
    kind, values, default = attribute["input_type"], attribute["values"], attribute["default_value"]
    if kind not in ("checkbox", "radio", "select", "number", "text"):
        return ["input type"]
    if not isinstance(attribute["mutable"], bool) or not values:
        return ["mutable or values"]
    strings = all(isinstance(v, str) for v in values)
    if not strings or len({v.strip() for v in values}) < len(values):
        return ["values not distinct strings"]
    if kind in ("radio", "select") and default not in values:
        return ["default not a value"]
    if kind == "checkbox" and default not in ("true", "false"):
        return ["default not a boolean"]
    if kind == "number":
        low, high, step = (float(v) for v in values)
        if not low <= float(default) <= high or step <= 0:
            return ["default out of range"]
    return []


def test_an_untouched_required_attribute_is_reported_missing(tmp_path: Path) -> None:
    """A CVAT dump of boxes nobody answered carries each attribute's default; check must
    see the required ones as missing, and the blank optional ones as nothing at all."""
    exported = json.loads(export("cvat", load(ANSWERS)))
    dump = tmp_path / "annotations.xml"
    dump.write_text(_untouched_dump(exported), encoding="utf-8")
    report = check(ANSWERS, [dump])
    found = sorted((f.code, f.message) for f in report.findings if f.code.startswith("A"))
    assert found == [
        ("A007", "'car' requires the attribute 'depiction'"),
        ("A007", "'car' requires the attribute 'lights_on'"),
        ("A007", "'toy_car' requires the attribute 'depiction'"),
    ]


def _untouched_dump(labels: list[dict[str, Any]]) -> str:
    meta = "".join(
        f"<label><name>{label['name']}</name><type>rectangle</type><attributes>"
        + "".join(
            f"<attribute><name>{a['name']}</name><input_type>{a['input_type']}</input_type>"
            f"<default_value>{a['default_value']}</default_value>"
            f"<values>{chr(10).join(a['values'])}</values></attribute>"
            for a in label["attributes"]
        )
        + "</attributes></label>"
        for label in labels
    )
    boxes = "".join(
        f'<box label="{label["name"]}" xtl="1" ytl="1" xbr="9" ybr="9" occluded="0">'
        + "".join(
            f'<attribute name="{a["name"]}">{a["default_value"]}</attribute>'
            for a in label["attributes"]
        )
        + "</box>"
        for label in labels
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><annotations><version>1.1</version>'
        f"<meta><job><labels>{meta}</labels></job></meta>"
        f'<image id="0" name="street.jpg" width="20" height="20">{boxes}</image></annotations>'
    )

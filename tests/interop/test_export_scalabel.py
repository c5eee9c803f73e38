"""Scalabel config export: nested categories, switch/list attributes with type and toolType,
image-level multi-class label types as list attributes; the kitchen sink exports too."""

from __future__ import annotations

import json

from taxonomist.taxonomy import load
from tests.interop.export_cases import KITCHEN_SINK, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.scalabel.json", export("scalabel"))


def test_categories_nest_and_attributes_carry_both_type_keys() -> None:
    config = json.loads(export("scalabel"))
    assert all(a["type"] == a["toolType"] for a in config["attributes"])
    assert {a["type"] for a in config["attributes"]} <= {"switch", "list"}
    names = [c["name"] for c in config["categories"]]
    assert len(names) == len(set(names))


def test_the_kitchen_sink_exports_deterministically() -> None:
    taxonomy = load(KITCHEN_SINK)
    assert export("scalabel", taxonomy) == export("scalabel", taxonomy)
    assert json.loads(export("scalabel", taxonomy))["categories"]

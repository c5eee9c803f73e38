"""Supervisely meta.json export: a snapshot of the street taxonomy, and the kitchen sink
read back by the Supervisely reader without a finding."""

from __future__ import annotations

import json
from pathlib import Path

from taxonomist.formats import supervisely
from taxonomist.taxonomy import load
from tests.interop.export_cases import KITCHEN_SINK, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.supervisely.json", export("supervisely"))


def test_kitchen_sink_meta_reads_clean(tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text(export("supervisely", load(KITCHEN_SINK)), encoding="utf-8")
    (dataset,) = supervisely.read(path)
    assert dataset.findings == []
    meta = json.loads(path.read_text())
    assert {c["shape"] for c in meta["classes"]} <= {
        "rectangle", "polygon", "line", "bitmap", "graph", "any"
    }  # fmt: skip
    assert len({t["name"] for t in meta["tags"]}) == len(meta["tags"])

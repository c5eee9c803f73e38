"""``taxonomist import openimages`` on the real 600-class boxable hierarchy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.cli import main
from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint, load
from taxonomist.taxonomy.model import TaxonomyDocument

SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus"
HIERARCHY = SHARED / "taxonomies" / "openimages_bbox_labels_600_hierarchy.json"


def run_import(tmp_path: Path, *extra: str) -> tuple[Path, dict[str, Any]]:
    if not HIERARCHY.exists():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path / "oi.yaml"
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "openimages", str(HIERARCHY), "-o", str(out), "--force", *extra])
    assert exit_info.value.code == 0
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    TaxonomyDocument.model_validate(document)
    return out, document


def mids_and_parents() -> dict[str, list[str]]:
    parents: dict[str, list[str]] = {}

    def walk(node: dict[str, Any], parent: str | None) -> None:
        found = parents.setdefault(node["LabelName"], [])
        if parent is not None and parent not in found:
            found.append(parent)
        for child in node.get("Subcategory", []):
            walk(child, node["LabelName"])

    walk(json.loads(HIERARCHY.read_text(encoding="utf-8")), None)
    return parents


def test_every_mid_is_one_class_with_traversal_ids(tmp_path: Path) -> None:
    _, doc = run_import(tmp_path)
    parents = mids_and_parents()
    classes = doc["classes"]
    assert len(classes) == len(parents) == 602  # Entity + 601 boxable MIDs
    assert [c["external_ids"]["openimages"] for c in classes.values()] == list(parents)
    assert [c["id"] for c in classes.values()] == list(range(602))
    root = classes["m.0bl9f"]
    assert root["abstract"] is True and "parent" not in root
    assert sum(1 for c in classes.values() if c.get("abstract")) == 1


def test_several_parents_are_kept_explicitly(tmp_path: Path) -> None:
    _, doc = run_import(tmp_path)
    parents = mids_and_parents()
    by_mid = {c["external_ids"]["openimages"]: (n, c) for n, c in doc["classes"].items()}
    multi = {mid: ps for mid, ps in parents.items() if len(ps) > 1}
    assert len(multi) == 45
    for mid, ps in multi.items():
        _, cls = by_mid[mid]
        assert cls["parent"] == by_mid[ps[0]][0]
        assert cls["external_ids"]["openimages_also_under"] == " ".join(ps[1:])
    golf_ball = by_mid["/m/02wmf"][1]
    assert golf_ball["external_ids"]["openimages_also_under"] == "/m/05y5lj"


def test_display_names_give_readable_names_titles_and_mid_aliases(tmp_path: Path) -> None:
    names = tmp_path / "class-descriptions.csv"
    names.write_text(
        'LabelName,DisplayName\n/m/0bl9f,Entity\n/m/0138tl,Toy\n/m/02wmf,"Golf ball"\n'
        "/m/0167gd,Toy\n",
        encoding="utf-8",
    )
    _, doc = run_import(tmp_path, "--names", str(names))
    classes = doc["classes"]
    assert classes["golf_ball"]["title"] == "Golf ball"
    assert classes["golf_ball"]["parent"] == "toy"
    assert classes["golf_ball"]["aliases"] == ["/m/02wmf", "Golf ball"]  # files write either
    assert classes["toy_m.0167gd"]["title"] == "Toy"  # a repeated display name stays unique
    assert classes["entity"]["id"] == 0
    assert classes["m.03120"]["parent"] == "entity"


def test_openimages_loads_without_errors(tmp_path: Path) -> None:
    out, _ = run_import(tmp_path)
    assert [f.render() for f in lint([out]) if f.severity >= Severity.ERROR] == []
    taxonomy = load(out)
    assert taxonomy.classes["m.02wmf"].parent == "m.0138tl"
    assert len(taxonomy.subtree("m.0bl9f")) == 602

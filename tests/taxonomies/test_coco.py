"""The shipped COCO taxonomy says what COCO says: ids, supercategories, keypoints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.taxonomy.model import KeypointLabel, TaxonomyDocument

ROOT = Path(__file__).parents[2]
COCO_YAML = ROOT / "taxonomies" / "coco.yaml"
CORPUS = ROOT / ".." / "shared" / "corpus" / "taxonomies"

# The official COCO 2017 thing ids: 1-90 with these ten never used.
COCO_ID_GAPS = {12, 26, 29, 30, 45, 66, 68, 69, 71, 83}
# cocoapi's OKS sigmas (cocoeval.py lists them multiplied by 10).
COCO_SIGMAS = [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72]
COCO_SIGMAS += [0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89]


@pytest.fixture(scope="module")
def coco() -> TaxonomyDocument:
    return TaxonomyDocument.model_validate(yaml.safe_load(COCO_YAML.read_text(encoding="utf-8")))


def _corpus(name: str) -> Any:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not available")
    return json.loads(path.read_text(encoding="utf-8"))


def _labellable(doc: TaxonomyDocument) -> dict[str, int]:
    return {name: c.id for name, c in doc.classes.items() if not c.abstract}


def _pose(doc: TaxonomyDocument) -> KeypointLabel:
    pose = doc.label_types["coco_pose"]
    assert isinstance(pose, KeypointLabel)
    return pose


def test_eighty_classes_with_the_real_ids(coco: TaxonomyDocument) -> None:
    ids = set(_labellable(coco).values())
    assert len(ids) == 80
    assert ids == set(range(1, 91)) - COCO_ID_GAPS


@pytest.mark.corpus
def test_ids_and_supercategories_match_coco(coco: TaxonomyDocument) -> None:
    categories = [c for c in _corpus("coco_panoptic_categories.json") if c["isthing"]]
    ours = {c.id: (name, c.parent) for name, c in coco.classes.items() if not c.abstract}
    for category in categories:
        name, parent = ours[category["id"]]
        assert name == category["name"].replace(" ", "_")
        assert parent is not None
        assert coco.classes[parent].abstract
        assert coco.classes[parent].external_ids["coco_supercategory"] == category["supercategory"]


def test_yolo_ids_follow_category_order(coco: TaxonomyDocument) -> None:
    by_id = sorted((c.id, c.ids["yolo"]) for c in coco.classes.values() if not c.abstract)
    assert [yolo for _, yolo in by_id] == list(range(80))


def test_every_class_is_defined_coloured_and_crowd_capable(coco: TaxonomyDocument) -> None:
    for name, cls in coco.classes.items():
        assert cls.definition, name
        if not cls.abstract:
            assert cls.color and cls.crowd, name


def test_only_person_has_keypoints(coco: TaxonomyDocument) -> None:
    with_pose = [n for n, c in coco.classes.items() if "coco_pose" in (c.label_types or [])]
    assert with_pose == ["person"]


@pytest.mark.corpus
def test_keypoints_skeleton_and_flip_pairs_match_coco(coco: TaxonomyDocument) -> None:
    facts = _corpus("coco_person_keypoints.json")
    pose = _pose(coco)
    names = facts["keypoints"]
    assert pose.keypoints == names
    one_based = facts["skeleton"]
    assert [list(e) for e in pose.skeleton] == [[names[a - 1], names[b - 1]] for a, b in one_based]
    assert [list(p) for p in pose.flip_pairs] == facts["flip_map"]
    flipped = dict(pose.flip_pairs) | {b: a for a, b in pose.flip_pairs}
    assert [names.index(flipped.get(n, n)) for n in names] == facts["flip_idx"]


def test_sigmas_are_cocoapi_values(coco: TaxonomyDocument) -> None:
    pose = _pose(coco)
    assert [pose.sigmas[n] for n in pose.keypoints] == pytest.approx([s / 10 for s in COCO_SIGMAS])
    assert pose.visibility == "coco"

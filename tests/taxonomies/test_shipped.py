"""The shipped taxonomies load and lint clean, and the demo's examples are sound files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint, load
from taxonomist.taxonomy.model import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

ROOT = Path(__file__).parents[2]
TAXONOMIES = ROOT / "taxonomies"
SHIPPED = sorted(TAXONOMIES.glob("*.yaml"))
DEMO_DATA = ROOT / "examples" / "demo"


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(TAXONOMIES / "demo.yaml")


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _examples(tax: Taxonomy) -> list[tuple[str, str, str, Path, Path]]:
    """(rule, verdict, caption, image path, annotation path) for every example."""
    out = []
    for rule_id, rule in tax.rules.items():
        for ex in rule.rule.examples:
            image, annotation = rule.base_dir / ex.image, rule.base_dir / ex.annotation
            out.append((rule_id, ex.verdict, ex.caption, image, annotation))
    return out


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_taxonomy_lints_without_errors_or_warnings(path: Path) -> None:
    serious = [f for f in lint([path]) if f.severity >= Severity.WARNING]
    assert serious == []


def test_demo_extends_coco_and_keeps_its_ids(demo: Taxonomy) -> None:
    assert demo.classes["person"].id == 1
    assert demo.classes["cup"].id == 47
    assert "bicycle" not in demo.classes
    own = {"flag", "helmet", "space_shuttle", "rocket", "saucer", "mission_patch"}
    assert all(demo.classes[name].id >= 1000 for name in own)
    assert demo.classes["saucer"].ancestors == ("kitchen",)


def test_demo_person_keeps_coco_pose_and_refined_attributes(demo: Taxonomy) -> None:
    person = demo.classes["person"]
    assert "coco_pose" in person.label_types
    assert person.attributes["visor"].presence == "forbidden"
    assert person.attributes["occlusion"].when is not None
    pose = demo.label_types["coco_pose"]
    assert isinstance(pose, KeypointLabel)
    assert len(pose.keypoints) == 17


def test_demo_has_examples_of_both_verdicts(demo: Taxonomy) -> None:
    examples = _examples(demo)
    files = {(annotation, verdict) for _, verdict, _, _, annotation in examples}
    assert len(files) >= 8
    assert {verdict for _, verdict in files} == {"do", "dont"}


def test_every_labellable_class_appears_in_a_do_example(demo: Taxonomy) -> None:
    shown: set[str] = set()
    for _, verdict, _, _, annotation in _examples(demo):
        if verdict == "do":
            for record in _read(annotation)["images"]:
                shown |= {obj["class"] for obj in record.get("objects", [])}
                shown |= {v for v in record.get("labels", {}).values() if isinstance(v, str)}
    labellable = {name for name, cls in demo.classes.items() if cls.labellable}
    assert labellable - shown == set()


def test_example_annotations_describe_their_images(demo: Taxonomy) -> None:
    for _, _, _, image, annotation in _examples(demo):
        records = _read(annotation)["images"]
        assert len(records) == 1, annotation.name
        record = records[0]
        picture = annotation.parent / record["file"]
        assert picture.resolve() == image.resolve(), annotation.name
        with Image.open(picture) as im:
            assert im.size == (record["width"], record["height"]), annotation.name


def _keypoint_arrays(records: list[dict[str, Any]]) -> list[list[float]]:
    return [
        obj["shapes"]["coco_pose"]
        for record in records
        for obj in record.get("objects", [])
        if "coco_pose" in obj.get("shapes", {})
    ]


def test_keypoints_are_17_triplets_with_zeroed_unlabelled_points(demo: Taxonomy) -> None:
    arrays = []
    for _, _, _, _, annotation in _examples(demo):
        arrays += _keypoint_arrays(_read(annotation)["images"])
    assert arrays
    for flat in arrays:
        assert len(flat) == 51
        for x, y, v in zip(flat[0::3], flat[1::3], flat[2::3], strict=True):
            assert v in (0, 1, 2)
            assert v != 0 or (x, y) == (0, 0)


def test_demo_dataset_uses_only_the_demo_photos(demo: Taxonomy) -> None:
    for name in ("annotations.json", "broken/annotations.json"):
        path = DEMO_DATA / name
        doc = _read(path)
        assert doc["taxonomy"] == demo.name
        for record in doc["images"]:
            with Image.open(path.parent / record["file"]) as im:
                assert im.size == (record["width"], record["height"])


def _objects(tax: Taxonomy) -> list[tuple[str, dict[str, Any]]]:
    return [
        (annotation.name, obj)
        for _, _, _, _, annotation in _examples(tax)
        for record in _read(annotation)["images"]
        for obj in record.get("objects", [])
    ]


def test_example_objects_use_their_class_label_types_and_attributes(demo: Taxonomy) -> None:
    for where, obj in _objects(demo):
        cls = demo.classes.get(obj["class"])
        if cls is None:  # an unknown class is a deliberate fault of a "dont" example
            continue
        assert "box" in cls.label_types, (where, cls.name)
        assert set(obj.get("shapes", {})) <= set(cls.label_types), (where, cls.name)
        assert set(obj.get("attributes", {})) <= set(cls.attributes), (where, cls.name)

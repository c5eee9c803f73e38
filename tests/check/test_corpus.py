"""Real COCO files from ``../shared/corpus`` check with zero errors against a taxonomy made
from their own categories (real quirks included: id gaps, ``segmentation: []``,
uncompressed RLE, keypoint categories with empty names and 0-based skeletons, results files
with placeholder coordinates, panoptic PNGs). Skipped when the corpus is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.core.findings import Severity
from taxonomist.formats import reader

from .build import taxonomy_from

SHARED = Path(__file__).parents[2] / ".." / "shared"
CORPUS = SHARED / "corpus"
COCO_TAXONOMY = Path(__file__).parents[2] / "taxonomies" / "coco.yaml"
PANOPTIC_CATEGORIES = CORPUS / "taxonomies" / "coco_panoptic_categories.json"

pytestmark = pytest.mark.corpus


def _files() -> list[Path]:
    roots = sorted(CORPUS.glob("formats/coco*")) if CORPUS.is_dir() else []
    return sorted(p for root in roots for p in root.rglob("*.json"))


def _name(text: str, index: int) -> str:
    name = re.sub(r"[^a-z0-9_.\-]+", "_", text.strip().lower()).strip("_")
    return name or f"class_{index}"


def _class(category: Any, index: int, keypoints: int) -> tuple[str, dict[str, Any]]:
    label_types = ["box", "outline", "mask"]
    if keypoints:
        label_types.append(f"pose_{keypoints}")
    spec = {"id": category["id"], "label_types": label_types, "crowd": True}
    return _name(category["name"], index), spec


def _keypoint_count(category: dict[str, Any], annotations: list[Any]) -> int:
    if category.get("keypoints"):
        return len(category["keypoints"])
    if category.get("skeleton"):
        lengths = [len(a.get("keypoints", [])) // 3 for a in annotations if a.get("keypoints")]
        return max(lengths) if lengths else max(max(e) for e in category["skeleton"]) + 1
    return 0


def taxonomy_spec(categories: list[dict[str, Any]], annotations: list[Any]) -> dict[str, Any]:
    """A taxonomy with one class per category (same id), drawn with every shape kind."""
    label_types: dict[str, Any] = {
        "box": {"kind": "box"},
        "outline": {"kind": "polygon"},
        "mask": {"kind": "mask"},
    }
    classes: dict[str, Any] = {}
    for index, category in enumerate(categories):
        count = _keypoint_count(category, annotations)
        if count:
            names = [f"kp{i}" for i in range(count)]
            label_types[f"pose_{count}"] = {"kind": "keypoints", "keypoints": names}
        name, spec = _class(category, index, count)
        classes[name] = spec
    return {"label_types": label_types, "classes": classes}


def _taxonomy(path: Path, tmp_path: Path) -> Any:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list) or "categories" not in data:
        if "segments_info" in json.dumps(data)[:100000]:
            categories = json.loads(PANOPTIC_CATEGORIES.read_text(encoding="utf-8"))
            return taxonomy_from(taxonomy_spec(categories, []), tmp_path)
        from taxonomist.taxonomy import load

        return load(COCO_TAXONOMY)  # results files name the COCO classes by id
    spec = taxonomy_spec(data["categories"], data.get("annotations") or [])
    return taxonomy_from(spec, tmp_path)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_real_coco_file_has_no_errors(path: Path, tmp_path: Path) -> None:
    taxonomy = _taxonomy(path, tmp_path)
    report = run_check(taxonomy, [path], format="coco")
    errors = [f.render() for f in report.findings if f.severity >= Severity.ERROR]
    assert errors == []


def test_corpus_is_found() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    assert len(_files()) >= 15


def test_results_placeholders_are_warnings_at_most(tmp_path: Path) -> None:
    path = (
        CORPUS
        / "formats/coco/cocoapi_results/person_keypoints_val2014_fakekeypoints100_results.json"
    )
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    report = run_check(_taxonomy(path, tmp_path), [path])
    hidden = [f for f in report.findings if f.code == "K003"]
    assert hidden and {f.severity for f in hidden} == {Severity.WARNING}
    (dataset,) = reader("coco").read(path)
    assert dataset.kind == "results"

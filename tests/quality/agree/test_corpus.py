"""agree on a real COCO file against a seeded perturbation of it: COCO's published fake
detections for 100 val2014 images (cocoapi), wrapped as a dataset file."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from tests.quality.agree.conftest import agree

from taxonomist.api import load_taxonomy

RESULTS = "corpus/formats/coco/cocoapi_results/instances_val2014_fakebbox100_results.json"
DROPPED = 7


def dataset(results: list[dict[str, Any]], categories: list[dict[str, Any]]) -> dict[str, Any]:
    images = sorted({r["image_id"] for r in results})
    annotations = [
        {"id": k + 1, "image_id": r["image_id"], "category_id": r["category_id"], "bbox": r["bbox"],
         "area": r["bbox"][2] * r["bbox"][3], "iscrowd": 0}
        for k, r in enumerate(results)
    ]  # fmt: skip
    return {
        "images": [
            {"id": i, "file_name": f"{i:012d}.jpg", "width": 640, "height": 640} for i in images
        ],
        "categories": categories,
        "annotations": annotations,
    }


def perturbed(data: dict[str, Any], seed: int) -> dict[str, Any]:
    """Every box moved by under 2 % of its size, and DROPPED annotations left out."""
    rng = random.Random(seed)
    kept = sorted(rng.sample(range(len(data["annotations"])), len(data["annotations"]) - DROPPED))
    out = []
    for k in kept:
        record = dict(data["annotations"][k])
        x, y, w, h = record["bbox"]
        record["bbox"] = [x + rng.uniform(-0.02, 0.02) * w, y + rng.uniform(-0.02, 0.02) * h, w, h]
        out.append(record)
    return {**data, "annotations": out}


def test_corpus_file_against_a_perturbed_copy(shared_dir: Path, tmp_path: Path) -> None:
    coco = load_taxonomy(Path("builtin:coco"))
    results = json.loads((shared_dir / RESULTS).read_text(encoding="utf-8"))
    categories = [
        {"id": c.spec.id, "name": name} for name, c in coco.classes.items() if c.spec.id is not None
    ]
    base = dataset(results, categories)
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(base), encoding="utf-8")
    b.write_text(json.dumps(perturbed(base, seed=13)), encoding="utf-8")
    overall = agree(coco, a, b).pairs[0].overall
    assert overall.in_a == len(results) and overall.in_b == len(results) - DROPPED
    assert overall.extra == 0 and overall.swapped == 0
    assert overall.missed == DROPPED and overall.precision == 1.0
    assert overall.mean_overlap is not None and 0.9 < overall.mean_overlap < 1.0

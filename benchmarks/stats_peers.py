"""The Python peers of ``taxonomist stats``, one job per fresh process, run from the peers'
environment by ``stats.py``: ``python benchmarks/stats_peers.py SUBJECT FILE``.

- ``pycocotools``: ``COCO(FILE)`` (load and index), then per category its annotations,
  images and COCO area bins (small < 32², medium < 96², large) by the file's ``area``;
- ``datumaro``: ``Dataset.import_from(FILE, "coco_instances")`` (FILE in Datumaro's layout:
  ``annotations/instances_*.json``), then ``compute_ann_statistics`` (per-label counts,
  attribute distributions, segment areas) and ``compute_image_statistics``.

Prints one JSON line: the annotations and images counted, so the runs can be compared.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections import Counter
from pathlib import Path


def pycocotools_stats(file: Path) -> dict[str, int]:
    from pycocotools.coco import COCO

    with contextlib.redirect_stdout(io.StringIO()):
        coco = COCO(str(file))
    per_category: dict[int, tuple[int, int, Counter[int]]] = {}
    for cat in coco.getCatIds():
        anns = coco.loadAnns(coco.getAnnIds(catIds=[cat]))
        images = len(coco.getImgIds(catIds=[cat]))
        bins = Counter(0 if a["area"] < 32**2 else 1 if a["area"] < 96**2 else 2 for a in anns)
        per_category[cat] = (len(anns), images, bins)
    counted = sum(n for n, _, _ in per_category.values())
    return {"annotations": counted, "images": len(coco.getImgIds())}


def datumaro_stats(file: Path) -> dict[str, int]:
    import datumaro
    from datumaro.components.operations import compute_ann_statistics, compute_image_statistics

    dataset = datumaro.Dataset.import_from(str(file), "coco_instances")
    annotations = compute_ann_statistics(dataset)  # counts a polygon and its bbox apart
    compute_image_statistics(dataset)  # reads image files for their pixel statistics, if any
    return {"annotations": int(annotations["annotations count"]), "images": len(dataset)}


SUBJECTS = {"pycocotools": pycocotools_stats, "datumaro": datumaro_stats}

if __name__ == "__main__":
    subject, path = sys.argv[1], Path(sys.argv[2])
    sys.stdout.write(json.dumps(SUBJECTS[subject](path)) + "\n")

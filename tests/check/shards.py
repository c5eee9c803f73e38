"""Inputs for the tests of parallel and distributed checks: real corpus files, generated COCO
shards with faults (and ids shared between shards), a file no reader can read, and
module-level functions a worker process runs in place of the check (a test's monkeypatch
is not seen in another process, so these patch the worker itself)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from taxonomist.check.engine import Selection
from taxonomist.check.shard import Job, SourceResult, check_source
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

REPO = Path(__file__).resolve().parents[2]
COCO_TAXONOMY = REPO / "taxonomies" / "coco.yaml"
CORPUS_FORMATS = REPO / ".." / "shared" / "corpus" / "formats"
CRASH_NAME = "crash.json"
KILLER_NAME = "killer.json"
BROKEN = '{"images": [{"id": 1, "file_name": "a.jpg"'  # COCO, cut short: not JSON


def coco_taxonomy() -> Taxonomy:
    return load(COCO_TAXONOMY)


def coco_shard(
    path: Path, first_image: int, images: int, first_annotation: int, *, faults: bool = True
) -> Path:
    """A COCO file of ``images`` images (ids from ``first_image``, files ``img-<id>.jpg``),
    two annotations each (ids from ``first_annotation``); with ``faults``, one box too wide
    for its image and one unknown category."""
    doc: dict[str, Any] = {
        "images": [
            {"id": i, "file_name": f"img-{i}.jpg", "width": 64, "height": 48}
            for i in range(first_image, first_image + images)
        ],
        "categories": [{"id": 1, "name": "person"}, {"id": 3, "name": "car"}],
        "annotations": [],
    }
    ann = first_annotation
    for image in doc["images"]:
        for category in (1, 3):
            box = [2, 2, 10, 10]
            doc["annotations"].append(
                {
                    "id": ann,
                    "image_id": image["id"],
                    "category_id": category,
                    "bbox": box,
                    "area": 100,
                    "iscrowd": 0,
                }
            )
            ann += 1
    if faults and doc["annotations"]:
        doc["annotations"][0]["bbox"] = [50, 2, 40, 10]  # beyond the 64 px width
        doc["annotations"][-1]["category_id"] = 99  # not declared
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def mixed_inputs(tmp: Path) -> list[Path]:
    """Real files of several formats (the corpus, where present), generated shards with
    faults, a truncated JSON file no reader can read, and a folder of YOLO labels."""
    paths = [
        CORPUS_FORMATS / name
        for name in ("coco", "labelme_json", "voc", "yolo", "label_studio", "cvat")
        if (CORPUS_FORMATS / name).is_dir()
    ]
    shards = tmp / "shards"
    shards.mkdir()
    for index in range(4):
        coco_shard(shards / f"part-{index}.json", 1 + index * 3, 3, 1 + index * 4)
    paths.append(shards)
    broken = tmp / "broken.json"
    broken.write_text(BROKEN, encoding="utf-8")
    paths.append(broken)
    return paths


def job_for(taxonomy: Taxonomy, *, limit: int = 1000, sharded: bool = False) -> Job:
    return Job(taxonomy, Selection(), limit, None, False, sharded, str(Path.cwd()))


def crashing_read(path: Path) -> Any:
    """The COCO reader, except that it crashes (a bug) on ``crash.json``."""
    if path.name == CRASH_NAME:
        raise ValueError("boom in the reader")
    return REAL_COCO_READ(path)


def _real_coco_read() -> Any:
    from taxonomist.formats import coco

    return coco.read


REAL_COCO_READ = _real_coco_read()


def reader_crashes_in_worker(path: str, format_name: str | None) -> SourceResult:
    """A pool task: the worker's COCO reader crashes on ``crash.json``."""
    from taxonomist.check import scale
    from taxonomist.formats import coco

    coco.read = crashing_read  # this worker process only
    return scale._run_in_worker(path, format_name)


def rule_crashes_in_worker(path: str, format_name: str | None) -> SourceResult:
    """A pool task: a rule crashes on ``crash.json`` after the findings before it."""
    from taxonomist.check import engine, scale

    real = engine.stream_dataset

    def check(taxonomy: Any, dataset: Any, images: Any = None) -> Any:
        yield from real(taxonomy, dataset, images)
        if dataset.source.endswith(CRASH_NAME):
            raise KeyError("boom in a rule")

    engine.stream_dataset = check  # type: ignore[assignment]
    return scale._run_in_worker(path, format_name)


def dies_on_killer(path: str, format_name: str | None) -> SourceResult:
    """A pool task whose process dies (as the OOM killer does it) on ``killer.json``."""
    from taxonomist.check import scale

    if Path(path).name == KILLER_NAME:
        os._exit(137)
    return scale._run_in_worker(path, format_name)


def raises_on_crash(job: Job, path: str, format_name: str | None) -> SourceResult:
    """A Dask task that fails outright (not inside the check's own safety net)."""
    if Path(path).name == CRASH_NAME:
        raise MemoryError("the task ran out of memory")
    return check_source(job, path, format_name)


def codes_by_file(findings: Any) -> Counter[tuple[str, str]]:
    return Counter((Path(f.location.file).name, f.code) for f in findings)

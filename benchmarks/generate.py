"""Seeded generator of COCO instances files for the `taxonomist check` benchmark.

For N annotations it writes, in one streaming pass:

- ``coco-<size>.json``: a valid COCO instances file: the 80 COCO thing classes with their real
  ids (gaps included), about 8 annotations per image, one polygon per object (with its exact
  shoelace area and its bounding box), and 10 % persons with 17 keypoints inside their box;
- ``coco-<size>-faults.json``: the same file with 0.1 % of the annotations broken, in equal
  shares of five kinds (box outside image, unknown category, negative width, duplicate
  annotation id, odd polygon length), each touching nothing but the field it breaks;
- ``coco-<size>-faults.manifest.json``: every injected fault (array index, JSON pointer,
  annotation id, kind), so a run can be scored: each fault found at its annotation, no other error.

Same seed and size, same bytes. Usage: ``python benchmarks/generate.py 100000 benchmarks/data``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import mmap
import random
import shutil
from collections.abc import Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

SEED = 20261129
FAULT_RATE = 0.001
FAULT_KINDS = (
    "box-outside-image",
    "unknown-category",
    "negative-width",
    "duplicate-annotation-id",
    "odd-polygon-length",
)
# The 80 COCO 2017 thing classes with their real ids (ids 12, 26, 29, 30, 45, 66, 68, 69, 71
# and 83 are unused in COCO, which is why the generator keeps them as gaps).
COCO_CLASSES = (
    (1, "person", "person"), (2, "bicycle", "vehicle"), (3, "car", "vehicle"),
    (4, "motorcycle", "vehicle"), (5, "airplane", "vehicle"), (6, "bus", "vehicle"),
    (7, "train", "vehicle"), (8, "truck", "vehicle"), (9, "boat", "vehicle"),
    (10, "traffic light", "outdoor"), (11, "fire hydrant", "outdoor"),
    (13, "stop sign", "outdoor"), (14, "parking meter", "outdoor"), (15, "bench", "outdoor"),
    (16, "bird", "animal"), (17, "cat", "animal"), (18, "dog", "animal"),
    (19, "horse", "animal"), (20, "sheep", "animal"), (21, "cow", "animal"),
    (22, "elephant", "animal"), (23, "bear", "animal"), (24, "zebra", "animal"),
    (25, "giraffe", "animal"), (27, "backpack", "accessory"), (28, "umbrella", "accessory"),
    (31, "handbag", "accessory"), (32, "tie", "accessory"), (33, "suitcase", "accessory"),
    (34, "frisbee", "sports"), (35, "skis", "sports"), (36, "snowboard", "sports"),
    (37, "sports ball", "sports"), (38, "kite", "sports"), (39, "baseball bat", "sports"),
    (40, "baseball glove", "sports"), (41, "skateboard", "sports"),
    (42, "surfboard", "sports"), (43, "tennis racket", "sports"), (44, "bottle", "kitchen"),
    (46, "wine glass", "kitchen"), (47, "cup", "kitchen"), (48, "fork", "kitchen"),
    (49, "knife", "kitchen"), (50, "spoon", "kitchen"), (51, "bowl", "kitchen"),
    (52, "banana", "food"), (53, "apple", "food"), (54, "sandwich", "food"),
    (55, "orange", "food"), (56, "broccoli", "food"), (57, "carrot", "food"),
    (58, "hot dog", "food"), (59, "pizza", "food"), (60, "donut", "food"),
    (61, "cake", "food"), (62, "chair", "furniture"), (63, "couch", "furniture"),
    (64, "potted plant", "furniture"), (65, "bed", "furniture"),
    (67, "dining table", "furniture"), (70, "toilet", "furniture"), (72, "tv", "electronic"),
    (73, "laptop", "electronic"), (74, "mouse", "electronic"), (75, "remote", "electronic"),
    (76, "keyboard", "electronic"), (77, "cell phone", "electronic"),
    (78, "microwave", "appliance"), (79, "oven", "appliance"), (80, "toaster", "appliance"),
    (81, "sink", "appliance"), (82, "refrigerator", "appliance"), (84, "book", "indoor"),
    (85, "clock", "indoor"), (86, "vase", "indoor"), (87, "scissors", "indoor"),
    (88, "teddy bear", "indoor"), (89, "hair drier", "indoor"), (90, "toothbrush", "indoor"),
)  # fmt: skip
UNKNOWN_CATEGORY_IDS = (12, 26, 29, 30, 45, 66, 68, 69, 71, 83, 91, 999)
KEYPOINTS = (
    "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
)  # fmt: skip
SKELETON = (
    (16, 14), (14, 12), (17, 15), (15, 13), (12, 13), (6, 12), (7, 13), (6, 7), (6, 8),
    (7, 9), (8, 10), (9, 11), (2, 3), (1, 2), (1, 3), (2, 4), (3, 5), (4, 6), (5, 7),
)  # fmt: skip
IMAGE_SIZES = ((640, 480), (640, 427), (480, 640), (640, 360), (500, 375), (427, 640))
PERSON_SHARE = 0.10
MIN_VISIBLE_KEYPOINTS = 5
MIN_SIDE = 1.0  # the COCO taxonomy's min_box_side (px)


@dataclass(frozen=True)
class Fault:
    index: int
    kind: str


def categories() -> list[dict[str, Any]]:
    """COCO ``categories``: the 80 thing classes; person carries the keypoint schema."""
    result: list[dict[str, Any]] = []
    for cid, name, supercategory in COCO_CLASSES:
        item: dict[str, Any] = {"id": cid, "name": name, "supercategory": supercategory}
        if name == "person":
            item["keypoints"] = list(KEYPOINTS)
            item["skeleton"] = [list(edge) for edge in SKELETON]
        result.append(item)
    return result


def plan_faults(total: int, rng: random.Random) -> dict[int, Fault]:
    """0.1 % of the annotations (at least one per kind), kinds in equal shares, never adjacent."""
    count = max(len(FAULT_KINDS), round(total * FAULT_RATE))
    if total < 4 * count:
        return {}
    chosen: set[int] = set()
    while len(chosen) < count:
        index = rng.randrange(1, total)
        if not {index - 1, index, index + 1} & chosen:
            chosen.add(index)
    ordered = sorted(chosen)
    rng.shuffle(ordered)
    return {i: Fault(i, FAULT_KINDS[n % len(FAULT_KINDS)]) for n, i in enumerate(ordered)}


def polygon(rng: random.Random, width: int, height: int) -> list[float]:
    """A star-shaped polygon of 6 to 16 vertices lying inside the image."""
    radius = rng.uniform(8.0, min(width, height) / 4)
    cx = rng.uniform(radius, width - radius)
    cy = rng.uniform(radius, height - radius)
    angles = sorted(rng.uniform(0.0, 2 * math.pi) for _ in range(rng.randint(6, 16)))
    points: list[float] = []
    for angle in angles:
        r = radius * rng.uniform(0.5, 1.0)
        points.append(round(min(max(cx + r * math.cos(angle), 0.0), width), 2))
        points.append(round(min(max(cy + r * math.sin(angle), 0.0), height), 2))
    _, _, w, h = bounds(points)
    if w < MIN_SIDE or h < MIN_SIDE:
        # Angles bunched on one line make a sliver under a pixel thick, which the COCO
        # taxonomy rightly calls a degenerate box: draw a triangle about the centre instead
        # (8 px or more from every edge; no further draws, so the rest keep their bytes).
        x, y = round(cx, 2), round(cy, 2)
        return [
            round(x - 4, 2),
            round(y - 4, 2),
            round(x + 4, 2),
            round(y - 4, 2),
            x,
            round(y + 4, 2),
        ]
    return points


def shoelace(points: list[float]) -> float:
    xs, ys = points[0::2], points[1::2]
    n = len(xs)
    twice = sum(xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * ys[i] for i in range(n))
    return round(abs(twice) / 2, 2)


def bounds(points: list[float]) -> list[float]:
    xs, ys = points[0::2], points[1::2]
    x, y = min(xs), min(ys)
    return [x, y, round(max(xs) - x, 2), round(max(ys) - y, 2)]


def keypoints(rng: random.Random, box: list[float]) -> tuple[list[int], int]:
    """17 (x, y, v) triples inside ``box``; v = 0 means x = y = 0, as COCO requires."""
    x0, y0 = math.ceil(box[0]), math.ceil(box[1])
    x1, y1 = math.floor(box[0] + box[2]), math.floor(box[1] + box[3])
    visible = set(rng.sample(range(len(KEYPOINTS)), rng.randint(MIN_VISIBLE_KEYPOINTS, 17)))
    flat: list[int] = []
    for k in range(len(KEYPOINTS)):
        if k in visible:
            flat += [rng.randint(x0, x1), rng.randint(y0, y1), rng.choice((1, 2, 2))]
        else:
            flat += [0, 0, 0]
    return flat, len(visible)


def annotation(
    rng: random.Random, ann_id: int, image: dict[str, Any], *, person: bool
) -> dict[str, Any]:
    points = polygon(rng, image["width"], image["height"])
    box = bounds(points)
    category = 1 if person else rng.choice(COCO_CLASSES[1:])[0]
    ann: dict[str, Any] = {
        "id": ann_id,
        "image_id": image["id"],
        "category_id": category,
        "segmentation": [points],
        "area": shoelace(points),
        "bbox": box,
        "iscrowd": 0,
    }
    if person:
        ann["keypoints"], ann["num_keypoints"] = keypoints(rng, box)
    return ann


def inject(ann: dict[str, Any], fault: Fault, image: dict[str, Any], rng: random.Random) -> str:
    """Break one field of a copy of ``ann`` as ``fault.kind`` says; returns what was done."""
    box = list(ann["bbox"])
    if fault.kind == "box-outside-image":
        box[2] = round(image["width"] - box[0] + rng.uniform(20.0, 60.0), 2)
        ann["bbox"] = box
        return f"bbox ends at x={box[0] + box[2]:.2f}, image width {image['width']}"
    if fault.kind == "unknown-category":
        ann["category_id"] = rng.choice(UNKNOWN_CATEGORY_IDS)
        return f"category_id {ann['category_id']} is no COCO class"
    if fault.kind == "negative-width":
        box[2] = -box[2]
        ann["bbox"] = box
        return f"bbox width {box[2]}"
    if fault.kind == "duplicate-annotation-id":
        ann["id"] -= 1  # ids are consecutive: this repeats the previous annotation's id
        return f"id {ann['id']} repeats the previous annotation's id"
    ann["segmentation"] = [ann["segmentation"][0][:-1]]
    return f"polygon of {len(ann['segmentation'][0])} numbers"


def images_and_annotations(
    total: int, rng: random.Random, no_person: Container[int]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Images with 1 to 15 annotations each (8 on average) until ``total`` annotations.

    Annotations at the indices in ``no_person`` are never persons: a fault injected there must
    not also disturb keypoints, so that each fault is the only thing wrong with its annotation.
    """
    made, image_id = 0, 0
    while made < total:
        image_id += 1
        width, height = rng.choice(IMAGE_SIZES)
        image = {
            "id": image_id,
            "file_name": f"{image_id:012d}.jpg",
            "width": width,
            "height": height,
        }
        count = min(rng.randint(1, 15), total - made)
        anns = [
            annotation(rng, made + k + 1, image, person=_person(rng, made + k, no_person))
            for k in range(count)
        ]
        made += count
        yield image, anns


def _person(rng: random.Random, index: int, no_person: Container[int]) -> bool:
    return rng.random() < PERSON_SHARE and index not in no_person


def header() -> dict[str, Any]:
    return {
        "info": {"description": "taxonomist benchmark: synthetic COCO instances", "version": "1.0"},
        "licenses": [
            {
                "id": 1,
                "name": "CC0 1.0",
                "url": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
    }


def size_label(total: int) -> str:
    if total % 1_000_000 == 0:
        return f"{total // 1_000_000}m"
    return f"{total // 1000}k" if total % 1000 == 0 else str(total)


def generate(
    total: int,
    out_dir: Path,
    *,
    seed: int = SEED,
    faults: bool = True,
    clean: bool = True,
    label: str | None = None,
) -> dict[str, Path]:
    """Write the clean file (and the faulty copy and its manifest); returns their paths.

    ``clean=False`` writes only the faulty copy and its manifest (the shards of the sharded
    run); ``label`` replaces the size in the names (``coco-<label>.json``).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    label = label or size_label(total)
    paths = {"clean": out_dir / f"coco-{label}.json"} if clean or not faults else {}
    if faults:
        paths["faults"] = out_dir / f"coco-{label}-faults.json"
        paths["manifest"] = out_dir / f"coco-{label}-faults.manifest.json"
    rng = random.Random(seed)
    fault_rng = random.Random(seed + 1)
    plan = plan_faults(total, fault_rng) if faults else {}
    records = _write(total, rng, fault_rng, plan, paths)
    if faults:
        manifest = {
            "seed": seed,
            "annotations": total,
            "file": paths["faults"].name,
            "clean_file": paths["clean"].name if "clean" in paths else None,
            "counts": {kind: sum(1 for r in records if r["kind"] == kind) for kind in FAULT_KINDS},
            "faults": sorted(records, key=lambda r: r["index"]),
        }
        _atomic_write(paths["manifest"], orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    return paths


class _Array:
    """A JSON array's items written one by one to a temporary file, comma-separated."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle = path.open("wb")
        self.empty = True

    def add(self, item: bytes) -> None:
        if not self.empty:
            self.handle.write(b",")
        self.handle.write(item)
        self.empty = False

    def close(self) -> None:
        self.handle.close()


def _write(
    total: int,
    rng: random.Random,
    fault_rng: random.Random,
    plan: dict[int, Fault],
    paths: dict[str, Path],
) -> list[dict[str, Any]]:
    """Stream the arrays to temporary files (bounded memory at any size), then assemble.

    The images array comes first in the file but is only known as the annotations are made,
    so each array goes to its own temporary file and the outputs are joined at the end.
    """
    some = paths.get("clean", paths.get("faults"))
    assert some is not None
    images = _Array(some.with_name(some.name + ".images.tmp"))
    outputs = {kind: _Array(p.with_name(p.name + ".anns.tmp"))
               for kind, p in paths.items() if kind in ("clean", "faults")}  # fmt: skip
    records: list[dict[str, Any]] = []
    try:
        for image, anns, faults in _encoded(total, rng, fault_rng, plan):
            images.add(image)
            for clean, broken in anns:
                if "clean" in outputs:
                    outputs["clean"].add(clean)
                if "faults" in outputs:
                    outputs["faults"].add(broken)
            records += faults
        images.close()
        for kind, anns in outputs.items():
            anns.close()
            _dump(paths[kind], images.path, anns.path)
    finally:
        for part in (images, *outputs.values()):
            part.handle.close()
            part.path.unlink(missing_ok=True)
    return records


def _encoded(
    total: int, rng: random.Random, fault_rng: random.Random, plan: dict[int, Fault]
) -> Iterator[tuple[bytes, list[tuple[bytes, bytes]], list[dict[str, Any]]]]:
    """Per image: its JSON, each annotation's clean and faulty JSON, the faults injected."""
    index = 0
    for image, anns in images_and_annotations(total, rng, plan):
        pairs, records = [], []
        for ann in anns:
            encoded = broken_encoded = orjson.dumps(ann)
            fault = plan.get(index)
            if fault is not None:
                broken = orjson.loads(encoded)
                detail = inject(broken, fault, image, fault_rng)
                broken_encoded = orjson.dumps(broken)
                records.append(_record(fault, broken, detail))
            pairs.append((encoded, broken_encoded))
            index += 1
        yield orjson.dumps(image), pairs, records


def matches(path: Path, total: int, *, faults: bool, seed: int = SEED, images: int = 500) -> bool:
    """Whether ``path`` starts as this generator's file of ``total`` annotations does: the
    same header, first ``images`` images and their annotations (clean or faulty copy).

    A cheap check that a copy made elsewhere (by the same generator) can be reused.
    """
    rng, fault_rng = random.Random(seed), random.Random(seed + 1)
    plan = plan_faults(total, fault_rng)  # the clean copy is made with the same plan
    first = list(itertools.islice(_encoded(total, rng, fault_rng, plan), images))
    head = orjson.dumps(header())[:-1] + b',"images":[' + b",".join(f[0] for f in first)
    anns = b",".join(pair[1 if faults else 0] for f in first for pair in f[1])
    marker = b'],"annotations":['
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        at = m.find(marker)
        return m[: len(head)] == head and at > 0 and m[at + len(marker) :][: len(anns)] == anns


def _record(fault: Fault, broken: dict[str, Any], detail: str) -> dict[str, Any]:
    return {
        "index": fault.index,
        "pointer": f"/annotations/{fault.index}",
        "annotation_id": broken["id"],
        "image_id": broken["image_id"],
        "kind": fault.kind,
        "detail": detail,
    }


def _dump(path: Path, images: Path, anns: Path) -> None:
    head = orjson.dumps(header())[:-1]
    cats = orjson.dumps(categories())
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        out.write(head + b',"images":[')
        _copy(images, out)
        out.write(b'],"annotations":[')
        _copy(anns, out)
        out.write(b'],"categories":' + cats + b"}\n")
    tmp.replace(path)


def _copy(source: Path, out: BinaryIO) -> None:
    with source.open("rb") as handle:
        shutil.copyfileobj(handle, out, 16 << 20)


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotations", type=int, help="number of annotations, e.g. 100000")
    parser.add_argument("out_dir", type=Path, nargs="?", default=Path(__file__).parent / "data")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-faults", action="store_true", help="write the clean file only")
    args = parser.parse_args()
    paths = generate(args.annotations, args.out_dir, seed=args.seed, faults=not args.no_faults)
    for kind, path in paths.items():
        print(f"{kind}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()

"""The formats benchmark, in one command: ``python benchmarks/formats.py [--quick]``.

One seeded synthetic detection dataset (2,000 images of 640 x 480, 50 boxes each: 100,000
boxes of 10 classes, every box inside its image) is written in each format the peers also
read, and each subject reads and checks it as a fresh process, side by side in one run:

* ``taxonomist check -t TAXONOMY PATH --report json`` (the taxonomy imported once from the
  same files with ``taxonomist import dataset``, outside the timing);
* ``panlabel validate --format F PATH`` (Rust; reads and validates);
* Datumaro ``Dataset.import_from(PATH, F)`` and a walk over every annotation (Datumaro
  reads lazily: the walk is what makes it read).

Peers run from a separate environment (``--peers VENV``: a venv with ``panlabel`` and
``datumaro`` installed; the numbers say when one is absent). Medians of ``--repeats`` runs,
interleaved; wall time and peak RSS as ``harness.run_process`` measures them; ratios are
peer ÷ taxonomist (above 1: taxonomist is faster). Every subject must accept the clean data:
a non-zero exit or any error finding is printed beside its time. The images are written
once (hard links between the formats' layouts). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness import Sample, run_process
from PIL import Image

HERE = Path(__file__).parent
DATA = HERE / "data" / "formats"
OUT = HERE / "out" / "formats"
TAXONOMIST = Path(sys.executable).parent / "taxonomist"
WIDTH, HEIGHT = 640, 480
CLASSES = [f"class_{i}" for i in range(10)]


@dataclass(frozen=True)
class Box:
    cls: int
    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Frame:
    stem: str
    boxes: tuple[Box, ...]


def synthetic(images: int, per_image: int, seed: int = 7) -> list[Frame]:
    rng = random.Random(seed)
    frames = []
    for i in range(images):
        boxes = []
        for _ in range(per_image):
            w, h = rng.uniform(8, 200), rng.uniform(8, 200)
            x, y = rng.uniform(0, WIDTH - w), rng.uniform(0, HEIGHT - h)
            boxes.append(
                Box(rng.randrange(len(CLASSES)), round(x, 2), round(y, 2), round(w, 2), round(h, 2))
            )
        frames.append(Frame(f"{i:06d}", tuple(boxes)))
    return frames


def _images(root: Path, frames: list[Frame]) -> Path:
    """One PNG per frame (written once; every layout hard-links these)."""
    folder = root / "_images"
    if not folder.exists():
        folder.mkdir(parents=True)
        blank = Image.new("RGB", (WIDTH, HEIGHT))
        for frame in frames:
            blank.save(folder / f"{frame.stem}.png")
    return folder


def _link(images: Path, frames: list[Frame], dest: Path, suffix: str = ".png") -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for frame in frames:
        target = dest / f"{frame.stem}{suffix}"
        if not target.exists():
            os.link(images / f"{frame.stem}.png", target)


def write_kitti(root: Path, frames: list[Frame], images: Path) -> Path:
    labels = root / "label_2"
    labels.mkdir(parents=True)
    for frame in frames:
        lines = [
            f"{CLASSES[b.cls]} 0.00 0 -10 {b.x:.2f} {b.y:.2f} {b.x + b.w:.2f} {b.y + b.h:.2f} "
            "-1 -1 -1 -1000 -1000 -1000 -10"
            for b in frame.boxes
        ]
        (labels / f"{frame.stem}.txt").write_text("\n".join(lines) + "\n")
    _link(images, frames, root / "image_2")
    return root


def write_openimages(root: Path, frames: list[Frame], images: Path) -> Path:
    annotations = root / "annotations"
    annotations.mkdir(parents=True)
    with (annotations / "oidv6-class-descriptions.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["LabelName", "DisplayName"])
        writer.writerows([f"/m/{i:04d}", name] for i, name in enumerate(CLASSES))
    flags = "IsOccluded,IsTruncated,IsGroupOf,IsDepiction,IsInside"
    rows = [f"ImageID,Source,LabelName,Confidence,XMin,XMax,YMin,YMax,{flags}"]
    for frame in frames:
        for b in frame.boxes:
            x0, x1 = b.x / WIDTH, (b.x + b.w) / WIDTH
            y0, y1 = b.y / HEIGHT, (b.y + b.h) / HEIGHT
            rows.append(
                f"{frame.stem},xclick,/m/{b.cls:04d},1,{x0:.6f},{x1:.6f},{y0:.6f},{y1:.6f},0,0,0,0,0"
            )
    (annotations / "train-annotations-bbox.csv").write_text("\n".join(rows) + "\n")
    _link(images, frames, root / "images" / "train")
    _link(images, frames, annotations / "images")  # where panlabel looks, beside the CSV
    return root


def write_datumaro(root: Path, frames: list[Frame], images: Path) -> Path:
    items = []
    for frame in frames:
        annotations = [
            {"id": n, "type": "bbox", "attributes": {}, "group": 0, "label_id": b.cls,
             "z_order": 0, "bbox": [b.x, b.y, b.w, b.h]}
            for n, b in enumerate(frame.boxes)
        ]  # fmt: skip
        items.append({
            "id": frame.stem, "annotations": annotations, "attr": {},
            "image": {"path": f"{frame.stem}.png", "size": [HEIGHT, WIDTH]},
        })  # fmt: skip
    doc = {
        "dm_format_version": "1.0",
        "media_type": 2,
        "infos": {},
        "categories": {
            "label": {
                "labels": [{"name": n, "parent": "", "attributes": []} for n in CLASSES],
                "attributes": [],
            }
        },
        "items": items,
    }
    (root / "annotations").mkdir(parents=True)
    (root / "annotations" / "default.json").write_text(json.dumps(doc))
    _link(images, frames, root / "images" / "default")
    return root


def write_sagemaker(root: Path, frames: list[Frame], images: Path) -> Path:
    root.mkdir(parents=True)
    class_map = {str(i): name for i, name in enumerate(CLASSES)}
    lines = []
    for frame in frames:
        record = {
            "source-ref": f"s3://bucket/images/{frame.stem}.png",
            "boxes": {
                "annotations": [
                    {
                        "class_id": b.cls,
                        "left": round(b.x),
                        "top": round(b.y),
                        "width": round(b.w),
                        "height": round(b.h),
                    }
                    for b in frame.boxes
                ],
                "image_size": [{"width": WIDTH, "height": HEIGHT, "depth": 3}],
            },
            "boxes-metadata": {
                "objects": [{"confidence": 1.0} for _ in frame.boxes],
                "class-map": class_map,
                "type": "groundtruth/object-detection",
                "human-annotated": "yes",
                "creation-date": "2026-01-01T00:00:00.000000",
                "job-name": "labeling-job/boxes",
            },
        }
        lines.append(json.dumps(record))
    (root / "output.manifest").write_text("\n".join(lines) + "\n")
    return root / "output.manifest"


def write_hf(root: Path, frames: list[Frame], images: Path) -> Path:
    root.mkdir(parents=True)
    lines = [
        json.dumps(
            {
                "file_name": f"{frame.stem}.png",
                "objects": {
                    "bbox": [[b.x, b.y, b.w, b.h] for b in frame.boxes],
                    "categories": [b.cls for b in frame.boxes],
                },
            }
        )
        for frame in frames
    ]
    (root / "metadata.jsonl").write_text("\n".join(lines) + "\n")
    _link(images, frames, root)
    return root


def write_bdd100k(root: Path, frames: list[Frame], images: Path) -> Path:
    root.mkdir(parents=True)
    doc = [
        {
            "name": f"{frame.stem}.png",
            "attributes": {"weather": "clear", "scene": "city street", "timeofday": "daytime"},
            "labels": [
                {
                    "id": str(n),
                    "category": CLASSES[b.cls],
                    "attributes": {"occluded": False, "truncated": False},
                    "box2d": {"x1": b.x, "y1": b.y, "x2": b.x + b.w, "y2": b.y + b.h},
                }
                for n, b in enumerate(frame.boxes)
            ],
        }
        for frame in frames
    ]
    (root / "labels.json").write_text(json.dumps(doc))
    return root / "labels.json"


def write_labelbox(root: Path, frames: list[Frame], images: Path) -> Path:
    root.mkdir(parents=True)
    lines = []
    for frame in frames:
        objects = [
            {
                "feature_id": f"{frame.stem}-{n}",
                "name": CLASSES[b.cls],
                "annotation_kind": "ImageBoundingBox",
                "bounding_box": {"top": b.y, "left": b.x, "height": b.h, "width": b.w},
            }
            for n, b in enumerate(frame.boxes)
        ]
        label = {
            "label_kind": "Default",
            "annotations": {"objects": objects, "classifications": []},
        }
        row = {
            "data_row": {
                "id": f"dr-{frame.stem}",
                "external_id": f"{frame.stem}.png",
                "row_data": f"s3://bucket/{frame.stem}.png",
            },
            "media_attributes": {"width": WIDTH, "height": HEIGHT},
            "projects": {"p": {"labels": [label]}},
        }
        lines.append(json.dumps(row))
    (root / "export.ndjson").write_text("\n".join(lines) + "\n")
    return root / "export.ndjson"


WRITERS: dict[str, Callable[[Path, list[Frame], Path], Path]] = {
    "kitti": write_kitti,
    "openimages": write_openimages,
    "datumaro": write_datumaro,
    "sagemaker": write_sagemaker,
    "huggingface": write_hf,
    "bdd100k": write_bdd100k,
    "labelbox": write_labelbox,
}
# the peers' names for each format (None: the peer does not read it)
PANLABEL = {"kitti": "kitti", "openimages": "openimages", "datumaro": "datumaro",
            "sagemaker": "sagemaker", "huggingface": "hf", "bdd100k": "bdd100k",
            "labelbox": "labelbox"}  # fmt: skip
# where panlabel reads a format whose layout is a folder for the others
PANLABEL_PATH = {
    "openimages": "annotations/train-annotations-bbox.csv",
    "datumaro": "annotations/default.json",
}
DATUMARO = {"kitti": "kitti_detection", "openimages": "open_images", "datumaro": "datumaro"}
DATUMARO_SCRIPT = (
    "import sys, datumaro as dm\n"
    "ds = dm.Dataset.import_from(sys.argv[1], sys.argv[2])\n"
    "print(sum(len(item.annotations) for item in ds))\n"
)


def prepare(images: int, per_image: int) -> dict[str, Path]:
    tag = f"{images}x{per_image}"
    base = DATA / tag
    frames = synthetic(images, per_image)
    pictures = _images(base, frames)
    paths = {}
    for name, write in WRITERS.items():
        folder = base / name
        marker = folder / ".done"
        if not marker.exists():
            shutil.rmtree(folder, ignore_errors=True)
            path = write(folder, frames, pictures)
            (folder / ".path").write_text(str(path))
            marker.write_text("")
        paths[name] = Path((folder / ".path").read_text())
    return paths


def taxonomy_for(name: str, path: Path) -> Path:
    out = path.parent / f"{name}.taxonomy.yaml"
    if not out.exists():
        sample = run_process(
            [str(TAXONOMIST), "import", "dataset", str(path), "-o", str(out)],
            OUT / f"import-{name}.out",
        )
        if sample.returncode != 0:
            err = (OUT / f"import-{name}.out.stderr").read_text(errors="replace").strip()
            raise SystemExit(f"taxonomist import dataset {path} failed: {err}")
    return out


def subjects(name: str, path: Path, peers: Path | None) -> dict[str, list[str]]:
    out = {
        "taxonomist": [
            str(TAXONOMIST),
            "check",
            "-t",
            str(taxonomy_for(name, path)),
            str(path),
            "--report",
            "json",
        ]
    }
    if peers is not None and name in PANLABEL and (peers / "bin" / "panlabel").exists():
        out["panlabel"] = [
            str(peers / "bin" / "panlabel"),
            "validate",
            "--format",
            PANLABEL[name],
            str(path / PANLABEL_PATH[name] if name in PANLABEL_PATH else path),
        ]
    if peers is not None and name in DATUMARO and (peers / "bin" / "python").exists():
        script = OUT / "datumaro_read.py"
        script.write_text(DATUMARO_SCRIPT)
        out["datumaro"] = [str(peers / "bin" / "python"), str(script), str(path), DATUMARO[name]]
    return out


def _verdict(name: str, subject: str, stdout: Path, sample: Sample) -> str:
    if sample.returncode != 0:
        err = stdout.with_suffix(stdout.suffix + ".stderr").read_text(errors="replace").strip()
        tail = (err.splitlines() or [""])[-1][:120]
        return f"exit {sample.returncode}: {tail}"
    if subject == "taxonomist":
        report = json.loads(stdout.read_bytes())
        errors = [f for f in report["findings"] if f["severity"] == "error"]
        return f"{len(errors)} errors" if errors else "clean"
    if subject == "datumaro":
        return f"{stdout.read_text().strip()} annotations"
    return "clean"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 images, 2 repeats")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peers", type=Path, default=None, help="venv with panlabel and datumaro")
    parser.add_argument("--formats", nargs="*", default=list(WRITERS))
    args = parser.parse_args()
    images, repeats = (200, 2) if args.quick else (2000, args.repeats)
    OUT.mkdir(parents=True, exist_ok=True)
    paths = prepare(images, 50)
    rows = []
    for name in args.formats:
        commands = subjects(name, paths[name], args.peers)
        samples: dict[str, list[Sample]] = {s: [] for s in commands}
        verdicts: dict[str, str] = {}
        for _ in range(repeats):
            for subject, cmd in commands.items():
                stdout = OUT / f"{name}-{subject}.out"
                sample = run_process(cmd, stdout, timeout=900)
                samples[subject].append(sample)
                verdicts[subject] = _verdict(name, subject, stdout, sample)
        mine = statistics.median(s.wall for s in samples["taxonomist"])
        for subject, series in samples.items():
            wall = statistics.median(s.wall for s in series)
            rss = statistics.median(s.rss_mb for s in series)
            ratio = "1.00×" if subject == "taxonomist" else f"{wall / mine:.2f}×"
            rows.append(
                f"| {name} | {subject} | {wall:.2f} | {rss:.0f} | {ratio} | {verdicts[subject]} |"
            )
        print("\n".join(rows[-len(samples) :]), flush=True)
    boxes = images * 50
    print(f"\n{images:,} images, {boxes:,} boxes; medians of {repeats} runs")
    print("ratio: the subject's wall time over taxonomist's\n")
    head = "| format | subject | wall median (s) | peak RSS (MB) | ÷ taxonomist | clean data |"
    print(head)
    print("|---|---|--:|--:|--:|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()

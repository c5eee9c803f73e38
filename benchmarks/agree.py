"""Benchmark ``taxonomist agree`` against COCO evaluation by pycocotools and hotcoco.

``python benchmarks/agree.py`` writes two seeded COCO files of 100k annotations (``--size``)
if missing: A, ``generate.py``'s clean file, and B, a seeded perturbation of it (every box
moved by up to 5 % of its size, 2 % of annotations dropped, 1 % given another class, 1 %
extra boxes), with B also as a COCO results list (score 1). Each subject runs as a fresh
process ``--runs`` times (3); wall time and peak RSS are medians, with ratios to
``taxonomist agree`` in the same run. What each computes:

- ``taxonomist agree`` (``--report json``): reads and checks both files against the COCO
  taxonomy, matches per image within class then across classes (Hungarian, IoU 0.5),
  counts per class, confusion, attribute and label agreement, rule attribution;
- ``pycocotools`` / ``hotcoco``: ``COCOeval`` bbox (B as detections with score 1):
  matching at ten IoU thresholds, per category and area range, AP/AR summary
  (``agree_peers.py``).

Results are also written to ``benchmarks/out/agree-<size>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from stats import OUT, TAXONOMY, Subject, measure, table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"
SEED = 29


def ensure_files(size: int) -> tuple[Path, Path, Path]:
    label = "1m" if size == 1_000_000 else f"{size // 1000}k"
    a = DATA / f"coco-{label}.json"
    if not a.is_file():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(DATA)], check=True
        )
    b, results = DATA / f"coco-{label}-b.json", DATA / f"coco-{label}-b-results.json"
    if not b.is_file() or not results.is_file():
        data = json.loads(a.read_text(encoding="utf-8"))
        data["annotations"] = perturbed(data, random.Random(SEED))
        b.write_text(json.dumps(data), encoding="utf-8")
        detections = [
            {
                "image_id": x["image_id"],
                "category_id": x["category_id"],
                "bbox": x["bbox"],
                "score": 1.0,
            }
            for x in data["annotations"]
        ]
        results.write_text(json.dumps(detections), encoding="utf-8")
    return a, b, results


def perturbed(data: dict[str, Any], rng: random.Random) -> list[dict[str, Any]]:
    categories = [c["id"] for c in data["categories"]]
    images = data["images"]
    out, next_id = [], max(a["id"] for a in data["annotations"]) + 1
    for ann in data["annotations"]:
        roll = rng.random()
        if roll < 0.02:
            continue
        x, y, w, h = ann["bbox"]
        moved = [x + rng.uniform(-0.05, 0.05) * w, y + rng.uniform(-0.05, 0.05) * h, w, h]
        record = {**ann, "bbox": moved}
        if roll < 0.03:
            record["category_id"] = rng.choice(categories)
        out.append(record)
        if roll > 0.99:
            image = rng.choice(images)
            box = [
                rng.uniform(0, image["width"] / 2),
                rng.uniform(0, image["height"] / 2),
                40.0,
                40.0,
            ]
            out.append({"id": next_id, "image_id": image["id"], "category_id": ann["category_id"],
                        "bbox": box, "area": 1600.0, "iscrowd": 0})  # fmt: skip
            next_id += 1
    return out


def subjects(a: Path, b: Path, results: Path, peers: Path) -> list[Subject]:
    ours = [sys.executable, "-m", "taxonomist", "agree", "-t", str(TAXONOMY), str(a), str(b)]
    python = str(peers / "bin" / "python")
    script = str(HERE / "agree_peers.py")
    return [
        Subject("taxonomist agree", [*ours, "--report", "json"],
                "check both, match, counts, kappa/alpha, attribution"),
        Subject("pycocotools COCOeval", [python, script, "pycocotools", str(a), str(results)],
                "bbox eval, 10 IoUs x areas x categories"),
        Subject("hotcoco COCOeval", [python, script, "hotcoco", str(a), str(results)],
                "the same, in Rust"),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    default_peers = os.environ.get("TAXONOMIST_PEERS_VENV", "/work/peers-venv")
    parser.add_argument("--peers-venv", type=Path, default=Path(default_peers))
    args = parser.parse_args()
    a, b, results = ensure_files(args.size)
    os.environ["PYTHONPATH"] = str(REPO / "src")  # this checkout's taxonomist
    out = OUT / f"agree-{a.stem}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    measured = []
    for subject in subjects(a, b, results, args.peers_venv):
        samples, failure = measure(subject, args.runs, out)
        measured.append((subject, samples, failure))
        print(f"{subject.label}: {failure or 'done'}", file=sys.stderr, flush=True)
    text = f"{a.name} vs {b.name}: {args.size:,} annotations each\n\n" + table(measured, args.runs)
    (OUT / f"agree-{a.stem}.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

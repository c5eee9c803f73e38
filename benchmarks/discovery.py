"""The discovery benchmark: what sniffing costs as readers are added. One command:
``python benchmarks/discovery.py [--files N] [--venv OTHER_VENV ...]``.

Every file a directory walk meets is offered to the readers in ``READERS`` order until one
answers, so each reader added before a format's own costs that format's files a sniff. Three
seeded folders of small files, each of a format sniffed late: ``N`` LabelMe JSON files
(after the COCO and Label Studio sniffs and the JSON readers added before them), ``N`` Pascal
VOC XML files and ``N`` KITTI label files (near the end). ``taxonomist check -t
taxonomies/coco.yaml DIR --report json`` reads each, as a fresh process, with this
environment's taxonomist and with each ``--venv`` given (an older install, to compare),
interleaved; medians of ``--repeats`` runs. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from pathlib import Path

from harness import Sample, run_process

HERE = Path(__file__).parent
ROOT = HERE.parent
DATA = HERE / "data" / "discovery"
OUT = HERE / "out" / "discovery"
TAXONOMY = ROOT / "taxonomies" / "coco.yaml"
CLASSES = ("person", "car", "dog", "bicycle")


def _labelme(rng: random.Random, stem: str) -> str:
    shapes = []
    for _ in range(3):
        x, y = rng.uniform(0, 500), rng.uniform(0, 300)
        shapes.append({
            "label": rng.choice(CLASSES), "shape_type": "rectangle", "group_id": None,
            "points": [[round(x, 1), round(y, 1)], [round(x + 40, 1), round(y + 60, 1)]],
            "flags": {},
        })  # fmt: skip
    doc = {"version": "5.7.0", "flags": {}, "shapes": shapes, "imagePath": f"{stem}.jpg",
           "imageData": None, "imageHeight": 480, "imageWidth": 640}  # fmt: skip
    return json.dumps(doc)


def _voc(rng: random.Random, stem: str) -> str:
    objects = "".join(
        f"<object><name>{rng.choice(CLASSES)}</name><truncated>0</truncated>"
        f"<difficult>0</difficult><bndbox><xmin>{x}</xmin><ymin>{y}</ymin>"
        f"<xmax>{x + 40}</xmax><ymax>{y + 60}</ymax></bndbox></object>"
        for x, y in ((rng.randrange(0, 500), rng.randrange(0, 300)) for _ in range(3))
    )
    return (
        f"<annotation><folder>VOC</folder><filename>{stem}.jpg</filename><size><width>640"
        f"</width><height>480</height><depth>3</depth></size>{objects}</annotation>"
    )


def _kitti(rng: random.Random, stem: str) -> str:
    lines = []
    for _ in range(3):
        x, y = rng.uniform(0, 500), rng.uniform(0, 300)
        lines.append(
            f"Car 0.00 0 -10 {x:.2f} {y:.2f} {x + 40:.2f} {y + 60:.2f} -1 -1 -1 -1000 -1000 "
            "-1000 -10"
        )
    return "\n".join(lines) + "\n"


WRITERS = {"labelme": (_labelme, ".json"), "voc": (_voc, ".xml"), "kitti": (_kitti, ".txt")}


def prepare(files: int) -> dict[str, Path]:
    folders = {}
    for name, (write, suffix) in WRITERS.items():
        folder = DATA / f"{name}-{files}"
        inner = folder / "label_2" if name == "kitti" else folder
        if not (folder / ".done").exists():
            inner.mkdir(parents=True, exist_ok=True)
            rng = random.Random(11)
            for i in range(files):
                (inner / f"{i:06d}{suffix}").write_text(write(rng, f"{i:06d}"))
            (folder / ".done").write_text("")
        folders[name] = folder
    return folders


def _summary(stdout: Path) -> str:
    try:
        report = json.loads(stdout.read_bytes())
    except ValueError:
        return "no report"
    summary = report["summary"]
    return f"{summary.get('files', '?')} files, {summary['by_severity'].get('error', 0)} errors"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--venv", type=Path, action="append", default=[], help="another install")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    folders = prepare(args.files)
    installs = {"this": Path(sys.executable).parent / "taxonomist"}
    installs |= {str(v): v / "bin" / "taxonomist" for v in args.venv}
    samples: dict[tuple[str, str], list[Sample]] = {}
    verdict: dict[tuple[str, str], str] = {}
    for _ in range(args.repeats):
        for fmt, folder in folders.items():
            for label, binary in installs.items():
                stdout = OUT / f"{fmt}-{Path(label).name}.out"
                cmd = [str(binary), "check", "-t", str(TAXONOMY), str(folder), "--report", "json"]
                sample = run_process(cmd, stdout, timeout=1800)
                samples.setdefault((fmt, label), []).append(sample)
                verdict[(fmt, label)] = _summary(stdout)
    print(f"\n{args.files:,} files per folder; medians of {args.repeats} runs\n")
    print("| folder | install | wall median (s) | peak RSS (MB) | ÷ this | report |")
    print("|---|---|--:|--:|--:|---|")
    for fmt in folders:
        base = statistics.median(s.wall for s in samples[(fmt, "this")])
        for label in installs:
            series = samples[(fmt, label)]
            wall = statistics.median(s.wall for s in series)
            rss = statistics.median(s.rss_mb for s in series)
            print(
                f"| {fmt} | {label} | {wall:.2f} | {rss:.0f} | {wall / base:.2f}× "
                f"| {verdict[(fmt, label)]} |"
            )


if __name__ == "__main__":
    main()

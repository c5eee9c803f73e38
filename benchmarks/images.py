"""Benchmark ``taxonomist check --images`` against cleanvision on 5,000 seeded images.

``python benchmarks/images.py`` writes (once) ``benchmarks/data/images-5k/``: 5,000 JPEGs of
sizes around 640 x 480 (coloured blocks, gradients and noise, so each is sharp and unlike
the others) and ``coco.json`` naming them, with planted faults: blurred, dark, overexposed,
grayscale, exact copies and near copies (resized to 90 %, re-encoded) of clean images, files
cut short, and files half the size the annotation says. It then runs each subject as a fresh
process ``--runs`` times (3) and prints wall time, images/s and peak RSS (medians), each
with its ratio to taxonomist, and how many of each planted fault each subject found.

- ``taxonomist check --images DIR --select I --report json`` (every I check);
- cleanvision ``Imagelab.find_issues`` for blurry, dark, light, exact and near duplicates,
  grayscale and odd size (``images_peers.py``, from ``--peers-venv``, default
  ``/work/peers-venv``). cleanvision reads no annotation file, so it cannot know a file's
  annotated size (taxonomist's I003) and has no check for a cut-short file; its ``odd_size``
  flags sizes far from the dataset's usual one.

A planted copy counts as found when the copy or its original is flagged. Results also go
to ``benchmarks/out/images-5k.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

import numpy as np
from harness import Sample, run_process
from PIL import Image, ImageFilter

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data" / "images-5k"
OUT = HERE / "out"
COUNT = 5_000
SEED = 20261203
FAULTS = {  # planted fault -> how many images
    "blurry": 50, "dark": 50, "light": 50, "grayscale": 50,
    "duplicate": 50, "near_duplicate": 50, "truncated": 25, "size": 25,
}  # fmt: skip
OURS = {  # planted fault -> the I code that should find it
    "blurry": "I006", "dark": "I007", "light": "I008", "grayscale": "I011",
    "duplicate": "I009", "near_duplicate": "I010", "truncated": "I005", "size": "I003",
}  # fmt: skip
THEIRS = {
    "blurry": "blurry", "dark": "dark", "light": "light", "grayscale": "grayscale",
    "duplicate": "exact_duplicates", "near_duplicate": "near_duplicates", "size": "odd_size",
}  # fmt: skip


def picture(rng: np.random.Generator) -> Image.Image:
    """A sharp, colourful picture unlike any other: blocks, a gradient and noise."""
    width, height = int(rng.integers(560, 721)), int(rng.integers(420, 541))
    block = int(rng.integers(12, 48))
    grid = rng.integers(30, 226, size=(height // block + 1, width // block + 1, 3))
    blocks = np.kron(grid, np.ones((block, block, 1)))[:height, :width]
    ramp = np.linspace(-25, 25, width)[None, :, None] * rng.uniform(-1, 1, size=3)
    noise = rng.normal(0, 6, size=(height, width, 3))
    pixels = np.clip(blocks + ramp + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels, "RGB")


def plan(rng: np.random.Generator) -> dict[int, str]:
    """Which image gets which fault (the rest are clean); copies come after originals."""
    order = rng.permutation(np.arange(500, COUNT))  # copies need clean originals before
    faults: dict[int, str] = {}
    start = 0
    for fault, count in FAULTS.items():
        for index in order[start : start + count].tolist():
            faults[int(index)] = fault
        start += count
    return faults


def write_images() -> dict[str, object]:
    """The images and coco.json; what was planted where (also in planted.json)."""
    rng = np.random.default_rng(SEED)
    folder = DATA / "images"
    folder.mkdir(parents=True, exist_ok=True)
    faults = plan(rng)
    rows, planted = [], {fault: [] for fault in FAULTS}
    originals: dict[str, str] = {}
    for index in range(COUNT):
        name = f"img-{index:05d}.jpg"
        fault = faults.get(index)
        size = _write(folder, name, fault, rng, originals)
        if fault is not None:
            planted[fault].append(name)
        rows.append({"id": index + 1, "file_name": name, "width": size[0], "height": size[1]})
    annotations = [
        {"id": r["id"], "image_id": r["id"], "category_id": 1, "bbox": [10, 10, 50, 40],
         "area": 2000, "iscrowd": 0}
        for r in rows
    ]  # fmt: skip
    coco = {"images": rows, "categories": [{"id": 1, "name": "person"}], "annotations": annotations}
    (DATA / "coco.json").write_text(json.dumps(coco), encoding="utf-8")
    record = {"planted": planted, "originals": originals}
    (DATA / "planted.json").write_text(json.dumps(record), encoding="utf-8")
    return record


def _write(
    folder: Path,
    name: str,
    fault: str | None,
    rng: np.random.Generator,
    originals: dict[str, str],
) -> tuple[int, int]:
    """Write one image; the size the annotation gives it."""
    path = folder / name
    if fault in ("duplicate", "near_duplicate"):
        source = f"img-{int(rng.integers(0, 500)):05d}.jpg"  # clean: faults start at 500
        originals[name] = source
        if fault == "duplicate":
            shutil.copyfile(folder / source, path)
            with Image.open(path) as image:
                return image.size
        with Image.open(folder / source) as image:
            near = image.resize((round(image.width * 0.9), round(image.height * 0.9)))
        near.save(path, quality=80)
        return near.size
    image = picture(rng)
    size = image.size
    if fault == "blurry":
        image = image.filter(ImageFilter.GaussianBlur(6))
    elif fault == "dark":
        image = image.point(lambda v: v * 0.1)
    elif fault == "light":
        image = image.point(lambda v: 255 - (255 - v) * 0.05)
    elif fault == "grayscale":
        image = image.convert("L")
    elif fault == "size":
        image = image.resize((size[0] // 2, size[1] // 2))
    image.save(path, quality=90)
    if fault == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return size


def ensure_data() -> dict[str, object]:
    record = DATA / "planted.json"
    if record.is_file() and (DATA / "coco.json").is_file():
        result: dict[str, object] = json.loads(record.read_text(encoding="utf-8"))
        return result
    return write_images()


def measure(
    command: list[str], out: Path, runs: int, ok: tuple[int, ...]
) -> tuple[list[Sample], str]:
    samples = []
    for i in range(runs):
        sample = run_process(command, out.with_suffix(f".{i}.out"), timeout=1800)
        if sample.timed_out or sample.returncode not in ok:
            return samples, "timeout" if sample.timed_out else f"exit {sample.returncode}"
        samples.append(sample)
    return samples, ""


def ours_found(report: Path) -> dict[str, set[str]]:
    doc = json.loads(report.read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for finding in doc["findings"]:
        found.setdefault(finding["code"], set()).add(finding["image_file"])
    return found


def recall(planted: dict[str, list[str]], originals: dict[str, str], flagged: dict[str, set[str]],
           kinds: dict[str, str]) -> dict[str, str]:  # fmt: skip
    """How many of each planted fault a subject flagged (``kinds``: fault -> its issue)."""
    counts = {}
    for fault, names in planted.items():
        if fault not in kinds:
            counts[fault] = "n/a"
            continue
        hits = flagged.get(kinds[fault], set())
        found = sum(1 for n in names if n in hits or originals.get(n, "") in hits)
        counts[fault] = f"{found}/{len(names)}"
    return counts


def false_alarms(
    planted: dict[str, list[str]], originals: dict[str, str], flagged: dict[str, set[str]]
) -> int:
    """Images flagged for anything though nothing was planted in them (nor copied from)."""
    faulty = {n for names in planted.values() for n in names} | set(originals.values())
    return len({n for names in flagged.values() for n in names} - faulty)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    default_peers = os.environ.get("TAXONOMIST_PEERS_VENV", "/work/peers-venv")
    parser.add_argument("--peers-venv", type=Path, default=Path(default_peers))
    args = parser.parse_args()
    record = ensure_data()
    planted, originals = record["planted"], record["originals"]
    assert isinstance(planted, dict) and isinstance(originals, dict)
    os.environ["PYTHONPATH"] = str(REPO / "src")  # this checkout's taxonomist
    out = OUT / "images-5k"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    images, coco = DATA / "images", DATA / "coco.json"
    ours_json, theirs_json = out / "taxonomist.json", out / "cleanvision.json"
    ours = [sys.executable, "-m", "taxonomist", "check", "-t", "builtin:coco", str(coco),
            "--images", str(images), "--select", "I", "--report", "json", "-o", str(ours_json),
            "--max-findings", "0", "-q"]  # fmt: skip
    theirs = [str(args.peers_venv / "bin" / "python"), str(HERE / "images_peers.py"),
              str(images), str(theirs_json)]  # fmt: skip
    results = []
    runs = (("taxonomist check --images", ours, (0, 1)), ("cleanvision", theirs, (0,)))
    for label, command, ok in runs:  # taxonomist exits 1: it found the planted faults
        samples, failure = measure(command, out / label.split()[0], args.runs, ok)
        results.append((label, samples, failure))
        print(f"{label}: {failure or 'done'}", file=sys.stderr, flush=True)
    flagged = [ours_found(ours_json), _theirs(theirs_json)]
    found = [recall(planted, originals, flagged[0], OURS)]
    found.append(recall(planted, originals, flagged[1], THEIRS))
    for counts, marks in zip(found, flagged, strict=True):
        counts["false alarms (clean images flagged)"] = str(false_alarms(planted, originals, marks))
    text = report(results, found, args.runs)
    (OUT / "images-5k.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


def _theirs(path: Path) -> dict[str, set[str]]:
    return {k: set(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}


def report(
    results: list[tuple[str, list[Sample], str]], found: list[dict[str, str]], runs: int
) -> str:
    base = results[0][1]
    base_wall = statistics.median(s.wall for s in base) if base else None
    base_rss = statistics.median(s.peak_mb for s in base) if base else None
    lines = [
        f"{COUNT:,} images around 640x480, {sum(FAULTS.values())} planted faults; "
        f"{os.cpu_count()} cores\n",
        f"| subject | wall s (median of {runs}) | x ours | images/s | peak RSS MB | x ours |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, samples, failure in results:
        if not samples:
            lines.append(f"| {label} | {failure} | | | | |")
            continue
        wall = statistics.median(s.wall for s in samples)
        rss = statistics.median(s.peak_mb for s in samples)
        lines.append(f"| {label} | {wall:.1f} | {_ratio(wall, base_wall)} | {COUNT / wall:.0f} "
                     f"| {rss:.0f} | {_ratio(rss, base_rss)} |")  # fmt: skip
    lines += ["", "| planted fault | " + " | ".join(r[0] for r in results) + " |",
              "|---|" + "---:|" * len(results)]  # fmt: skip
    for fault in (*FAULTS, "false alarms (clean images flagged)"):
        cells = [f.get(fault, "") for f in found]
        lines.append(f"| {fault} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}" if base else ""


if __name__ == "__main__":
    main()

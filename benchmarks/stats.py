"""Benchmark ``taxonomist stats`` and its peers on the seeded COCO files of ``generate.py``.

``python benchmarks/stats.py`` (the 1M-annotation file; ``--quick``: the 100k one) writes the
file if it is missing, then runs each subject as a fresh process ``--runs`` times (3) and
prints wall time and peak RSS (GNU time's ``%M``), medians, with each peer's ratio to
``taxonomist stats`` in the same run. What each computes:

- ``taxonomist stats`` (``--report json``): every statistic of ``stats``: class counts and
  subtree totals, images per class, objects per image, COCO area bins, size and aspect
  histograms, co-occurrence, image sizes, keypoint visibility, unused classes; and with
  ``--stream`` the same counts read in parts;
- ``panlabel stats --output-format json``: counts per label, images, boxes' sizes and
  aspect, label co-occurrence pairs, out-of-bounds boxes (Rust);
- ``hotcoco`` ``coco stats --json``: images, annotations, per category annotations and
  images, image sizes, areas (Rust);
- ``pycocotools``: ``COCO(FILE)`` (load and index), then per category annotations, images
  and the COCO area bins (``stats_peers.py``);
- ``datumaro``: ``Dataset.import_from`` then ``compute_ann_statistics`` and
  ``compute_image_statistics`` (``stats_peers.py``).

Peers run from the peers' environment (``--peers-venv``, default ``/work/peers-venv`` or
``$TAXONOMIST_PEERS_VENV``); a missing peer is shown as n/a. Results are also written to
``benchmarks/out/stats-<size>.md``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from harness import Sample, run_process

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DATA = HERE / "data"
OUT = HERE / "out"
TAXONOMY = REPO / "taxonomies" / "coco.yaml"
TIMEOUT = 900.0  # seconds per run; a subject past it is stopped and shown as timeout


@dataclass(frozen=True)
class Subject:
    label: str
    command: list[str]
    does: str


def ensure_file(size: int) -> Path:
    label = "1m" if size == 1_000_000 else "100k"
    path = DATA / f"coco-{label}.json"
    if not path.is_file():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(size), str(DATA)], check=True
        )
    return path


def datumaro_layout(file: Path) -> Path:
    """Datumaro reads COCO only as ``annotations/instances_<subset>.json`` beside ``images/``."""
    root = DATA / f"datumaro-stats-{file.stem}"
    (root / "images" / "default").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(exist_ok=True)
    link = root / "annotations" / "instances_default.json"
    if not link.exists() or link.stat().st_ino != file.stat().st_ino:
        link.unlink(missing_ok=True)
        os.link(file, link)
    return link


def subjects(file: Path, peers: Path) -> list[Subject]:
    ours = [sys.executable, "-m", "taxonomist", "stats", "-t", str(TAXONOMY), str(file)]
    python = str(peers / "bin" / "python")
    script = str(HERE / "stats_peers.py")
    return [
        Subject("taxonomist stats", [*ours, "--report", "json"], "every statistic"),
        Subject("taxonomist stats --stream", [*ours, "--report", "json", "--stream"],
                "the same, in parts"),
        Subject("panlabel stats", [str(peers / "bin" / "panlabel"), "stats", "--format", "coco",
                                   "--output-format", "json", str(file)], "labels, boxes, pairs"),
        Subject("hotcoco coco stats", [str(peers / "bin" / "coco"), "stats", "--json", str(file)],
                "counts, sizes, areas"),
        Subject("pycocotools", [python, script, "pycocotools", str(file)],
                "load, per-category counts, area bins"),
        Subject("datumaro", [python, script, "datumaro", str(datumaro_layout(file))],
                "import, annotation and image statistics"),
    ]  # fmt: skip


def measure(subject: Subject, runs: int, out: Path) -> tuple[list[Sample], str]:
    if not Path(subject.command[0]).exists():
        return [], "n/a (not installed)"
    samples: list[Sample] = []
    for i in range(runs):
        sample = run_process(subject.command, out / f"{subject.label.replace(' ', '_')}-{i}.out",
                             timeout=TIMEOUT)  # fmt: skip
        if sample.timed_out:
            return samples, "timeout"
        if sample.returncode != 0:
            return samples, f"exit {sample.returncode}"
        samples.append(sample)
    return samples, ""


def table(results: list[tuple[Subject, list[Sample], str]], runs: int) -> str:
    base = results[0][1]
    base_wall = statistics.median(s.wall for s in base) if base else None
    base_rss = statistics.median(s.peak_mb for s in base) if base else None
    lines = [f"| subject | computes | wall s (median of {runs}) | x ours | peak RSS MB | x ours |",
             "|---|---|---:|---:|---:|---:|"]  # fmt: skip
    for subject, samples, failure in results:
        if not samples:
            lines.append(f"| {subject.label} | {subject.does} | {failure} | | | |")
            continue
        wall = statistics.median(s.wall for s in samples)
        rss = statistics.median(s.peak_mb for s in samples)
        lines.append(
            f"| {subject.label} | {subject.does} | {wall:.2f} | {_ratio(wall, base_wall)} "
            f"| {rss:.0f} | {_ratio(rss, base_rss)} |"
        )
    return "\n".join(lines) + "\n"


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}" if base else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the 100k file instead of 1M")
    parser.add_argument("--runs", type=int, default=3)
    default_peers = os.environ.get("TAXONOMIST_PEERS_VENV", "/work/peers-venv")
    parser.add_argument("--peers-venv", type=Path, default=Path(default_peers))
    args = parser.parse_args()
    size = 100_000 if args.quick else 1_000_000
    file = ensure_file(size)
    os.environ["PYTHONPATH"] = str(REPO / "src")  # this checkout's taxonomist
    out = OUT / f"stats-{file.stem}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    results = []
    for subject in subjects(file, args.peers_venv):
        samples, failure = measure(subject, args.runs, out)
        results.append((subject, samples, failure))
        print(f"{subject.label}: {failure or 'done'}", file=sys.stderr, flush=True)
    text = f"{file.name}: {size:,} annotations\n\n" + table(results, args.runs)
    (OUT / f"stats-{file.stem}.md").write_text(text, encoding="utf-8")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()

"""The migrate benchmark, in one command:
``python benchmarks/migrate.py [--annotations 1000000] [--runs 3] [--keep DIR]``.

Writes, under a temporary folder (deleted at the end unless ``--keep DIR``), the seeded COCO
instances file of ``generate.py`` (clean copy only) and two small taxonomies for it: OLD, the
80 classes it uses with their ids, and NEW, where ``motorcycle`` is renamed ``motorbike`` (same
id) and ``car`` and ``truck`` are deprecated with ``replaced_by: road_vehicle``, a new class;
everything else equal. The file checks clean against OLD (the run stops if it does not), so
the migrated file must check clean against NEW: no error is new.

Then measures side by side, each as a fresh process, in alternating rounds (the order turns
each round), medians of ``--runs``: wall seconds and peak RSS (GNU ``/usr/bin/time``, see
``harness.py``):

1. ``taxonomist migrate --from OLD --to NEW FILE -o OUT --report json``, as users run it
   (rewrite, a check of the input against OLD, the write, a check of the output against NEW);
2. ``taxonomist migrate ... --dry-run --report json`` (discovery, plan, the rewrite in
   memory; no check, nothing written);
3. taxonomist's COCO rewriter alone (``coco.rewrite``), its bytes written;
4. ``taxonomist check -t OLD FILE`` (the cost of one of migrate's two checks);
5. the rewrite a user would write with ``json`` (load, remap ``category_id`` and
   ``categories`` through a dict, dump) and 6. the same with ``orjson``: no validation.

Every output is verified (``migrate_peers.py verify``): as many annotations as the input,
the category ids remapped as the change says, the categories renamed and merged, and the same
content (digest without ``info.taxonomy``) whoever wrote it. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import COCO_CLASSES, KEYPOINTS, SKELETON, generate
from harness import Sample, run_process
from migrate_peers import INTO, MERGED, RENAMED

HERE = Path(__file__).parent
ROOT = HERE.parent
PEERS = HERE / "migrate_peers.py"
TAXONOMIST = [sys.executable, "-m", "taxonomist"]


# -- the two taxonomies -------------------------------------------------------------------


def _q(text: str) -> str:
    return json.dumps(text)


def taxonomy_yaml(*, new: bool) -> str:
    """OLD (``new=False``) or NEW: the generator's 80 COCO classes under their supercategories
    (abstract parents), box, polygon outline and the 17 person keypoints."""
    version = "2.0.0" if new else "1.0.0"
    skeleton = ", ".join(f"[{KEYPOINTS[a - 1]}, {KEYPOINTS[b - 1]}]" for a, b in SKELETON)
    lines = [
        "# Written by benchmarks/migrate.py: the classes of benchmarks/generate.py's COCO file.",
        "name: bench-coco",
        f"version: {version}",
        "title: COCO classes of the migrate benchmark",
        "label_types:",
        "  box: {kind: box, format: xywh, units: pixels}",
        "  outline: {kind: polygon, multipart: true}",
        "  pose:",
        "    kind: keypoints",
        f"    keypoints: [{', '.join(KEYPOINTS)}]",
        f"    skeleton: [{skeleton}]",
        "    visibility: coco",
        "classes:",
    ]
    supers: dict[str, str] = {}
    for _, _, sup in COCO_CLASSES:
        supers.setdefault(sup, "person_group" if sup == "person" else sup)
    for n, name in enumerate(supers.values()):
        lines.append(f"  {name}: {{id: {901 + n}, abstract: true}}")
    merged = {cid for cid, _ in MERGED}
    for cid, coco_name, sup in COCO_CLASSES:
        name = coco_name.replace(" ", "_")
        fields = [f"id: {cid}", f"parent: {supers[sup]}"]
        if name != coco_name:
            fields.append(f"aliases: [{_q(coco_name)}]")
        kinds = "[box, outline, pose]" if coco_name == "person" else "[box, outline]"
        fields.append(f"label_types: {kinds}")
        if new and cid == RENAMED[0]:
            name = RENAMED[2]
        if new and cid in merged:
            fields += ["deprecated: true", f"replaced_by: {INTO[1]}"]
        lines.append(f"  {name}: {{{', '.join(fields)}}}")
    if new:
        into = f"id: {INTO[0]}, parent: {supers[INTO[2]]}, label_types: [box, outline]"
        lines.append(f"  {INTO[1]}: {{{into}}}")
    return "\n".join(lines) + "\n"


# -- measuring ----------------------------------------------------------------------------


@dataclass
class Subject:
    key: str
    label: str
    writes: bool  # whether it writes a migrated file to verify
    samples: list[Sample] = field(default_factory=list)
    phases: list[dict[str, float]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def wall(self) -> float | None:
        return statistics.median(s.wall for s in self.samples) if self.samples else None

    @property
    def rss(self) -> float | None:
        return statistics.median(s.rss_mb for s in self.samples) if self.samples else None

    def phase(self, name: str) -> float | None:
        values = [p[name] for p in self.phases if name in p]
        return statistics.median(values) if values else None


SUBJECTS = (
    ("migrate", "`taxonomist migrate -o OUT` (rewrite + 2 checks)", True),
    ("dry-run", "`taxonomist migrate --dry-run` (rewrite in memory)", False),
    ("rewrite", "`coco.rewrite` alone, bytes written", True),
    ("check", "`taxonomist check -t OLD` (one check)", False),
    ("json", "`json` load / remap / dump", True),
    ("orjson", "`orjson` loads / remap / dumps", True),
)


@dataclass(frozen=True)
class Files:
    work: Path
    data: Path
    old: Path
    new: Path


def command(key: str, files: Files, out_dir: Path) -> list[str]:
    migrate = [*TAXONOMIST, "migrate", "--from", str(files.old), "--to", str(files.new)]
    out = out_dir / files.data.name
    commands = {
        "migrate": [*migrate, str(files.data), "-o", str(out_dir), "--report", "json"],
        "dry-run": [*migrate, str(files.data), "--dry-run", "--report", "json"],
        "rewrite": [sys.executable, str(PEERS), "rewrite", str(files.old), str(files.new)],
        "check": [*TAXONOMIST, "check", "-t", str(files.old), str(files.data), "--report", "json"],
        "json": [sys.executable, str(PEERS), "json", str(files.data), str(out)],
        "orjson": [sys.executable, str(PEERS), "orjson", str(files.data), str(out)],
    }
    if key == "rewrite":
        return [*commands[key], str(files.data), str(out)]
    return commands[key]


def last_json(stdout: bytes) -> Any:
    """The JSON document a command printed last (``--dry-run`` prints its plan before it)."""
    text = stdout.decode("utf-8", errors="replace")
    start = text.rfind("\n{")
    return json.loads(text[start + 1 if start >= 0 else 0 :])


def verify(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(PEERS), "verify", str(path)],
        capture_output=True,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def expected(source: dict[str, Any]) -> dict[str, Any]:
    """What the migrated file must hold, from what the input holds."""
    ids = {int(k): v for k, v in source["category_ids"].items()}
    merged = [cid for cid, _ in MERGED]
    ids[INTO[0]] = sum(ids.pop(cid, 0) for cid in merged)
    names = {int(k): v for k, v in source["categories"].items()}
    names[RENAMED[0]] = RENAMED[2]
    for cid in merged:
        names.pop(cid)
    names[INTO[0]] = INTO[1]
    return {
        "annotations": source["annotations"],
        "category_ids": {str(k): v for k, v in sorted(ids.items())},
        "categories": {str(k): v for k, v in sorted(names.items())},
    }


class Run:
    def __init__(self, files: Files, runs: int, timeout: float) -> None:
        self.files, self.runs, self.timeout = files, runs, timeout
        self.subjects = {key: Subject(key, label, writes) for key, label, writes in SUBJECTS}
        self.source = verify(files.data)
        self.expect = expected(self.source)
        self.changed = sum(self.source["category_ids"].get(str(c), 0) for c in _changed_ids())
        self.digests: set[str] = set()
        self.problems: list[str] = []

    def measure(self, key: str, round_no: int) -> None:
        subject = self.subjects[key]
        out_dir = self.files.work / "out" / f"{key}-{round_no}"
        out_dir.parent.mkdir(exist_ok=True)
        if key in ("json", "orjson", "rewrite"):
            out_dir.mkdir()
        log = self.files.work / "out" / f"{key}-{round_no}.stdout"
        sample = run_process(command(key, self.files, out_dir), log, timeout=self.timeout)
        subject.samples.append(sample)
        stdout = log.read_bytes()
        if sample.timed_out or sample.returncode != 0:
            err = log.with_suffix(".stdout.stderr").read_text(errors="replace").strip()
            self.problems.append(f"{key} run {round_no}: exit {sample.returncode}: {err[-300:]}")
        else:
            self.read_stdout(subject, stdout)
        if subject.writes:
            self.check_output(subject, out_dir / self.files.data.name, round_no)
        shutil.rmtree(out_dir, ignore_errors=True)

    def read_stdout(self, subject: Subject, stdout: bytes) -> None:
        doc = last_json(stdout)
        if subject.key in ("migrate", "dry-run"):
            subject.phases.append(doc["seconds"])
            changed = sum(doc["changed"].values())
            if changed != self.changed or doc["new_errors"] or doc["reannotate"]:
                self.problems.append(
                    f"{subject.key}: changed {doc['changed']}, {len(doc['new_errors'])} new "
                    f"errors, {doc['reannotate']} to re-annotate (expected {self.changed} "
                    "changed, none new, none to re-annotate)"
                )
        elif subject.key == "check":
            found = doc["summary"]["findings"]
            if found:
                self.problems.append(f"check: the input has {found} findings against OLD")
        else:
            subject.phases.append(doc)

    def check_output(self, subject: Subject, path: Path, round_no: int) -> None:
        if not path.is_file():
            self.problems.append(f"{subject.key} run {round_no}: no output {path.name}")
            return
        got = verify(path)
        subject.outputs.append(got)
        self.digests.add(got["digest"])
        for name, want in self.expect.items():
            if got[name] != want:
                self.problems.append(f"{subject.key} run {round_no}: {name} is not as expected")

    def go(self) -> None:
        keys = [key for key, _, _ in SUBJECTS]
        for round_no in range(self.runs):
            order = keys[round_no % len(keys) :] + keys[: round_no % len(keys)]
            for key in order:
                started = time.perf_counter()
                self.measure(key, round_no)
                took = time.perf_counter() - started
                wall = self.subjects[key].samples[-1].wall
                print(f"  round {round_no + 1}: {key} {wall:.2f} s ({took:.0f} s)", flush=True)
        if len(self.digests) > 1:
            self.problems.append(f"the outputs differ: {len(self.digests)} digests")


def _changed_ids() -> list[int]:
    return [RENAMED[0], *(cid for cid, _ in MERGED)]


# -- the table ----------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def phases(subject: Subject) -> str:
    names = {
        "migrate": ("rewrite", "check"),
        "dry-run": ("rewrite",),
        "rewrite": ("plan", "rewrite", "write"),
        "json": ("load", "remap", "dump"),
        "orjson": ("load", "remap", "dump"),
    }.get(subject.key, ())
    parts = [f"{n} {fmt(subject.phase(n))}" for n in names if subject.phase(n) is not None]
    return ", ".join(parts) or "–"


def table(run: Run) -> str:
    base_json, base_orjson = run.subjects["json"], run.subjects["orjson"]
    lines = [
        "| Subject | Wall median (s) | In-process phases (s) | Peak RSS (MiB) | Wall ÷ json "
        "| Wall ÷ orjson | RSS ÷ json | RSS ÷ orjson | Output (MB) |",
        "|---|--:|---|--:|--:|--:|--:|--:|--:|",
    ]
    for subject in run.subjects.values():
        size = statistics.median(o["bytes"] for o in subject.outputs) if subject.outputs else None
        lines.append(
            f"| {subject.label} | {fmt(subject.wall)} | {phases(subject)} | {fmt(subject.rss, 0)}"
            f" | {ratio(subject.wall, base_json.wall)} | {ratio(subject.wall, base_orjson.wall)}"
            f" | {ratio(subject.rss, base_json.rss)} | {ratio(subject.rss, base_orjson.rss)}"
            f" | {fmt(size / 1e6 if size else None, 1)} |"
        )
    return "\n".join(lines)


def summary(run: Run, args: argparse.Namespace, took: float) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    source = run.source
    machine = (
        f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load average at the end {load} (other work shares this "
        f"machine); {revision()}; medians of {args.runs} alternating runs; the whole run took "
        f"{took / 60:.1f} min."
    )
    verdict = (
        "every output verified: "
        f"{source['annotations']:,} annotations, {run.changed:,} of them changed "
        f"({_changes(source)}), the same content from every subject"
        if not run.problems
        else "PROBLEMS: " + "; ".join(run.problems)
    )
    return (
        f"{machine}\n\nInput: {source['annotations']:,} annotations, "
        f"{source['bytes'] / 1e6:.1f} MB; {verdict}.\n\n{table(run)}\n"
    )


def _changes(source: dict[str, Any]) -> str:
    ids = source["category_ids"]
    parts = [f"{RENAMED[1]} → {RENAMED[2]} {ids.get(str(RENAMED[0]), 0):,}"]
    parts += [f"{name} → {INTO[1]} {ids.get(str(cid), 0):,}" for cid, name in MERGED]
    return ", ".join(parts)


def revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "src")
    return f"taxonomist {head}" + (" with uncommitted changes in src/" if dirty else "")


# -- the command --------------------------------------------------------------------------


def prepare(work: Path, annotations: int) -> Files:
    print(f"generating {annotations:,} annotations under {work} ...", flush=True)
    data = generate(annotations, work / "data", faults=False)["clean"]
    old, new = work / "old.yaml", work / "new.yaml"
    old.write_text(taxonomy_yaml(new=False), encoding="utf-8")
    new.write_text(taxonomy_yaml(new=True), encoding="utf-8")
    return Files(work, data, old, new)


def work_folder(keep: Path | None) -> Path:
    if keep is None:
        return Path(tempfile.mkdtemp(prefix="taxonomist-migrate-bench-"))
    if keep.exists() and (not keep.is_dir() or any(keep.iterdir())):
        raise SystemExit(f"--keep {keep}: not a new or empty folder")
    keep.mkdir(parents=True, exist_ok=True)
    return keep


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="alternating rounds (medians)")
    parser.add_argument("--keep", type=Path, help="work here (a new or empty folder); keep it")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per process")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    work = work_folder(args.keep)
    try:
        files = prepare(work, args.annotations)
        run = Run(files, args.runs, args.timeout)
        print(f"measuring {len(SUBJECTS)} subjects, {args.runs} rounds ...", flush=True)
        run.go()
        text = summary(run, args, time.perf_counter() - started)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(text)
    return 1 if run.problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The `taxonomist check` benchmark, in one command: ``python benchmarks/run.py [--quick]``.

Generates the seeded COCO files (once; cached in benchmarks/data), then measures side by side,
interleaved, as medians of fresh processes on 100k, 1M and 10M annotations: the parse floor
(orjson.loads with the collector off), orjson.loads as is, jsonschema-rs and jsonschema
against our generated COCO schema, the COCO tools from the peers' environment (pycocotools,
hotcoco, Datumaro, panlabel) and `taxonomist check`; then the same 10M in 20 shards checked in
one process, with ``--jobs 2`` and with ``--scheduler local:2``; then `taxonomist --version`
and a check of a 10-annotation file. Every run is bounded by a timeout and a memory limit.
Scores every run against the manifest of injected faults, prints a Markdown table, plots
time and memory against size (benchmarks/scaling.png) and (unless --quick) writes the table
into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson

# Run as a script, so this folder is on sys.path and its modules import by plain name.
from bench import CLI, HERE, OURS, OUT, PEERS, ROOT, TAXONOMIST, TAXONOMY, TOOLS, Bench, check_cmd
from generate import SEED, generate, matches, size_label
from harness import Series, run_process
from plot import plot
from tables import markdown, write_readme

DATA = HERE / "data"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
SHARDS = 20
# Pure-Python jsonschema needs minutes on the 1M file: by default it runs on 100k only and
# its larger rows are extrapolated (and labelled so). Datumaro is slow too: fewer repeats.
SLOW = "jsonschema"
FEW = ("jsonschema", "datumaro")
PEERS_ENV = "TAXONOMIST_BENCH_PEERS"
SCHEDULED = {
    "taxonomist check, one process": ["--jobs", "1"],  # the default (auto) uses both cores
    "taxonomist check --jobs 2": ["--jobs", "2"],
    "taxonomist check --scheduler local:2": ["--scheduler", "local:2"],
}


def files_of(label: str, folder: Path = DATA) -> dict[str, Path]:
    return {
        "clean": folder / f"coco-{label}.json",
        "faults": folder / f"coco-{label}-faults.json",
        "manifest": folder / f"coco-{label}-faults.manifest.json",
    }


def ensure_data(sizes: list[str], reuse: list[Path]) -> dict[str, dict[str, Path]]:
    files: dict[str, dict[str, Path]] = {}
    for label in sizes:
        files[label] = files_of(label)
        if not files[label]["manifest"].exists() and not reused(label, reuse):
            print(f"generating {SIZES[label]:,} annotations ...", flush=True)
            generate(SIZES[label], DATA)
        files[label]["datumaro"] = datumaro_layout(label, files[label]["faults"])
    tiny = DATA / f"coco-{size_label(10)}.json"
    if not tiny.exists():
        generate(10, DATA, faults=False)
    return files


def reused(label: str, folders: list[Path]) -> bool:
    """Hard-link another copy of the same files (same generator, same seed) instead of
    writing them again, after checking that their first images and annotations are the
    bytes the generator makes."""
    for folder in folders:
        theirs = files_of(label, folder)
        if not all(p.exists() for p in theirs.values()):
            continue
        total = SIZES[label]
        if not (matches(theirs["clean"], total, faults=False) and
                matches(theirs["faults"], total, faults=True)):  # fmt: skip
            print(f"{folder}: coco-{label} differs from what the generator makes; not reused")
            continue
        DATA.mkdir(parents=True, exist_ok=True)
        for kind, path in theirs.items():
            mine = files_of(label)[kind]
            mine.unlink(missing_ok=True)
            os.link(path, mine)
        print(f"reusing coco-{label} from {folder}", flush=True)
        return True
    return False


def datumaro_layout(label: str, faults: Path) -> Path:
    """Datumaro reads COCO only as ``annotations/instances_<subset>.json`` beside ``images/``."""
    root = DATA / f"datumaro-{label}"
    (root / "images" / "default").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(exist_ok=True)
    link = root / "annotations" / "instances_default.json"
    if not link.exists() or link.stat().st_ino != faults.stat().st_ino:
        link.unlink(missing_ok=True)
        os.link(faults, link)
    return link


def ensure_shards(total: int, reuse: list[Path]) -> tuple[Path, dict[str, Any]]:
    """``SHARDS`` faulty files of ``total / SHARDS`` annotations each, seeds apart; one
    manifest per shard, kept outside the folder that is checked."""
    per = total // SHARDS
    folder = DATA / f"shards-{size_label(total)}"
    manifests = DATA / f"shards-{size_label(total)}-manifests"
    found: dict[str, Any] = {}
    for k in range(SHARDS):
        label, seed = f"shard{k:02d}-{size_label(per)}", SEED + 2 * (k + 1)
        name = f"coco-{label}-faults"
        manifest = manifests / f"{name}.manifest.json"
        if not manifest.exists() and not _reused_shard(
            name, folder, manifests, reuse, per=per, seed=seed
        ):
            print(f"generating shard {k + 1}/{SHARDS} ({per:,} annotations) ...", flush=True)
            paths = generate(per, manifests, seed=seed, clean=False, label=label)
            folder.mkdir(parents=True, exist_ok=True)
            paths["faults"].replace(folder / paths["faults"].name)
        found[f"{name}.json"] = orjson.loads(manifest.read_bytes())
    return folder, found


def _reused_shard(
    name: str, folder: Path, manifests: Path, reuse: list[Path], *, per: int, seed: int
) -> bool:
    for other in reuse:
        theirs = other / folder.name / f"{name}.json"
        their_manifest = other / manifests.name / f"{name}.manifest.json"
        if theirs.exists() and their_manifest.exists() and \
                matches(theirs, per, faults=True, seed=seed):  # fmt: skip
            folder.mkdir(parents=True, exist_ok=True)
            manifests.mkdir(parents=True, exist_ok=True)
            os.link(theirs, folder / theirs.name)
            os.link(their_manifest, manifests / their_manifest.name)
            return True
    return False


def ensure_schema() -> tuple[Path | None, str]:
    """Our own COCO schema, generated from the taxonomy, for the schema validators."""
    try:
        from taxonomist.schema.annotation import coco_schema
        from taxonomist.taxonomy import load
    except ImportError as exc:
        return None, f"schema generator not available ({exc})"
    path = DATA / "coco-schema.json"
    schema = coco_schema(load(TAXONOMY))
    path.write_bytes(orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    return path, ""


def peer_versions(bench: Bench, skip: list[str]) -> list[str]:
    """The peers that can run, with their versions; one that cannot is noted with why."""
    if bench.peers is None:
        bench.notes.append(
            f"COCO tools not measured: no peers environment (--peers VENV or ${PEERS_ENV})"
        )
        return [s for s in OURS if s not in skip]
    available = [s for s in OURS if s not in skip]
    for tool in [*TOOLS, *CLI]:
        if tool in skip:
            continue
        version, why = _version(bench, tool)
        if why:
            bench.versions[tool] = f"did not install: {why}"
            continue
        bench.versions[tool] = version
        available.append(tool)
    return available


def _version(bench: Bench, tool: str) -> tuple[str, str]:
    if tool == "panlabel":
        cmd = [str(bench.peers / "bin" / "panlabel"), "--version"] if bench.peers else []
    else:
        code = f"import {tool}, importlib.metadata as m; print(m.version({tool!r}))"
        cmd = [str(bench.peers_python), "-c", code]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return "", str(exc)
    if done.returncode != 0:
        return "", (done.stderr.strip().splitlines() or ["failed"])[-1][:160]
    return done.stdout.strip().split()[-1], ""


def predicted_timeout(bench: Bench, subject: str, size: str) -> str:
    """A subject whose smaller run, scaled by annotations, would pass the timeout: not run."""
    labels = list(SIZES)
    smaller = labels[labels.index(size) - 1] if labels.index(size) else None
    series = bench.series.get((subject, smaller)) if smaller else None
    if smaller is None or series is None:
        return ""
    if series.failure:
        return f"{series.failure} at {smaller}"
    wall = series.wall
    scale = SIZES[size] / SIZES[smaller]
    if wall is not None and wall * scale > bench.timeout:
        return f"timeout (predicted: {scale:.0f} × {wall:.0f} s at {smaller})"
    return ""


def run_size(
    bench: Bench,
    size: str,
    files: dict[str, Path],
    schema: Path | None,
    *,
    subjects: list[str],
    args: argparse.Namespace,
) -> None:
    manifest = orjson.loads(files["manifest"].read_bytes())
    runnable = []
    for subject in subjects:
        if subject == SLOW and (size != "100k" and not args.jsonschema_1m):
            continue
        if (subject in OURS and subject not in ("floor", "orjson")) and schema is None:
            continue
        why = predicted_timeout(bench, subject, size)
        if why:
            bench.series.setdefault((subject, size), _stopped(subject, why))
            continue
        runnable.append(subject)
    repeats = min(bench.repeats, args.repeats_10m) if size == "10m" else bench.repeats
    for repeat in range(repeats):
        for subject in runnable:
            if (subject in FEW and repeat >= args.slow_repeats) or bench.done((subject, size)):
                continue
            file = files["datumaro"] if subject == "datumaro" else files["faults"]
            bench.peer(subject, size, file, schema, manifest)
        key = ("taxonomist check", size)
        if args.check and not bench.done(key):
            bench.check(key, [files["faults"]], {files["faults"].name: manifest})
    if args.check:
        bench.check(("taxonomist check (clean copy)", size), [files["clean"]], {})


def _stopped(subject: str, why: str) -> Series:
    return Series(label=subject, failure=why, stopped=True)


def run_shards(
    bench: Bench, label: str, folder: Path, manifests: dict[str, Any], repeats: int
) -> None:
    for _ in range(repeats):
        for name, extra in SCHEDULED.items():
            key = (name, label)
            if not bench.done(key):
                bench.check(key, [folder], manifests, extra=extra)


def run_startup(bench: Bench, repeats: int) -> None:
    tiny = DATA / "coco-10.json"
    # One run first, not counted: whatever taxonomist caches (the compiled taxonomy) is warm,
    # as it is for a user who checks again.
    run_process(check_cmd(tiny), OUT / "warm-up.out", timeout=bench.timeout, cwd=ROOT)
    for _ in range(repeats):
        bench.measure(("taxonomist --version", "-"), [str(TAXONOMIST), "--version"])
        bench.measure(("taxonomist check, 10 annotations", "-"), check_cmd(tiny))


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def revision() -> str:
    """The commit measured, marked when src/ has uncommitted changes."""
    try:
        head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "src")
    except OSError:
        return "unknown revision"
    return f"taxonomist {head}" + (" with uncommitted changes in src/" if dirty else "")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k only, fewer repeats")
    parser.add_argument("--repeats", type=int, help="fresh processes per measurement")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), help="which files")
    parser.add_argument(
        "--repeats-10m", type=int, default=3, help="at most this many runs of each on 10M"
    )
    parser.add_argument("--jsonschema-1m", action="store_true", help="run jsonschema on 1M too")
    parser.add_argument("--no-check", dest="check", action="store_false", help="peers only")
    parser.add_argument("--no-shards", dest="shards", action="store_false", help="no sharded run")
    parser.add_argument("--skip", nargs="+", default=[], choices=PEERS, help="peers to leave out")
    parser.add_argument(
        "--peers", type=Path, default=os.environ.get(PEERS_ENV) or None,
        help=f"venv with pycocotools, hotcoco, datumaro, panlabel, orjson (or ${PEERS_ENV})",
    )  # fmt: skip
    parser.add_argument(
        "--reuse", type=Path, nargs="*", default=[],
        help="folders holding the same generated files (hard-linked after a check)",
    )  # fmt: skip
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per process")
    parser.add_argument("--mem-limit", type=float, default=16.0, help="GiB per process tree")
    parser.add_argument(
        "--budget", type=float, default=600.0, help="seconds per series before it stops repeating"
    )
    parser.add_argument("--write-readme", action="store_true", help="also after --quick")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or (["100k"] if args.quick else list(SIZES))
    args.sizes = [s for s in SIZES if s in args.sizes]
    args.repeats = args.repeats or (3 if args.quick else 5)
    args.slow_repeats = 1 if args.quick else 3
    return args


def compile_bytecode() -> None:
    """Byte-compile the package first, as an installed wheel is: an editable install run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module in every measured start."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    files = ensure_data(args.sizes, args.reuse)
    bench = Bench(args.repeats, args.timeout, args.budget, args.mem_limit * 1024, args.peers)
    if args.check and not TAXONOMIST.exists():
        bench.notes.append(f"{TAXONOMIST} not found: taxonomist check not measured")
        args.check = False
    compile_bytecode()
    schema, why = ensure_schema()
    if why:
        bench.notes.append(why)
    subjects = peer_versions(bench, args.skip)
    # First, on a machine still quiet: right after the Dask run, its cluster's teardown
    # shared the cores with these short processes.
    run_startup(bench, max(args.repeats, 5))
    for size in args.sizes:
        print(f"measuring {size} ({args.repeats} fresh processes each) ...", flush=True)
        run_size(bench, size, files[size], schema, subjects=subjects, args=args)
    largest = SIZES[args.sizes[-1]]
    if args.check and args.shards:
        label = f"{size_label(largest)} in {SHARDS} shards"
        print(f"measuring {label} ...", flush=True)
        folder, manifests = ensure_shards(largest, args.reuse)
        repeats = min(args.repeats, args.repeats_10m) if largest >= SIZES["10m"] else args.repeats
        run_shards(bench, label, folder, manifests, repeats)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the end {load} (other work shares this machine); {revision()}"
    )
    text = markdown(bench, args, machine)
    print(text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    publish = not args.quick or args.write_readme
    plot(bench, args.sizes, HERE / "scaling.png" if publish else OUT / "scaling.png")
    if publish:
        write_readme(HERE / "README.md", text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The `taxonomist check` benchmark, in one command: ``python benchmarks/run.py [--quick]``.

Generates the seeded COCO files (once; cached in benchmarks/data), then measures side by side,
as medians of fresh processes: the parse floor (orjson.loads with the collector off),
orjson.loads as is, jsonschema-rs and jsonschema against our generated COCO schema, and
`taxonomist check`; then `taxonomist --version` and a check of a 10-annotation file. Scores
every run against the manifest of injected faults, prints a Markdown table and (unless
--quick) writes it into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from pathlib import Path

import orjson

# Run as a script, so this folder is on sys.path and its modules import by plain name.
from bench import HERE, OUT, ROOT, TAXONOMIST, TAXONOMY, Bench, check_cmd
from generate import generate, size_label
from tables import markdown, write_readme

DATA = HERE / "data"
SIZES = {"100k": 100_000, "1m": 1_000_000}
PEERS = ("floor", "orjson", "jsonschema-rs", "jsonschema")
# Pure-Python jsonschema needs minutes on the 1M file: by default it runs on 100k only and
# its 1M row is extrapolated (and labelled so).
SLOW = "jsonschema"


def ensure_data(sizes: list[str]) -> dict[str, dict[str, Path]]:
    files: dict[str, dict[str, Path]] = {}
    for label in sizes:
        total = SIZES[label]
        manifest = DATA / f"coco-{label}-faults.manifest.json"
        if manifest.exists():
            files[label] = {
                "clean": DATA / f"coco-{label}.json",
                "faults": DATA / f"coco-{label}-faults.json",
                "manifest": manifest,
            }
        else:
            print(f"generating {total:,} annotations ...", flush=True)
            files[label] = generate(total, DATA)
    tiny = DATA / f"coco-{size_label(10)}.json"
    if not tiny.exists():
        generate(10, DATA, faults=False)
    return files


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


def run_size(
    bench: Bench, size: str, files: dict[str, Path], schema: Path | None, args: argparse.Namespace
) -> None:
    manifest = orjson.loads(files["manifest"].read_bytes())
    subjects = [s for s in PEERS if (schema or s in ("floor", "orjson")) and s not in args.skip]
    for repeat in range(bench.repeats):
        for subject in subjects:
            slow_skip = subject == SLOW and size != "100k" and not args.jsonschema_1m
            if slow_skip or (subject == SLOW and repeat >= args.slow_repeats):
                continue
            if not bench.over_budget((subject, size)):
                bench.peer(subject, size, files["faults"], schema, manifest)
        if args.check and not bench.over_budget(("taxonomist check", size)):
            bench.check(size, files["faults"], manifest)
    if args.check:
        bench.check(size, files["clean"], None, key="taxonomist check (clean copy)")


def run_startup(bench: Bench, repeats: int) -> None:
    tiny = DATA / "coco-10.json"
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
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), help="which files")
    parser.add_argument("--jsonschema-1m", action="store_true", help="run jsonschema on 1M too")
    parser.add_argument("--no-check", dest="check", action="store_false", help="peers only")
    parser.add_argument("--skip", nargs="+", default=[], choices=PEERS, help="peers to leave out")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per process")
    parser.add_argument(
        "--budget", type=float, default=600.0, help="seconds per series before it stops repeating"
    )
    parser.add_argument("--write-readme", action="store_true", help="also after --quick")
    args = parser.parse_args(argv)
    args.sizes = args.sizes or (["100k"] if args.quick else ["100k", "1m"])
    args.repeats = args.repeats or (3 if args.quick else 5)
    args.slow_repeats = 1 if args.quick else 3
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    files = ensure_data(args.sizes)
    bench = Bench(args.repeats, args.timeout, args.budget)
    if args.check and not TAXONOMIST.exists():
        bench.notes.append(f"{TAXONOMIST} not found: taxonomist check not measured")
        args.check = False
    schema, why = ensure_schema()
    if why:
        bench.notes.append(why)
    for size in args.sizes:
        print(f"measuring {size} ({args.repeats} fresh processes each) ...", flush=True)
        run_size(bench, size, files[size], schema, args)
    run_startup(bench, max(args.repeats, 5))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the end {load} (other work shares this machine); {revision()}"
    )
    text = markdown(bench, args, machine)
    print(text)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    if not args.quick or args.write_readme:
        write_readme(HERE / "README.md", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

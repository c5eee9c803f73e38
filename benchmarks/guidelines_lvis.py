"""Build time of the guideline site for the LVIS v1 taxonomy (1,203 classes).

The taxonomy is imported from ../shared/corpus/taxonomies/lvis_v1_categories.json with
``taxonomist import lvis`` and the site is built with ``taxonomist guidelines build`` (strict),
each in a fresh process so nothing is warm but the OS file cache.

    python benchmarks/guidelines_lvis.py [--runs 3] [--engine mkdocs|zensical] [--keep DIR]

It also prints the first visit's weight: the home page with everything it loads (HTML, CSS,
scripts, images; the search index is fetched only when search opens).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LVIS = REPO.parent / "shared" / "corpus" / "taxonomies" / "lvis_v1_categories.json"
TAXONOMIST = [sys.executable, "-m", "taxonomist"]


def _run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, check=False, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs")
    parser.add_argument("--keep", type=Path, help="keep the last built site here")
    args = parser.parse_args()
    if not LVIS.is_file():
        print(f"missing {LVIS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-lvis-") as tmp:
        taxonomy = Path(tmp) / "lvis.yaml"
        imported = _run([*TAXONOMIST, "import", "lvis", str(LVIS), "-o", str(taxonomy)])
        site = args.keep or Path(tmp) / "site"
        build = [*TAXONOMIST, "guidelines", "build", str(taxonomy), "--engine", args.engine]
        times = [_run([*build, "-o", str(site)]) for _ in range(args.runs)]
        pages = sum(1 for _ in site.rglob("index.html"))
        weights = {name: _first_visit_bytes(site / name / "index.html") for name in ("", "classes")}
    print(f"import lvis: {imported:.2f} s")
    print(
        f"guidelines build, {args.engine} ({pages} pages), {args.runs} runs: "
        f"min {min(times):.2f} s, median {statistics.median(times):.2f} s"
    )
    for name, weight in weights.items():
        print(f"first visit of /{name} (the page and what it loads): {weight / 1024:.0f} KiB")
    return 0


def _first_visit_bytes(page: Path) -> int:
    """The page plus every local stylesheet, script and image its HTML names."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
    names = {
        node.attributes.get(attr) or ""
        for node, attr in [(n, "href") for n in tree.css("link[rel=stylesheet]")]
        + [(n, "src") for n in tree.css("script[src], img[src]")]
    }
    total = page.stat().st_size
    for name in sorted(names):
        target = (page.parent / name.split("?")[0]).resolve()
        if "://" not in name and target.is_file():
            total += target.stat().st_size
    return total


if __name__ == "__main__":
    raise SystemExit(main())

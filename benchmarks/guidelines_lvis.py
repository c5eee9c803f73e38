"""Build time of the guideline site for the LVIS v1 taxonomy (1,203 classes).

The taxonomy is imported from ../shared/corpus/taxonomies/lvis_v1_categories.json with
``taxonomist import lvis`` and the site is built with ``taxonomist guidelines build`` (strict),
each in a fresh process so nothing is warm but the OS file cache.

    python benchmarks/guidelines_lvis.py [--runs 3] [--keep DIR]
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
    parser.add_argument("--keep", type=Path, help="keep the last built site here")
    args = parser.parse_args()
    if not LVIS.is_file():
        print(f"missing {LVIS}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-lvis-") as tmp:
        taxonomy = Path(tmp) / "lvis.yaml"
        imported = _run([*TAXONOMIST, "import", "lvis", str(LVIS), "-o", str(taxonomy)])
        site = args.keep or Path(tmp) / "site"
        times = [
            _run([*TAXONOMIST, "guidelines", "build", str(taxonomy), "-o", str(site)])
            for _ in range(args.runs)
        ]
        pages = sum(1 for _ in site.rglob("index.html"))
    print(f"import lvis: {imported:.2f} s")
    print(
        f"guidelines build ({pages} pages), {args.runs} runs: "
        f"min {min(times):.2f} s, median {statistics.median(times):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

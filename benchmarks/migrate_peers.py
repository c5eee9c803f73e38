"""One measured process of the migrate benchmark, run as a fresh process by ``migrate.py``.

``python benchmarks/migrate_peers.py SUBJECT ...`` does one subject's work and prints one
JSON line (its in-process phases, in seconds); the parent times the whole process and reads
its peak memory. Subjects:

- ``rewrite OLD NEW IN OUT``: taxonomist's COCO rewriter alone, as ``taxonomist migrate``
  calls it (``coco.rewrite(IN, make_plan(OLD, NEW))``), its bytes written to OUT: no
  discovery, no checks;
- ``json IN OUT``: the rewrite a user would write with the standard library (``json.load``,
  ``category_id`` and ``categories`` remapped through a dict, ``json.dump``), no validation;
- ``orjson IN OUT``: the same with ``orjson.loads``/``orjson.dumps``;
- ``verify FILE``: not measured; what a migrated file holds (annotations, their category
  ids, the categories) and a digest of its content without ``info.taxonomy``, so the parent
  can tell every subject wrote the same data.

The change the baselines hard-code is the one ``migrate.py`` writes into NEW (see
``RENAMED`` and ``MERGED``): the baselines are what a user writes for this one change.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

# NEW renames one class (same id, new name) and merges two into a new class.
RENAMED = (4, "motorcycle", "motorbike")  # id, old name, new name
MERGED = ((3, "car"), (8, "truck"))  # both deprecated, replaced_by INTO
INTO = (91, "road_vehicle", "vehicle")  # id, name, parent (COCO supercategory)
ID_MAP = {old: INTO[0] for old, _ in MERGED}


def remap_categories(categories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The new category list: the renamed one renamed, the merged ones one category where
    the first of them stood (what taxonomist writes too)."""
    out: list[dict[str, Any]] = []
    merged = {cid for cid, _ in MERGED}
    placed = False
    for cat in categories:
        if cat["id"] == RENAMED[0]:
            out.append({**cat, "name": RENAMED[2]})
        elif cat["id"] not in merged:
            out.append(cat)
        elif not placed:
            out.append({**cat, "id": INTO[0], "name": INTO[1]})
            placed = True
    return out


def remap(doc: dict[str, Any]) -> None:
    ids = ID_MAP
    for ann in doc["annotations"]:
        cid = ann["category_id"]
        if cid in ids:
            ann["category_id"] = ids[cid]
    doc["categories"] = remap_categories(doc["categories"])


def run_json(src: Path, dst: Path) -> dict[str, float]:
    t0 = time.perf_counter()
    with src.open("rb") as handle:
        doc = json.load(handle)
    t1 = time.perf_counter()
    remap(doc)
    t2 = time.perf_counter()
    with dst.open("w", encoding="utf-8") as handle:
        json.dump(doc, handle, separators=(",", ":"), ensure_ascii=False)
        handle.write("\n")
    return {"load": t1 - t0, "remap": t2 - t1, "dump": time.perf_counter() - t2}


def run_orjson(src: Path, dst: Path) -> dict[str, float]:
    import orjson

    t0 = time.perf_counter()
    doc = orjson.loads(src.read_bytes())
    t1 = time.perf_counter()
    remap(doc)
    t2 = time.perf_counter()
    dst.write_bytes(orjson.dumps(doc) + b"\n")
    return {"load": t1 - t0, "remap": t2 - t1, "dump": time.perf_counter() - t2}


def run_rewrite(old: Path, new: Path, src: Path, dst: Path) -> dict[str, float]:
    from taxonomist.interop.migrate.coco import rewrite
    from taxonomist.interop.migrate.plan import make_plan
    from taxonomist.taxonomy.change.source import load_any

    t0 = time.perf_counter()
    plan = make_plan(load_any(str(old)), load_any(str(new)))
    t1 = time.perf_counter()
    result = rewrite(src, plan)
    t2 = time.perf_counter()
    ((_, data),) = result.outputs
    dst.write_bytes(data)
    return {"plan": t1 - t0, "rewrite": t2 - t1, "write": time.perf_counter() - t2}


def verify(path: Path) -> dict[str, Any]:
    """What the file holds, and a digest of it without ``info.taxonomy`` (the stamp only
    taxonomist writes)."""
    import orjson

    doc = orjson.loads(path.read_bytes())
    info = doc.get("info")
    if isinstance(info, dict):
        info.pop("taxonomy", None)
    digest = hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()
    counts = Counter(ann["category_id"] for ann in doc["annotations"])
    return {
        "annotations": len(doc["annotations"]),
        "category_ids": {str(k): v for k, v in sorted(counts.items())},
        "categories": {str(c["id"]): c["name"] for c in doc["categories"]},
        "digest": digest,
        "bytes": path.stat().st_size,
    }


def main(argv: list[str]) -> dict[str, Any]:
    subject, args = argv[0], [Path(a) for a in argv[1:]]
    if subject == "rewrite":
        return run_rewrite(*args)
    if subject == "json":
        return run_json(*args)
    if subject == "orjson":
        return run_orjson(*args)
    if subject == "verify":
        return verify(*args)
    raise SystemExit(f"unknown subject {subject!r}")


if __name__ == "__main__":
    sys.stdout.write(json.dumps(main(sys.argv[1:])) + "\n")

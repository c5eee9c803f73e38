"""One measurement of a peer, run as a fresh process by ``run.py``.

``python benchmarks/measure.py SUBJECT FILE [SCHEMA]`` reads FILE, does SUBJECT's work and
prints one JSON line: the in-process time of the work (file read excluded) and, for the
validators, the annotation indices their errors point at (to see which faults they catch).
The parent times the whole process and reads its peak memory.

Subjects: ``floor`` (orjson.loads, collector disabled), ``orjson`` (orjson.loads as is),
``jsonschema-rs`` and ``jsonschema`` (parse as ``floor`` does, then collect every error
against SCHEMA), and the COCO tools, which read FILE themselves and run from the peers'
environment (this script needs only orjson and the standard library there):
``pycocotools`` (``COCO(FILE)``: load and index; it checks nothing), ``hotcoco``
(``COCO(FILE).healthcheck()``, Rust) and ``datumaro`` (``Dataset.import_from(FILE,
"coco_instances")``, every import error collected instead of stopping at the first, then the
``DetectionValidator``; FILE must lie in Datumaro's layout, ``annotations/instances_*.json``
beside ``images/``). The COCO tools print ``findings``: every problem they report, with the
annotation id it names (none when it names an image or nothing), for ``score.py``.
"""

from __future__ import annotations

import contextlib
import gc
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson


def parse(data: bytes, *, collector: bool) -> tuple[Any, float]:
    if not collector:
        gc.disable()
    start = time.perf_counter()
    value = orjson.loads(data)
    return value, time.perf_counter() - start


def annotation_index(path: Sequence[object]) -> int | None:
    """The index into ``annotations`` an error path points at, if it points into one."""
    if len(path) >= 2 and path[0] == "annotations" and isinstance(path[1], int):
        return path[1]
    return None


def validate_rs(schema: Any, instance: Any) -> Iterable[Sequence[object]]:
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(schema)
    return [list(error.instance_path) for error in validator.iter_errors(instance)]


def validate_py(schema: Any, instance: Any) -> Iterable[Sequence[object]]:
    import jsonschema

    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema)
    return [list(error.absolute_path) for error in validator.iter_errors(instance)]


VALIDATORS: dict[str, Callable[[Any, Any], Iterable[Sequence[object]]]] = {
    "jsonschema-rs": validate_rs,
    "jsonschema": validate_py,
}


def finding(code: str, severity: str, message: str, annotation: object) -> dict[str, Any]:
    """One problem a COCO tool reported, in the shape ``score.score_findings`` reads."""
    ann = None if annotation is None else str(annotation)
    return {"code": code, "name": "", "severity": severity, "message": message[:200],
            "annotation_id": ann, "pointer": None}  # fmt: skip


def pycocotools_check(file: Path) -> list[dict[str, Any]]:
    from pycocotools.coco import COCO

    with contextlib.redirect_stdout(sys.stderr):  # it prints its progress
        COCO(str(file))
    return []


def hotcoco_check(file: Path) -> list[dict[str, Any]]:
    import hotcoco

    with contextlib.redirect_stdout(sys.stderr):
        report = hotcoco.COCO(str(file)).healthcheck()
    found = []
    for severity, key in (("error", "errors"), ("warning", "warnings")):
        for item in report.get(key, []):
            ids = item.get("affected_ids") or [None]
            found += [finding(item["code"], severity, item["message"], i) for i in ids]
    return found


ANNOTATION = re.compile(r"Annotation '(\d+)'")


def datumaro_check(file: Path) -> list[dict[str, Any]]:
    import datumaro
    from datumaro.components.contexts.importer import ImportErrorPolicy
    from datumaro.plugins.validators import DetectionValidator

    found: list[dict[str, Any]] = []

    class Collect(ImportErrorPolicy):  # type: ignore[misc]
        """Record every import error (item_id is the annotation's id) and skip what failed."""

        def _handle_item_error(self, error: Any) -> None:
            found.append(finding("import-item", "error", str(error.__cause__), None))

        def _handle_annotation_error(self, error: Any) -> None:
            ann = error.item_id[0] if error.item_id else None
            found.append(finding("import-annotation", "error", str(error.__cause__), ann))

    dataset = datumaro.Dataset.import_from(str(file), "coco_instances", error_policy=Collect())
    for report in DetectionValidator().validate(dataset)["validation_reports"]:
        text = report["description"]
        match = ANNOTATION.search(text)
        ann = match.group(1) if match else None
        found.append(finding(report["anomaly_type"], report["severity"], text, ann))
    return found


TOOLS: dict[str, Callable[[Path], list[dict[str, Any]]]] = {
    "pycocotools": pycocotools_check,
    "hotcoco": hotcoco_check,
    "datumaro": datumaro_check,
}


def main(argv: list[str]) -> dict[str, object]:
    subject, file = argv[0], Path(argv[1])
    if subject in TOOLS:
        gc.disable()  # their best case, as for the floor
        start = time.perf_counter()
        found = TOOLS[subject](file)
        seconds = time.perf_counter() - start
        # Problems naming no annotation are counted by code and severity, not listed.
        unplaced = Counter(f"{f['severity']} {f['code']}" for f in found if not f["annotation_id"])
        placed = [f for f in found if f["annotation_id"]]
        return {"op_seconds": seconds, "findings": placed, "unplaced": unplaced}
    data = file.read_bytes()
    if subject in ("floor", "orjson"):
        _, seconds = parse(data, collector=subject == "orjson")
        return {"op_seconds": seconds}
    schema = orjson.loads(Path(argv[2]).read_bytes())
    instance, parse_seconds = parse(data, collector=False)
    start = time.perf_counter()
    paths = list(VALIDATORS[subject](schema, instance))
    seconds = time.perf_counter() - start
    indices = sorted({i for i in map(annotation_index, paths) if i is not None})
    return {
        "op_seconds": parse_seconds + seconds,
        "validate_seconds": seconds,
        "errors": len(paths),
        "other_errors": sum(1 for p in paths if annotation_index(p) is None),
        "annotation_indices": indices,
    }


if __name__ == "__main__":
    sys.stdout.write(orjson.dumps(main(sys.argv[1:])).decode() + "\n")
    sys.stdout.flush()
    # Skip tearing down a heap of millions of objects: the parent measured what it needs.
    import os

    os._exit(0)

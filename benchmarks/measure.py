"""One measurement of a peer, run as a fresh process by ``run.py``.

``python benchmarks/measure.py SUBJECT FILE [SCHEMA]`` reads FILE, does SUBJECT's work and
prints one JSON line: the in-process time of the work (file read excluded) and, for the
validators, the annotation indices their errors point at (to see which faults they catch).
The parent times the whole process and reads its peak memory.

Subjects: ``floor`` (orjson.loads, collector disabled), ``orjson`` (orjson.loads as is),
``jsonschema-rs`` and ``jsonschema`` (parse as ``floor`` does, then collect every error
against SCHEMA).
"""

from __future__ import annotations

import gc
import sys
import time
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


def main(argv: list[str]) -> dict[str, object]:
    subject, file = argv[0], Path(argv[1])
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

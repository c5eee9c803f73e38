"""The re-annotation list: every object a migration could not place, as JSON or CSV.

JSON: ``{"taxonomy": {"from": "name version", "to": ...}, "objects": [row, ...]}``; CSV: one
row per object under the header ``file,image,object,old_class,candidates,reason,kept,
original``. Rows are sorted by file, image, object and reason, so two runs write the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from taxonomist.interop.migrate.base import Plan, Reannotate
from taxonomist.taxonomy.resolved import Taxonomy

COLUMNS = ("file", "image", "object", "old_class", "candidates", "reason", "kept", "original")


def ordered(rows: Iterable[Reannotate]) -> list[Reannotate]:
    return sorted(rows, key=_key)


def _key(row: Reannotate) -> tuple[str, str, int, str, str]:
    number = row.object.removeprefix("line ")
    return (row.file, row.image, int(number) if number.isdigit() else -1, row.object, row.reason)


def to_json(plan: Plan, rows: Iterable[Reannotate]) -> str:
    document = {
        "taxonomy": {"from": _label(plan.old), "to": _label(plan.new)},
        "objects": [_record(row) for row in ordered(rows)],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _record(row: Reannotate) -> dict[str, object]:
    record: dict[str, object] = {
        "file": row.file,
        "image": row.image,
        "object": row.object,
        "old_class": row.old_class,
        "candidates": list(row.candidates),
        "reason": row.reason,
        "kept": row.kept,
    }
    if row.original is not None:
        record["original"] = row.original
    return record


def to_csv(rows: Iterable[Reannotate]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in ordered(rows):
        writer.writerow(row.as_row())
    return buffer.getvalue()


def _label(taxonomy: Taxonomy) -> dict[str, str]:
    return {"name": taxonomy.name, "version": taxonomy.version}

"""The COCO instances schema of a taxonomy, on real COCO files: a file's own categories,
imported as a taxonomy, give a schema the file passes; faults a schema can see fail it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from taxonomist.cli import main
from taxonomist.schema import dump_schema
from taxonomist.schema.annotation import coco_schema
from taxonomist.taxonomy import load
from tests.snapshot import assert_snapshot

REPO = Path(__file__).parents[2]
DATUMARO = REPO / ".." / "shared" / "corpus" / "formats" / "coco" / "datumaro_coco" / "annotations"


def imported_schema(tmp_path: Path, source: Path) -> dict[str, Any]:
    if not source.exists():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path / "t.yaml"
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "coco", str(source), "-o", str(out)])
    assert exit_info.value.code == 0
    schema = coco_schema(load(out))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def errors_at(schema: dict[str, Any], data: Any) -> set[str]:
    validator = jsonschema.Draft202012Validator(schema)
    found: set[str] = set()
    stack = list(validator.iter_errors(data))
    while stack:
        error = stack.pop()
        found.add("".join(f"/{p}" for p in error.absolute_path))
        stack.extend(error.context or ())
    return found


def test_shipped_coco_schema_snapshot() -> None:
    schema = coco_schema(load(REPO / "taxonomies" / "coco.yaml"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert len(schema["properties"]["categories"]["items"]["properties"]["id"]["enum"]) == 80
    assert_snapshot("schema-coco-shipped.json", dump_schema(schema))


def test_instances_file_with_uncompressed_rle_and_id_gaps_is_valid(tmp_path: Path) -> None:
    source = DATUMARO / "instances_val.json"
    schema = imported_schema(tmp_path, source)
    data = json.loads(source.read_text(encoding="utf-8"))
    assert errors_at(schema, data) == set()
    bad = copy.deepcopy(data)
    bad["annotations"][0]["category_id"] = 3  # the gap in 1, 2, 4
    bad["annotations"][1]["bbox"][2] = 0
    assert {"/annotations/0/category_id", "/annotations/1/bbox/2"} <= errors_at(schema, bad)


def test_keypoint_arrays_have_exactly_3k_numbers(tmp_path: Path) -> None:
    source = DATUMARO / "person_keypoints_val.json"
    schema = imported_schema(tmp_path, source)
    data = json.loads(source.read_text(encoding="utf-8"))
    assert errors_at(schema, data) == set()
    data["annotations"][0]["keypoints"] = data["annotations"][0]["keypoints"][:6]
    assert "/annotations/0/keypoints" in errors_at(schema, data)


def test_jsonschema_rs_agrees(tmp_path: Path) -> None:
    rs = pytest.importorskip("jsonschema_rs")
    source = DATUMARO / "instances_val.json"
    schema = imported_schema(tmp_path, source)
    data = json.loads(source.read_text(encoding="utf-8"))
    validator = rs.Draft202012Validator(schema)
    assert validator.is_valid(data)
    data["annotations"][0]["category_id"] = 3
    assert not validator.is_valid(data)

"""The native annotation schema of a taxonomy: metaschema-valid, deterministic, and it
accepts a real native file and refuses each fault in ``invalid_cases.yaml`` at its place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from taxonomist.schema import dump_schema
from taxonomist.schema.annotation import annotation_schema
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.snapshot import assert_snapshot

DATA = Path(__file__).parents[1] / "data" / "schema"
REPO = Path(__file__).parents[2]
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (DATA / "invalid_cases.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def fixture() -> Taxonomy:
    return load(DATA / "fixture.yaml")


@pytest.fixture(scope="module")
def validator(fixture: Taxonomy) -> jsonschema.Draft202012Validator:
    schema = annotation_schema(fixture)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def valid_file() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "valid.json").read_text(encoding="utf-8"))
    return data


def pointer_of(error: jsonschema.ValidationError) -> str:
    return "".join(f"/{part}" for part in error.absolute_path)


def all_pointers(validator: jsonschema.Draft202012Validator, instance: Any) -> set[str]:
    """Where the schema reports faults, descending into if/then and allOf branches."""
    found: set[str] = set()
    stack = list(validator.iter_errors(instance))
    while stack:
        error = stack.pop()
        found.add(pointer_of(error))
        stack.extend(error.context or ())
    return found


def apply(data: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    for pointer, value in case.get("set", {}).items():
        parent, key = _walk(changed, pointer)
        parent[key] = value
    if "delete" in case:
        parent, key = _walk(changed, case["delete"])
        del parent[key]
    return changed


def _walk(data: Any, pointer: str) -> tuple[Any, Any]:
    parts: list[Any] = [int(p) if p.isdigit() else p for p in pointer.strip("/").split("/")]
    for part in parts[:-1]:
        data = data[part]
    return data, parts[-1]


def test_schema_matches_snapshot(fixture: Taxonomy) -> None:
    assert_snapshot("schema-annotation-fixture.json", dump_schema(annotation_schema(fixture)))


def test_schema_is_deterministic(fixture: Taxonomy) -> None:
    again = load(DATA / "fixture.yaml")
    assert dump_schema(annotation_schema(fixture)) == dump_schema(annotation_schema(again))


def test_real_native_file_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    assert [e.message for e in validator.iter_errors(valid_file())] == []


def test_taxonomy_with_its_version_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    data = valid_file()
    del data["taxonomy_version"]
    data["taxonomy"] = {"name": "schema-fixture", "version": "1.2.0"}
    assert [e.message for e in validator.iter_errors(data)] == []
    data["taxonomy"] = {"name": "schema-fixture"}
    assert [e.message for e in validator.iter_errors(data)] == []


def test_one_json_lines_record_is_valid(validator: jsonschema.Draft202012Validator) -> None:
    record = valid_file()["images"][0]
    assert [e.message for e in validator.iter_errors(record)] == []
    record["objects"][0]["class"] = "persn"
    assert "/objects/0/class" in all_pointers(validator, record)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_fault_is_reported_at_its_place(
    validator: jsonschema.Draft202012Validator, name: str
) -> None:
    case = CASES[name]
    instance = apply(valid_file(), case)
    assert not validator.is_valid(instance), f"{name}: accepted"
    assert case["error_at"] in all_pointers(validator, instance)


def test_jsonschema_rs_agrees(fixture: Taxonomy) -> None:
    rs = pytest.importorskip("jsonschema_rs")
    validator = rs.Draft202012Validator(annotation_schema(fixture))
    assert validator.is_valid(valid_file())
    for name, case in CASES.items():
        assert not validator.is_valid(apply(valid_file(), case)), name


def test_shipped_coco_taxonomy_schema() -> None:
    taxonomy = load(REPO / "taxonomies" / "coco.yaml")
    schema = annotation_schema(taxonomy)
    jsonschema.Draft202012Validator.check_schema(schema)
    person = next(b for b in schema["$defs"]["object"]["allOf"] if "person" in str(b["if"]))
    pose = schema["$defs"]["shape.coco_pose"]
    assert len(pose["prefixItems"]) == 51 and pose["items"] is False
    assert "coco_pose" in person["then"]["properties"]["shapes"]["properties"]
    assert "person_group" not in schema["$defs"]["object"]["properties"]["class"]["enum"]


def test_shipped_demo_examples_are_valid() -> None:
    demo = REPO / "taxonomies" / "demo.yaml"
    if not demo.exists():
        pytest.skip("taxonomies/demo.yaml is not there yet")
    validator = jsonschema.Draft202012Validator(annotation_schema(load(demo)))
    for example in sorted((REPO / "taxonomies" / "demo").glob("*-do.json")):
        data = json.loads(example.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], example.name


KITCHEN_SINK = REPO / "tests" / "data" / "taxonomies" / "kitchen_sink"


def test_kitchen_sink_schema_snapshot_and_its_example() -> None:
    taxonomy = load(KITCHEN_SINK / "kitchen_sink.yaml")
    schema = annotation_schema(taxonomy)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert_snapshot("schema-annotation-kitchen-sink.json", dump_schema(schema))
    validator = jsonschema.Draft202012Validator(schema)
    for example in sorted((KITCHEN_SINK / "examples").glob("*.json")):
        data = json.loads(example.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], example.name

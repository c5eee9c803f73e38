from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from taxonomist.core.findings import Report
from taxonomist.report import render
from taxonomist.report.sarif import file_uri

SCHEMAS = sorted((Path(__file__).parents[1] / "data" / "report").glob("sarif-schema-*.json"))


def sarif(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render("sarif", report))
    return document


@pytest.mark.parametrize("schema_path", SCHEMAS, ids=lambda path: path.name)
@pytest.mark.parametrize("which", ["report", "empty_report"])
def test_valid_against_the_sarif_schema(
    schema_path: Path, which: str, request: pytest.FixtureRequest
) -> None:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = list(validator_class(schema).iter_errors(sarif(request.getfixturevalue(which))))
    assert errors == []


def test_rules_are_the_codes(report: Report) -> None:
    driver = sarif(report)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "taxonomist"
    assert driver["version"] == "0.1.0"
    assert [rule["id"] for rule in driver["rules"]] == ["A004", "F003", "G002", "R001", "X101"]
    g002 = driver["rules"][2]
    assert g002["name"] == "box-outside-image"
    assert g002["shortDescription"] == {"text": "box outside image"}
    assert g002["helpUri"] == "https://example.org/guide/checks/G002/"


def test_results_carry_level_location_and_ids(report: Report) -> None:
    run = sarif(report)["runs"][0]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "error", "error", "error", "warning", "note"]
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    occlusion = results[4]
    physical = occlusion["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "data/native.jsonl"
    assert physical["region"] == {"startLine": 3, "startColumn": 41}
    assert occlusion["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "/objects/0/attributes/occlusion"
    )
    assert occlusion["properties"]["imageId"] == "astronaut"
    assert occlusion["properties"]["annotationId"] == "1"
    box = results[3]
    assert "region" not in box["locations"][0]["physicalLocation"]
    assert box["message"]["text"].endswith(
        "\nhint: clip the box to the image, or fix the image's width"
    )


def test_file_uris() -> None:
    assert file_uri("data/instances, val 2017.json") == "data/instances%2C%20val%202017.json"
    assert file_uri("/abs/a b.json") == "file:///abs/a%20b.json"
    assert file_uri("dir\\win.json") == "dir/win.json"


def test_input_without_file_has_no_physical_location(report: Report) -> None:
    first = sarif(report)["runs"][0]["results"][0]
    assert first["ruleId"] == "F003"
    assert "locations" not in first


def test_fingerprints_stable_and_distinct(report: Report) -> None:
    prints = [
        r["partialFingerprints"]["taxonomistFinding/v1"]
        for r in sarif(report)["runs"][0]["results"]
    ]
    assert len(set(prints)) == len(prints)
    assert prints == [
        r["partialFingerprints"]["taxonomistFinding/v1"]
        for r in sarif(report)["runs"][0]["results"]
    ]

"""``diff`` classifies each change exactly: the cases are data (tests/data/change/cases.yaml),
and the scenario (1.0.0 -> 2.0.0) is checked change by change."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.taxonomy import load
from taxonomist.taxonomy.change.diff import KINDS, diff

DATA = Path(__file__).parents[2] / "data" / "change"
CASES = yaml.safe_load((DATA / "cases.yaml").read_text())


def _merge(base: dict[str, Any], patch: dict[str, Any] | None) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in (patch or {}).items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _write(tmp: Path, name: str, doc: dict[str, Any]) -> Path:
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    shared = _merge(CASES["base"], case.get("shared"))
    old_doc = _merge(shared, case.get("old"))
    new_doc = _merge(shared, case.get("new"))
    old = load(_write(tmp_path, "old", old_doc))
    new = load(_write(tmp_path, "new", new_doc))
    found = sorted([c.kind, c.level] for c in diff(old, new).changes)
    assert found == sorted(case["expect"])


def test_every_kind_in_the_cases_is_declared() -> None:
    named = {kind for case in CASES["cases"] for kind, _ in case["expect"]}
    assert named <= set(KINDS)


@pytest.fixture(scope="module")
def scenario() -> Any:
    return diff(load(DATA / "scenario" / "v1.yaml"), load(DATA / "scenario" / "v2.yaml"))


def test_scenario_classifies_every_change(scenario: Any) -> None:
    found = {(c.kind, c.subject, c.level) for c in scenario.changes}
    assert found == {
        ("class-split", "class flag", "minor"),
        ("class-split", "class helmet", "minor"),
        ("class-merged", "class space_shuttle", "minor"),
        ("class-merged", "class rocket", "minor"),
        ("class-renamed", "class mission_emblem", "major"),
        ("class-definition-changed", "class mission_emblem", "patch"),
        *(
            ("class-added", f"class {n}", "minor")
            for n in ("launch_vehicle", "flag_cloth", "flag_picture", "space_helmet", "hard_hat")
        ),
        ("attribute-value-renamed", "attribute depiction", "major"),
        ("keypoints-added", "label type pose", "major"),
        ("threshold-changed", "threshold min_box_height", "major"),
        ("rule-guidance-changed", "rule say-what-is-depicted", "patch"),
        ("rule-scope-changed", "rule say-what-is-depicted", "minor"),
        ("yolo-index-changed", "yolo index", "major"),
    }


def test_scenario_says_how_splits_are_decided(scenario: Any) -> None:
    splits = {c.old: c.summary for c in scenario.changes if c.kind == "class-split"}
    assert "attributes decide" in splits["flag"]
    assert "re-annotation" in splits["helmet"]


def test_scenario_needs_and_has_a_major_bump(scenario: Any) -> None:
    assert scenario.breaking
    assert scenario.required_bump == "major"
    assert scenario.actual_bump == "major"
    assert scenario.version_ok


def test_changes_name_the_classes_and_rules_they_concern(scenario: Any) -> None:
    about = {c.kind for c in scenario.for_class("launch_vehicle")}
    assert {"class-merged", "class-added", "attribute-value-renamed"} <= about
    assert "keypoints-added" not in about  # it has no pose
    assert {c.kind for c in scenario.for_rule("say-what-is-depicted")} == {
        "rule-guidance-changed",
        "rule-scope-changed",
    }
    assert (
        "min-object-size"
        in next(c for c in scenario.changes if c.kind == "threshold-changed").rules
    )


def test_a_diff_is_deterministic() -> None:
    a, b = load(DATA / "scenario" / "v1.yaml"), load(DATA / "scenario" / "v2.yaml")
    assert diff(a, b).changes == diff(a, b).changes

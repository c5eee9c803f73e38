"""The Label Studio rewriter: the v1 -> v2 scenario export checks clean against v2, every
class and value lands where the plan says, splits nothing decides are listed, a rename-only
pair goes there and back to the same bytes, and bad input stops with one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.api import check, load_taxonomy
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.interop.export import exporter
from taxonomist.interop.migrate.base import Plan
from taxonomist.interop.migrate.label_studio import rewrite
from taxonomist.taxonomy.change.fates import class_fates, keypoint_orders, value_maps
from taxonomist.taxonomy.yolo_index import yolo_index

DATA = Path(__file__).parents[2] / "data" / "change"
SCENARIO = DATA / "scenario"
TASKS = SCENARIO / "label_studio" / "tasks.json"
ROUNDTRIP = DATA / "roundtrip_ls"


def plan_of(old_path: Path, new_path: Path) -> Plan:
    old, new = load_taxonomy(old_path), load_taxonomy(new_path)
    return Plan(
        old,
        new,
        class_fates(old, new),
        value_maps(new),
        keypoint_orders(old, new),
        yolo_index(old),
        yolo_index(new),
    )


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_of(SCENARIO / "v1.yaml", SCENARIO / "v2.yaml")


def written(source: Path, plan: Plan, folder: Path) -> Path:
    result = rewrite(source, plan)
    [(name, data)] = result.outputs
    (folder / name).write_bytes(data)
    return folder / name


def results(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(region id, type) -> result, over annotations and predictions."""
    out = {}
    for task in json.loads(path.read_text()):
        for entry in task["annotations"] + task["predictions"]:
            for result in entry["result"]:
                out[result["id"], result["type"]] = result
    return out


def errors(taxonomy: Any, path: Path) -> list[str]:
    report = check(taxonomy, [path])
    return [f"{f.code} {f.message}" for f in report.findings if f.severity >= Severity.ERROR]


def test_the_scenario_export_checks_clean_under_v1() -> None:
    assert not check(SCENARIO / "v1.yaml", [TASKS]).findings


def test_rewritten_export_has_no_error_under_v2(plan: Plan, tmp_path: Path) -> None:
    out = written(TASKS, plan, tmp_path)
    (tmp_path / "config.xml").write_text(exporter("label-studio").export(plan.new))
    assert errors(plan.new, out) == []
    assert errors(plan.new, TASKS)  # the file did need migrating


def test_classes_land_where_the_plan_says(plan: Plan, tmp_path: Path) -> None:
    got = results(written(TASKS, plan, tmp_path))
    classes = {
        rid: r["value"]["rectanglelabels"]
        for (rid, kind), r in got.items()
        if kind == "rectanglelabels"
    }
    assert classes == {
        "patch1": ["mission_emblem"],  # renamed
        "shuttle1": ["launch_vehicle"],  # merged
        "flag1": ["flag_cloth"],  # split: depiction real
        "flag2": ["flag_picture"],  # split: depiction screen, now display
        "helmet1": ["helmet"],  # split with nothing to decide: kept
        "person1": ["person"],
        "p1": ["launch_vehicle"],  # a prediction, rewritten alike
        "p2": ["helmet"],
    }
    assert got["rocket1", "polygonlabels"]["value"]["polygonlabels"] == ["launch_vehicle"]


def test_values_are_migrated_and_keypoints_left_alone(plan: Plan, tmp_path: Path) -> None:
    before, after = results(TASKS), results(written(TASKS, plan, tmp_path))
    assert after["person1", "choices"]["value"]["choices"] == ["display"]
    assert after["flag2", "choices"]["value"]["choices"] == ["display"]
    assert after["flag1", "choices"]["value"]["choices"] == ["real"]
    points = [key for key in before if key[1] == "keypointlabels"]
    assert len(points) == 5
    assert all(after[key] == before[key] for key in points)


def test_undecided_split_is_listed_for_reannotation(plan: Plan) -> None:
    result = rewrite(TASKS, plan)
    rows = [(r.image, r.object, r.old_class, r.candidates, r.kept) for r in result.reannotate]
    assert rows == [("1", "helmet1", "helmet", ("space_helmet", "hard_hat"), True)]
    assert result.counts["class merged"] == 3
    assert result.counts["class split"] == 2
    assert result.counts["prediction left as it was"] == 1
    assert any("keypoints pose" in note for note in result.notes)


def test_everything_but_the_labels_is_kept_byte_for_byte(plan: Plan, tmp_path: Path) -> None:
    out = written(TASKS, plan, tmp_path).read_text()
    changes = {"mission_emblem": "mission_patch", "launch_vehicle": "space_shuttle"}
    original = TASKS.read_text()
    assert len(out.splitlines()) == len(original.splitlines())
    differing = [
        (a.strip(), b.strip())
        for a, b in zip(original.splitlines(), out.splitlines(), strict=True)
        if a != b
    ]
    assert ('"mission_patch"', '"mission_emblem"') in differing
    assert all(
        a.strip('"') in {*changes.values(), "rocket", "flag", "screen"} for a, _ in differing
    )


def test_rename_only_pair_goes_there_and_back(tmp_path: Path) -> None:
    source = ROUNDTRIP / "tasks.json"
    there, back = (
        plan_of(ROUNDTRIP / "a.yaml", ROUNDTRIP / "b.yaml"),
        plan_of(ROUNDTRIP / "b.yaml", ROUNDTRIP / "a.yaml"),
    )
    (tmp_path / "b").mkdir()
    middle = written(source, there, tmp_path / "b")
    assert b"mission_emblem" in middle.read_bytes() and b"display" in middle.read_bytes()
    assert errors(there.new, middle) == []
    assert rewrite(middle, back).outputs[0][1] == source.read_bytes()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[{"id": 1, "annotations": [', "tasks.json:1:28: not valid JSON"),
        ('"tasks"', "a Label Studio export is a list of tasks"),
        (
            '[{"id": 1, "annotations": [{"result": [{"id": "a", "type": "rectanglelabels",'
            ' "value": {"rectanglelabels": ["zeppelin"]}}]}]}]',
            "tasks.json: /0/annotations/0/result/0/value/rectanglelabels: class 'zeppelin' "
            "is not in space-and-kitchen 1.0.0",
        ),
    ],
    ids=["truncated", "not-a-list", "unknown-class"],
)
def test_bad_input_stops_with_one_line(
    plan: Plan, tmp_path: Path, text: str, expected: str
) -> None:
    source = tmp_path / "tasks.json"
    source.write_text(text)
    with pytest.raises(InvalidInput) as caught:
        rewrite(source, plan)
    assert expected in caught.value.message
    assert "\n" not in caught.value.message
    assert str(tmp_path) in caught.value.message


def test_bytes_that_are_not_utf8_are_refused(plan: Plan, tmp_path: Path) -> None:
    source = tmp_path / "tasks.json"
    source.write_bytes(b'[{"data": {"image": "\xff"}}]')
    with pytest.raises(InvalidInput, match="byte 21: not UTF-8"):
        rewrite(source, plan)

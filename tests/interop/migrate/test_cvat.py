"""The CVAT rewriter: the v1 -> v2 scenario exports (images, and video tracks) check clean
against v2, labels and values land where the plan says, the meta follows, bytes outside the
edits stay as they were, a rename-only pair goes there and back to the same bytes, and a
hostile file stops with one line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taxonomist.api import check
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.formats.cvat.meta import load_meta
from taxonomist.interop.migrate.base import Plan
from taxonomist.interop.migrate.cvat import rewrite
from tests.interop.migrate.test_label_studio import ROUNDTRIP, SCENARIO, plan_of

CVAT = SCENARIO / "cvat"
IMAGES = CVAT / "annotations.xml"
VIDEO = CVAT / "video.xml"


@pytest.fixture(scope="module")
def plan() -> Plan:
    return plan_of(SCENARIO / "v1.yaml", SCENARIO / "v2.yaml")


def written(source: Path, plan: Plan, folder: Path) -> Path:
    [(name, data)] = rewrite(source, plan).outputs
    (folder / name).write_bytes(data)
    return folder / name


def errors(taxonomy: object, path: Path) -> list[str]:
    report = check(taxonomy, [path])  # type: ignore[arg-type]
    return [f"{f.code} {f.message}" for f in report.findings if f.severity >= Severity.ERROR]


def labels(path: Path) -> list[str]:
    return re.findall(r'<(?:box|polygon|skeleton|track)\b[^>]*? label="([^"]*)"', path.read_text())


@pytest.mark.parametrize("source", [IMAGES, VIDEO], ids=["images", "video"])
def test_scenario_files_check_clean_under_v1_and_v2(
    plan: Plan, tmp_path: Path, source: Path
) -> None:
    assert not check(SCENARIO / "v1.yaml", [source]).findings
    assert errors(plan.new, source)  # the file did need migrating
    assert errors(plan.new, written(source, plan, tmp_path)) == []


def test_shape_labels_and_values(plan: Plan, tmp_path: Path) -> None:
    out = written(IMAGES, plan, tmp_path)
    assert labels(out) == [
        "mission_emblem",
        "launch_vehicle",
        "launch_vehicle",
        "flag_cloth",
        "flag_picture",
        "helmet",
        "cup",
        "person",
    ]
    assert ">screen<" not in out.read_text()
    assert out.read_text().count('<attribute name="depiction">display</attribute>') == 2


def test_meta_labels_follow(plan: Plan, tmp_path: Path) -> None:
    meta, _ = load_meta(written(IMAGES, plan, tmp_path))
    assert meta is not None
    assert list(meta.labels) == [
        "person",
        "flag_cloth",
        "flag_picture",
        "helmet",  # still used by the undecided helmet
        "space_helmet",
        "hard_hat",
        "launch_vehicle",  # the shuttle's label renamed; the rocket's removed
        "mission_emblem",
        "cup",
    ]
    assert meta.labels["person"].sublabels == [*plan.new.label_types["pose"].keypoints]  # type: ignore[union-attr]
    assert meta.labels["flag_picture"].attributes["depiction"].values[-1] == "display"


def test_a_new_keypoint_is_an_outside_point(plan: Plan, tmp_path: Path) -> None:
    text = written(IMAGES, plan, tmp_path).read_text()
    assert '<points label="neck" outside="1" occluded="0" points="0.00,0.00"/>' in text


def test_bytes_outside_the_edits_are_kept(plan: Plan, tmp_path: Path) -> None:
    before = IMAGES.read_text()
    after = written(IMAGES, plan, tmp_path).read_text()
    body = before[before.index("  <image ") :]
    undone = after[after.index("  <image ") :]
    for new, old in [
        ('"mission_emblem"', '"mission_patch"'),
        ('"flag_cloth"', '"flag"'),
        ('"flag_picture"', '"flag"'),
        (">display<", ">screen<"),
    ]:
        undone = undone.replace(new, old)
    undone = undone.replace(
        '"launch_vehicle" source="manual" occluded="0" xtl',
        '"space_shuttle" source="manual" occluded="0" xtl',
    )
    undone = undone.replace('"launch_vehicle"', '"rocket"')
    undone = re.sub(r'\n *<points label="neck"[^>]*/>', "", undone)
    assert undone == body
    assert after[: after.index("<meta>")] == before[: before.index("<meta>")]


def test_undecided_splits_are_listed(plan: Plan) -> None:
    rows = [
        (r.image, r.object, r.old_class, r.candidates) for r in rewrite(IMAGES, plan).reannotate
    ]
    assert rows == [("0", "0/5", "helmet", ("space_helmet", "hard_hat"))]
    video = [(r.object, r.old_class) for r in rewrite(VIDEO, plan).reannotate]
    assert video == [("track2", "helmet")]


def test_tracks_are_relabelled(plan: Plan, tmp_path: Path) -> None:
    assert labels(written(VIDEO, plan, tmp_path)) == ["launch_vehicle", "flag_cloth", "helmet"]


def test_rename_only_pair_goes_there_and_back(tmp_path: Path) -> None:
    source = ROUNDTRIP / "annotations.xml"
    there = plan_of(ROUNDTRIP / "a.yaml", ROUNDTRIP / "b.yaml")
    back = plan_of(ROUNDTRIP / "b.yaml", ROUNDTRIP / "a.yaml")
    (tmp_path / "b").mkdir()
    middle = written(source, there, tmp_path / "b")
    text = middle.read_text()
    assert "label='mission_emblem'" in text and "> display </attribute>" in text
    assert "<default_value>display</default_value>" in text
    assert errors(there.new, middle) == []
    assert rewrite(middle, back).outputs[0][1] == source.read_bytes()


HOSTILE = {
    "entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<annotations><version>1.1</version>&x;</annotations>",
        "annotations.xml:2:",
        "declares entities",
    ),
    "truncated": (
        '<?xml version="1.0"?>\n<annotations><version>1.1</version><image id="0">',
        "annotations.xml:2:",
        "not well-formed",
    ),
    "unknown-label": (
        '<?xml version="1.0"?>\n<annotations><version>1.1</version>\n'
        '<image id="0" name="a.jpg"><box label="zeppelin" xtl="0" ytl="0" xbr="9" ybr="9"/>'
        "</image></annotations>",
        "annotations.xml:3: <box> label 'zeppelin' is not a class of space-and-kitchen 1.0.0",
        "",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_input_stops_with_one_line(plan: Plan, tmp_path: Path, case: str) -> None:
    text, where, what = HOSTILE[case]
    source = tmp_path / "annotations.xml"
    source.write_text(text)
    with pytest.raises(InvalidInput) as caught:
        rewrite(source, plan)
    assert f"{tmp_path}/{where}" in caught.value.message
    assert what in caught.value.message
    assert "\n" not in caught.value.message


def test_an_encoding_that_is_not_ascii_compatible_is_refused(plan: Plan, tmp_path: Path) -> None:
    source = tmp_path / "annotations.xml"
    source.write_bytes('<?xml version="1.0" encoding="utf-16"?><annotations/>'.encode("utf-16"))
    with pytest.raises(InvalidInput):
        rewrite(source, plan)

"""Label Studio labeling config export, judged by label-studio-sdk's own config parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.taxonomy import load
from tests.interop.export_cases import KITCHEN_SINK, STREET, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.label_studio.xml", export("label-studio"))


@pytest.mark.parametrize("path", [STREET, KITCHEN_SINK], ids=lambda p: p.stem)
def test_label_studio_sdk_accepts_the_config(path: Path) -> None:
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    config = export("label-studio", load(path))
    parsed = interface.LabelInterface(config)
    parsed.validate()
    taxonomy = load(path)
    used = {n for c in taxonomy.classes.values() if c.labellable for n in c.label_types}
    exported = {n for n, t in taxonomy.label_types.items() if t.kind != "polyline"}
    names = {control.name for control in parsed.controls}
    assert names >= (used & exported)


def test_labels_colours_hotkeys_ids_and_per_region_attributes() -> None:
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    parsed = interface.LabelInterface(export("label-studio"))
    box = parsed.get_control("box")
    labels = {label.value: label.attr for label in box.labels_attrs.values()}
    assert labels["car"]["background"] == "#1f77b4"
    assert labels["car"]["category"] == "1"
    hotkeys = [attr["hotkey"] for attr in labels.values()]
    assert len(set(hotkeys)) == len(hotkeys)
    occlusion = parsed.get_control("occlusion")
    assert occlusion.tag == "Number" and occlusion.attr["perRegion"] == "true"
    pose = parsed.get_control("pose")
    assert list(pose.labels_attrs) == ["nose", "left_eye", "right_eye", "left_hand", "right_hand"]

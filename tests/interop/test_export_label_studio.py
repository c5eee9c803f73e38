"""Label Studio labeling config export, judged by label-studio-sdk's own config parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.taxonomy import load
from tests.interop.export_cases import ANSWERS, KITCHEN_SINK, STREET, export
from tests.snapshot import assert_snapshot


def test_snapshot() -> None:
    assert_snapshot("interop/export/street.label_studio.xml", export("label-studio"))


@pytest.mark.parametrize("path", [STREET, KITCHEN_SINK, ANSWERS], ids=lambda p: p.stem)
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


def test_attributes_show_on_the_regions_of_the_classes_that_answer_them() -> None:
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    parsed = interface.LabelInterface(export("label-studio", load(ANSWERS)))
    scopes = {
        name: parsed.get_control(name).attr.get("whenLabelValue")
        for name in ("depiction", "lights_on", "parked", "occlusion")
    }
    assert scopes == {
        "depiction": "car,toy_car",
        "lights_on": "car",
        "parked": "car",  # toy_car forbids it, sign uses none
        "occlusion": "car,toy_car",
    }


def test_required_per_region_when_every_class_requires_it_unconditionally() -> None:
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    parsed = interface.LabelInterface(export("label-studio", load(ANSWERS)))
    required = {
        name: (control.attr.get("required"), control.attr.get("perRegion"))
        for name in ("depiction", "lights_on", "parked", "occlusion")
        if (control := parsed.get_control(name))
    }
    assert required == {
        "depiction": ("true", "true"),
        "lights_on": ("true", "true"),
        "parked": (None, "true"),  # optional
        "occlusion": (None, "true"),  # car requires it only when parked
    }


def test_value_descriptions_are_choice_hints_and_nothing_is_preselected() -> None:
    interface = pytest.importorskip("label_studio_sdk.label_interface")
    parsed = interface.LabelInterface(export("label-studio", load(ANSWERS)))
    choices = parsed.get_control("depiction").labels_attrs
    assert {v: c.attr.get("hint") for v, c in choices.items()} == {
        "real": None,
        "poster": "A picture of one, on a wall or a bus.",
    }
    assert not any("selected" in c.attr for c in choices.values())

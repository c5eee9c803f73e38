"""Regenerate the Cityscapes fixture: one frame (``aachen_000000_000019``, 64 x 32) with its
polygons and the four PNG kinds rendered from them the way cityscapesScripts does
(``preparation/json2labelImg.py`` for labelIds, labelTrainIds and color;
``preparation/json2instanceImg.py`` for instanceIds, and with ``-t`` for instanceTrainIds, as
``createTrainIdInstanceImgs.py`` calls it: objects drawn in file order with
``ImageDraw.polygon``, deleted ones skipped, ``<label>group`` drawn as its class without an
instance number, labels with id -1 not drawn), its leftImg8bit image, a test-split image
without labels; and the broken variants under ``invalid/``.

    python tests/data/interop/cityscapes/make_fixture.py

Deterministic: the same bytes on every run (Pillow, no randomness). The label values are
those of cityscapesScripts' ``helpers/labels.py`` (``valid/labels.py``, copied verbatim).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

HERE = Path(__file__).parent
FRAME = "aachen_000000_000019"
SIZE = (64, 32)
# name: (id, trainId, hasInstances, color), from labels.py
LABELS = {
    "unlabeled": (0, 255, False, (0, 0, 0)),
    "ego vehicle": (1, 255, False, (0, 0, 0)),
    "out of roi": (3, 255, False, (0, 0, 0)),
    "road": (7, 0, False, (128, 64, 128)),
    "sidewalk": (8, 1, False, (244, 35, 232)),
    "building": (11, 2, False, (70, 70, 70)),
    "pole": (17, 5, False, (153, 153, 153)),
    "polegroup": (18, 255, False, (153, 153, 153)),
    "sky": (23, 10, False, (70, 130, 180)),
    "person": (24, 11, True, (220, 20, 60)),
    "car": (26, 13, True, (0, 0, 142)),
    "license plate": (-1, -1, False, (0, 0, 142)),
}
OBJECTS = [
    ("sky", [[0, 0], [63, 0], [63, 12], [0, 12]]),
    ("building", [[0, 6], [34, 6], [34, 18], [0, 18]]),
    ("road", [[0, 18], [63, 18], [63, 31], [0, 31]]),
    ("sidewalk", [[44, 18], [63, 18], [63, 22], [44, 22]]),
    ("pole", [[38, 4], [39, 4], [39, 18], [38, 18]]),
    ("polegroup", [[41, 4], [43, 4], [43, 18], [41, 18]]),
    ("car", [[4, 14], [18, 14], [18, 25], [4, 25]]),
    ("car", [[22, 15], [33, 15], [33, 26], [22, 26]]),
    ("cargroup", [[46, 16], [58, 16], [58, 26], [46, 26]]),
    ("persongroup", [[36, 20], [42, 20], [42, 27], [36, 27]]),
    ("person", [[59, 10], [62, 10], [62, 20], [59, 20]]),
    ("license plate", [[8, 21], [13, 21], [13, 24], [8, 24]]),
    ("person", [[10, 2], [14, 2], [14, 9], [10, 9]]),  # deleted below
    ("ego vehicle", [[0, 29], [63, 29], [63, 31], [0, 31]]),
    ("out of roi", [[0, 0], [3, 0], [0, 3]]),
]
DELETED = {12}


def polygons(size: tuple[int, int] = SIZE, deleted: set[int] = DELETED) -> dict[str, object]:
    objects = []
    for index, (label, polygon) in enumerate(OBJECTS):
        objects.append(
            {
                "label": label,
                "polygon": polygon,
                "deleted": 1 if index in deleted else 0,
                "verified": 0,
                "date": "01-Jan-2026 00:00:00",
                "user": "fixture",
                "id": index,
            }
        )
    return {"imgHeight": size[1], "imgWidth": size[0], "objects": objects}


def _label(label: str) -> tuple[str, bool]:
    if label not in LABELS and label.endswith("group"):
        return label[: -len("group")], True
    return label, False


def render(doc: dict[str, object], encoding: str) -> Image.Image:
    """One PNG kind from a polygons document, as json2labelImg.py / json2instanceImg.py."""
    size = (int(doc["imgWidth"]), int(doc["imgHeight"]))  # type: ignore[call-overload]
    if encoding == "color":
        image = Image.new("RGBA", size, LABELS["unlabeled"][3])
    elif encoding in ("instanceIds", "instanceTrainIds"):
        background = LABELS["unlabeled"][1 if encoding == "instanceTrainIds" else 0]
        image = Image.new("I", size, background)
    else:
        background = LABELS["unlabeled"][1 if encoding == "labelTrainIds" else 0]
        image = Image.new("L", size, background)
    draw = ImageDraw.Draw(image)
    instances: dict[str, int] = {}
    for obj in doc["objects"]:  # type: ignore[attr-defined]
        if obj["deleted"]:
            continue
        name, group = _label(obj["label"])
        label_id, train_id, things, color = LABELS[name]
        if label_id < 0:
            continue
        fill: object
        if encoding == "color":
            fill = color
        elif encoding == "labelTrainIds":
            fill = train_id
        elif encoding == "instanceTrainIds":  # createTrainIdInstanceImgs.py
            fill = train_id
            if things and not group and train_id != 255:
                fill = train_id * 1000 + instances.get(name, 0)
                instances[name] = instances.get(name, 0) + 1
        else:
            fill = label_id
            if encoding == "instanceIds" and things and not group:
                fill = label_id * 1000 + instances.get(name, 0)
                instances[name] = instances.get(name, 0) + 1
        draw.polygon([tuple(p) for p in obj["polygon"]], fill=fill)  # type: ignore[arg-type]
    if encoding in ("instanceIds", "instanceTrainIds"):  # Pillow writes 32-bit "I" no more: the 16-bit PNG
        return Image.fromarray(np.asarray(image).astype(np.uint16))
    return image


def photo(size: tuple[int, int] = SIZE) -> Image.Image:
    image = Image.new("RGB", size)
    image.putdata([(x * 4 % 256, y * 8 % 256, 96) for y in range(size[1]) for x in range(size[0])])
    return image


def frame(root: Path, doc: dict[str, object], *, kinds: tuple[str, ...], image: bool) -> None:
    """The frame under ``root`` (gtFine/train/aachen and leftImg8bit/train/aachen)."""
    gt = root / "gtFine" / "train" / "aachen"
    gt.mkdir(parents=True, exist_ok=True)
    (gt / f"{FRAME}_gtFine_polygons.json").write_text(json.dumps(doc, indent=2) + "\n")
    for kind in kinds:
        render(doc, kind).save(gt / f"{FRAME}_gtFine_{kind}.png")
    if image:
        left = root / "leftImg8bit" / "train" / "aachen"
        left.mkdir(parents=True, exist_ok=True)
        photo().save(left / f"{FRAME}_leftImg8bit.png")


BROKEN = """{
  "imgWidth": 64,
  "objects": [
    "car",
    {"polygon": [[0, 0], [5, 0], [5, 5]]},
    {"label": "road", "polygon": [["0", "0"], [5, 0], [5, 5]]},
    {"label": "road", "polygon": [[0, 0], [5, 0]]},
    {"label": "sky"},
    {"label": "sky", "polygon": [[0, 0], [5, 0], [5, 5]]}
  ]
}
"""
KINDS = ("labelIds", "instanceIds", "labelTrainIds", "instanceTrainIds", "color")


def main() -> None:
    valid = HERE / "valid" / "frame"
    shutil.rmtree(valid, ignore_errors=True)
    frame(valid, polygons(), kinds=KINDS, image=True)
    test = valid / "leftImg8bit" / "test" / "berlin"
    test.mkdir(parents=True)
    photo().save(test / "berlin_000000_000019_leftImg8bit.png")  # test split: no labels due
    invalid = HERE / "invalid"
    cases = {
        "s130_size_mismatch": "S130 - aachen_000000_000019_gtFine_labelIds.png\n"
        "S130 1 aachen_000000_000019_gtFine_polygons.json\n",
        "f130_image_missing": "F130 - aachen_000000_000019_gtFine_labelIds.png\n"
        "F130 1 aachen_000000_000019_gtFine_polygons.json\n",
        "f130_no_image_folder": "F130 - f130_no_image_folder\n",
        "f131_image_unannotated": "F131 - lindau_000001_000019_leftImg8bit.png\n",
        "s132_kind_mismatch": "S132 - aachen_000000_000019_gtFine_labelIds.png\n"
        "S132 - aachen_000000_000019_gtFine_color.png\n",
        "s131_deleted_objects": "S131 4 aachen_000000_000019_gtFine_polygons.json\n",
        "f007_stray_png": "F007 - notes.png\n",
    }
    for name in [*cases, "polygons_structure"]:
        shutil.rmtree(invalid / name, ignore_errors=True)
    no_deleted = polygons(deleted=set())
    root = invalid / "s130_size_mismatch"
    frame(root, polygons((64, 30), set()), kinds=(), image=True)
    gt = root / "gtFine" / "train" / "aachen"
    render(polygons((32, 16), set()), "labelIds").save(gt / f"{FRAME}_gtFine_labelIds.png")
    root = invalid / "f130_image_missing"
    frame(root, no_deleted, kinds=("labelIds",), image=False)
    (root / "leftImg8bit" / "train" / "aachen").mkdir(parents=True)
    root = invalid / "f130_no_image_folder"
    frame(root, no_deleted, kinds=("labelIds",), image=False)
    root = invalid / "f131_image_unannotated"
    frame(root, no_deleted, kinds=("labelIds",), image=True)
    lindau = root / "leftImg8bit" / "val" / "lindau"
    lindau.mkdir(parents=True)
    photo().save(lindau / "lindau_000001_000019_leftImg8bit.png")
    root = invalid / "s132_kind_mismatch"
    frame(root, no_deleted, kinds=(), image=True)
    gt = root / "gtFine" / "train" / "aachen"
    render(no_deleted, "color").convert("RGB").save(gt / f"{FRAME}_gtFine_labelIds.png")
    render(no_deleted, "labelIds").save(gt / f"{FRAME}_gtFine_color.png")
    root = invalid / "s131_deleted_objects"
    frame(root, polygons(deleted={0, 12}), kinds=(), image=True)
    root = invalid / "f007_stray_png"
    frame(root, no_deleted, kinds=("labelIds",), image=True)
    photo().save(root / "gtFine" / "train" / "aachen" / "notes.png")
    root = invalid / "polygons_structure"
    root.mkdir()
    (root / "broken_gtFine_polygons.json").write_text(BROKEN)
    cases["polygons_structure"] = (
        "S001 1 broken_gtFine_polygons.json\n"  # no imgHeight
        "S002 4 broken_gtFine_polygons.json\n"  # an object that is no object
        "S001 5 broken_gtFine_polygons.json\n"  # no label
        "S002 6 broken_gtFine_polygons.json\n"  # polygon of strings
        "S003 7 broken_gtFine_polygons.json\n"  # two points
        "S001 8 broken_gtFine_polygons.json\n"  # no polygon
    )
    for name, want in cases.items():
        (invalid / name / "expected.txt").write_text(want)


if __name__ == "__main__":
    main()

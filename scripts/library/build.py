"""Generate the built-in taxonomies of ``src/taxonomist/taxonomy/library/`` from the
official class tables committed in ``scripts/library/sources/``.

    python scripts/library/build.py NAME...     # one or more built-ins
    python scripts/library/build.py --all       # every built-in
    python scripts/library/build.py --check ... # exit 1 when a committed file differs

``BUILDS`` below is the one list: a built-in's name -> the function that builds its document
and the sources it reads. The sources are facts (class tables), each recorded in ``SOURCES``
with its repository, path, commit and licence; the same record goes into the generated
file's header and into ``sources/SOURCES.md``. Where an importer of taxonomist reads the
table (COCO, LVIS, Open Images, Cityscapes), the generator calls it and only adds what a
built-in needs on top (a name, a title, id spaces, definitions stated from the table's own
columns). Output is deterministic: the same sources always give the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MAPILLARY_V12_FILE = "mask2former_register_mapillary_vistas.py.txt"
SOURCES_DIR = Path(__file__).resolve().parent / "sources"
LIBRARY_DIR = ROOT / "src" / "taxonomist" / "taxonomy" / "library"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from taxonomist.interop.importers import ImportOptions, importer  # noqa: E402
from taxonomist.interop.importers.common import NameBook, to_name  # noqa: E402
from taxonomist.interop.yaml_out import dump_yaml  # noqa: E402
from taxonomist.taxonomy.resolved import normalize_name  # noqa: E402


@dataclass(frozen=True)
class Source:
    file: str  # in sources/
    repo: str
    path: str
    commit: str
    licence: str
    url: str
    note: str = ""


SOURCES: dict[str, Source] = {
    "coco_panoptic_categories.json": Source(
        file="coco_panoptic_categories.json",
        repo="cocodataset/panopticapi",
        path="panoptic_coco_categories.json",
        commit="7bb4655548f98f3fedc07bf37e9040a992b054b0",
        licence="BSD-2-Clause (panopticapi); COCO annotations CC BY 4.0",
        url="https://github.com/cocodataset/panopticapi/blob/master/panoptic_coco_categories.json",
        note="verbatim (via ../shared/corpus/taxonomies/)",
    ),
    "coco_person_keypoints.json": Source(
        file="coco_person_keypoints.json",
        repo="cocodataset (the COCO 2017 person_keypoints category); names via "
        "facebookresearch/detectron2",
        path="annotations/person_keypoints_val2017.json categories[0]; "
        "detectron2/data/datasets/builtin_meta.py",
        commit="02b5c4e295e990042a714712c21dc79b731e8833 (detectron2)",
        licence="COCO annotations CC BY 4.0; detectron2 Apache-2.0",
        url="https://cocodataset.org/#format-data",
        note="the keypoints and skeleton fields of "
        "../shared/corpus/taxonomies/coco_person_keypoints.json",
    ),
    "lvis_v1_categories.json": Source(
        file="lvis_v1_categories.json",
        repo="facebookresearch/detectron2",
        path="detectron2/data/datasets/lvis_v1_categories.py (+ lvis_v1_category_image_count.py)",
        commit="02b5c4e295e990042a714712c21dc79b731e8833",
        licence="Apache-2.0 (detectron2); LVIS annotations CC BY 4.0",
        url="https://www.lvisdataset.org/dataset",
        note="python literal converted to JSON (via ../shared/corpus/taxonomies/)",
    ),
    "openimages_bbox_labels_600_hierarchy.json": Source(
        file="openimages_bbox_labels_600_hierarchy.json",
        repo="jordyo40/QHDT-Sensor-System (a verbatim copy of Google's file)",
        path="bbox_labels_600_hierarchy.json",
        commit="ee9a84059519",
        licence="Open Images annotations CC BY 4.0 (Google)",
        url="https://storage.googleapis.com/openimages/2018_04/bbox_labels_600_hierarchy.json",
        note="verbatim (via ../shared/corpus/taxonomies/)",
    ),
    "openimages_class-descriptions-boxable.csv": Source(
        file="openimages_class-descriptions-boxable.csv",
        repo="enjoy82/pytorch-ssd (MIT; a copy of Google's file with a header row added)",
        path="class-descriptions-boxable.csv",
        commit="5eea5921537089097f4358460ac7083f8eb436a1",
        licence="Open Images annotations CC BY 4.0 (Google)",
        url="https://storage.googleapis.com/openimages/v7/oidv7-class-descriptions-boxable.csv",
        note="verbatim (git show)",
    ),
    "imagenet_LOC_synset_mapping.txt": Source(
        file="imagenet_LOC_synset_mapping.txt",
        repo="PRIYE/Resnet50_ImageNet1k (the ILSVRC 2012 LOC_synset_mapping.txt)",
        path="LOC_synset_mapping.txt",
        commit="d082ba525f9f",
        licence="class list of ILSVRC 2012 (WordNet synsets and lemmas, WordNet licence)",
        url="https://www.kaggle.com/c/imagenet-object-localization-challenge/data",
        note="verbatim (via ../shared/corpus/taxonomies/); this copy separates with ' : '",
    ),
    "voc_labelmap.txt": Source(
        file="voc_labelmap.txt",
        repo="openvinotoolkit/datumaro",
        path="tests/assets/voc_dataset/voc_dataset2/labelmap.txt",
        commit="3d533b9cf8b9dd46366961fd4b070768dea59e95",
        licence="MIT (datumaro); the VOC devkit's class list and colour map",
        url="http://host.robots.ox.ac.uk/pascal/VOC/voc2012/",
        note="verbatim (via ../shared/corpus/formats/voc/datumaro_voc/voc_dataset2/)",
    ),
    "cityscapes_labels.py.txt": Source(
        file="cityscapes_labels.py.txt",
        repo="mcordts/cityscapesScripts",
        path="cityscapesscripts/helpers/labels.py",
        commit="0bcc4a72549590fd80d71d8465be3a0c4b1c06e8",
        licence="MIT (cityscapesScripts)",
        url="https://github.com/mcordts/cityscapesScripts/blob/master/cityscapesscripts/helpers/labels.py",
        note="verbatim (git show)",
    ),
    MAPILLARY_V12_FILE: Source(
        file=MAPILLARY_V12_FILE,
        repo="facebookresearch/Mask2Former",
        path="mask2former/data/datasets/register_mapillary_vistas.py",
        commit="9b0651c6c1d5b3af2e6da0589b719c514ec0d69a",
        licence="MIT (Mask2Former); Mapillary Vistas CC BY-NC-SA 4.0",
        url="https://www.mapillary.com/dataset/vistas",
        note="verbatim (git show); MAPILLARY_VISTAS_SEM_SEG_CATEGORIES is config_v1.2.json's "
        "labels (name, readable, color, instances, evaluate) in order",
    ),
    "ade20k_objectInfo150.txt": Source(
        file="ade20k_objectInfo150.txt",
        repo="CSAILVision/sceneparsing",
        path="objectInfo150.txt",
        commit="e20222964c58eba41d8986d45d652d93adc234a5",
        licence="BSD-3-Clause (sceneparsing)",
        url="https://github.com/CSAILVision/sceneparsing/blob/master/objectInfo150.txt",
        note="verbatim (git show); the tab-separated twin of objectInfo150.csv",
    ),
    "datumaro_mapillary_vistas_format.py.txt": Source(
        file="datumaro_mapillary_vistas_format.py.txt",
        repo="openvinotoolkit/datumaro",
        path="src/datumaro/plugins/data_formats/mapillary_vistas/format.py",
        commit="3d533b9cf8b9dd46366961fd4b070768dea59e95",
        licence="MIT (datumaro); Mapillary Vistas CC BY-NC-SA 4.0",
        url="https://www.mapillary.com/dataset/vistas",
        note="verbatim (git show); MapillaryVistasLabelMap_V12/_V20 are the name and colour "
        "columns of config_v1.2.json / config_v2.0.json in label order",
    ),
}


def _hex(rgb: Any) -> str:
    return "#" + "".join(f"{max(0, min(255, int(v))):02x}" for v in rgb)


def _head(name: str, title: str, description: str, licence: str) -> dict[str, Any]:
    return {
        "name": name,
        "version": "1.0.0",
        "title": title,
        "description": description,
        "license": licence,
    }


def _import(source: str, file: Path, options: ImportOptions | None = None) -> dict[str, Any]:
    result = importer(source).import_taxonomy(file, options or ImportOptions())
    return dict(result.document)


SECTIONS = ("id_spaces", "label_types", "attributes", "classes", "checks")


def _with_head(doc: dict[str, Any], head: dict[str, Any]) -> dict[str, Any]:
    """``head`` first, then the document's sections in the language reference's order (an
    imported document's own head dropped)."""
    assert set(doc) <= {"name", "version", "title", "description", *SECTIONS}, set(doc)
    return {**head, **{k: doc[k] for k in SECTIONS if k in doc}}


OFFICIAL_PALETTE = {"T904": {"severity": "off"}}  # the dataset's colours, kept even where close


def _define_missing(classes: dict[str, Any], say: Callable[[str, dict[str, Any]], str]) -> None:
    for name, entry in classes.items():
        if not entry.get("definition"):
            entry["definition"] = say(name, entry)


def _order(entry: dict[str, Any]) -> dict[str, Any]:
    """Class keys in the language reference's order (stable output, easy reading)."""
    keys = (
        "id", "title", "parent", "abstract", "definition", "synonyms", "aliases", "color",
        "label_types", "kind", "crowd", "group_of", "evaluated", "region", "frequency", "ids",
        "external_ids",
    )  # fmt: skip
    ordered = {k: entry[k] for k in keys if k in entry}
    ordered.update((k, v) for k, v in entry.items() if k not in ordered)
    return ordered


# -- COCO -----------------------------------------------------------------------------------


def _coco_categories() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    panoptic = json.loads((SOURCES_DIR / "coco_panoptic_categories.json").read_text())
    keypoints = json.loads((SOURCES_DIR / "coco_person_keypoints.json").read_text())
    return panoptic, keypoints["categories"][0]


def build_coco() -> tuple[dict[str, Any], list[str]]:
    panoptic, person = _coco_categories()
    things = [
        {"id": c["id"], "name": c["name"], "supercategory": c["supercategory"], "color": c["color"]}
        for c in panoptic
        if c["isthing"] == 1
    ]
    for category in things:
        if category["id"] == person["id"]:
            category.update(keypoints=person["keypoints"], skeleton=person["skeleton"])
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "instances.json"
        file.write_text(json.dumps({"categories": things}))
        doc = _import("coco", file)
    keypoints = doc["label_types"]["keypoints"]
    doc["label_types"] = {
        "box": {"kind": "box", "format": "xywh", "units": "pixels", "extent": "visible"},
        "segmentation": {"kind": "polygon", "multipart": True},
        "mask": {"kind": "mask", "mode": "instance", "overlaps": True},
        "keypoints": keypoints,
    }
    gaps = sorted(set(range(1, 91)) - {c["id"] for c in things})
    doc["id_spaces"] = {
        "yolo": {
            "description": "Ultralytics' 0-79 index of the 80 classes (person 0 ... toothbrush "
            "79), the category ids in order without the gaps; detectron2's contiguous ids."
        }
    }
    drawn = [n for n, e in doc["classes"].items() if not e.get("abstract")]
    for index, name in enumerate(sorted(drawn, key=lambda n: doc["classes"][n]["id"])):
        entry = doc["classes"][name]
        entry["label_types"] = ["box", "segmentation", "mask"] + (
            ["keypoints"] if entry["id"] == person["id"] else []
        )
        entry["crowd"] = True
        entry["ids"] = {"yolo": index}
    supers = {c["name"]: c["supercategory"] for c in things}
    for name, entry in doc["classes"].items():
        if entry.get("abstract"):
            entry["label_types"] = ["box", "segmentation", "mask"]
            entry["external_ids"] = {"coco_supercategory": _super_of(name, supers)}
    _define_missing(
        doc["classes"],
        lambda n, e: (
            f"COCO supercategory {e['external_ids']['coco_supercategory']!r}."
            if e.get("abstract")
            else f"COCO category {e['id']} ({_original(n, e)!r}, supercategory "
            f"{supers[_original(n, e)]!r})."
        ),
    )
    doc["classes"] = {n: _order(e) for n, e in doc["classes"].items()}
    head = _head(
        "coco",
        "COCO 2017 objects and person keypoints",
        "The 80 object classes of COCO 2017 detection, segmentation and keypoints, with their "
        "original category ids (1-90, gaps kept), the 12 supercategories as abstract parents, "
        "the Ultralytics/YOLO 0-79 index as the `yolo` id space, and the 17 person keypoints "
        "with the COCO skeleton and left/right flip pairs. Generated from the official class "
        "table; for working definitions and rules see the hand-written `taxonomies/coco.yaml`.",
        "CC-BY-4.0",
    )
    verified = [
        f"{len(things)} thing categories (isthing=1): official 80",
        f"ids 1-90 with the {len(gaps)} official gaps {gaps}",
        f"{len(set(supers.values()))} supercategories: official 12",
        f"yolo index 0-{len(drawn) - 1} = category ids in order (person 0, toothbrush 79)",
        f"{len(person['keypoints'])} keypoints, {len(person['skeleton'])}-edge 1-based skeleton: "
        "official 17 and 19",
        f"{len(keypoints['flip_pairs'])} flip pairs from the left_/right_ names: official 8",
    ]
    return _with_head(doc, head), verified


def _original(name: str, entry: dict[str, Any]) -> str:
    aliases = entry.get("aliases") or []
    return aliases[0] if aliases else name


def _super_of(parent: str, supers: dict[str, str]) -> str:
    for text in sorted(set(supers.values())):
        if to_name(text) == parent or f"{to_name(text)}_group" == parent:
            return text
    return parent


def build_coco_panoptic() -> tuple[dict[str, Any], list[str]]:
    file = SOURCES_DIR / "coco_panoptic_categories.json"
    panoptic = json.loads(file.read_text())
    doc = _import("coco", file)
    supers = {c["name"]: c["supercategory"] for c in panoptic}
    kinds = {c["name"]: "thing" if c["isthing"] else "stuff" for c in panoptic}
    doc["label_types"] = {
        "box": {"kind": "box", "format": "xywh", "units": "pixels", "extent": "visible"},
        "mask": {"kind": "mask", "mode": "panoptic"},
    }
    for name, entry in doc["classes"].items():
        if entry.get("abstract"):
            entry["label_types"] = ["box", "mask"]
            entry["external_ids"] = {"coco_supercategory": _super_of(name, supers)}
        elif entry.get("kind") == "thing":
            entry["label_types"] = ["box", "mask"]
            entry["crowd"] = True
    _define_missing(
        doc["classes"],
        lambda n, e: (
            f"COCO panoptic supercategory {e['external_ids']['coco_supercategory']!r}."
            if e.get("abstract")
            else f"COCO panoptic {kinds[_original(n, e)]} category {e['id']} "
            f"({_original(n, e)!r}, supercategory {supers[_original(n, e)]!r})."
        ),
    )
    doc["classes"] = {n: _order(e) for n, e in doc["classes"].items()}
    things = sum(1 for c in panoptic if c["isthing"])
    head = _head(
        "coco-panoptic",
        "COCO panoptic 2017: 80 things and 53 stuff",
        "The 133 categories of the COCO 2017 panoptic task (80 things, 53 stuff) with their "
        "panoptic category ids (1-200), supercategories as abstract parents, `kind` thing or "
        "stuff, and the colours of panopticapi. Segment ids in the panoptic PNGs are "
        "R + 256 G + 256² B; each segment names one of these category ids.",
        "CC-BY-4.0",
    )
    verified = [
        f"{len(panoptic)} categories: official 133",
        f"{things} things + {len(panoptic) - things} stuff: official 80 + 53",
        f"ids {min(c['id'] for c in panoptic)}-{max(c['id'] for c in panoptic)}, all distinct",
    ]
    return _with_head(doc, head), verified


# -- LVIS -----------------------------------------------------------------------------------


def build_lvis() -> tuple[dict[str, Any], list[str]]:
    file = SOURCES_DIR / "lvis_v1_categories.json"
    raw = json.loads(file.read_text())
    categories = raw["categories"] if isinstance(raw, dict) else raw
    doc = _import("lvis", file)
    doc["label_types"]["mask"] = {"kind": "mask", "mode": "instance", "overlaps": True}
    for entry in doc["classes"].values():
        entry["label_types"] = ["box", "segmentation", "mask"]
    frequencies = {f: sum(1 for c in categories if c["frequency"] == f) for f in "rcf"}
    synonyms = sum(len(e.get("synonyms", [])) for e in doc["classes"].values())
    offered = sum(
        len({normalize_name(s) for s in c["synonyms"]} - {normalize_name(c["name"])})
        for c in categories
    )
    head = _head(
        "lvis",
        "LVIS v1: 1,203 categories",
        "The 1,203 categories of LVIS v1 with their ids, WordNet synsets, synonyms, "
        "definitions and frequency (r rare, c common, f frequent, by the number of training "
        "images). A synonym two categories share is kept by neither (the language gives every "
        "name one owner).",
        "CC-BY-4.0",
    )
    verified = [
        f"{len(categories)} categories: official 1203",
        f"frequency r/c/f = {frequencies['r']}/{frequencies['c']}/{frequencies['f']}: "
        "official 337/461/405",
        f"{synonyms} of {offered} distinct synonyms kept (the rest are claimed by two classes)",
    ]
    return _with_head(doc, head), verified


# -- Open Images ----------------------------------------------------------------------------


def build_openimages() -> tuple[dict[str, Any], list[str]]:
    hierarchy = SOURCES_DIR / "openimages_bbox_labels_600_hierarchy.json"
    names = SOURCES_DIR / "openimages_class-descriptions-boxable.csv"
    doc = _import("openimages", hierarchy, ImportOptions(names_file=names))
    display = {
        row[0]: row[1] for row in csv.reader(io.StringIO(names.read_text())) if row[0][:1] == "/"
    }
    classes = doc["classes"]
    root = next(n for n, e in classes.items() if "parent" not in e)
    classes[root]["title"] = "Entity"
    classes[root]["definition"] = "The root of the Open Images boxable hierarchy (/m/0bl9f)."
    several = 0
    for entry in classes.values():
        entry.setdefault("label_types", ["box"])
        entry["group_of"] = True
        mid = entry["external_ids"]["openimages"]
        if not entry.get("definition"):
            entry["definition"] = f"Open Images boxable class {display[mid]!r} ({mid})."
        also = entry["external_ids"].get("openimages_also_under")
        if also:
            several += 1
            others = ", ".join(display.get(m, m) for m in also.split())
            entry["definition"] += f" Also under: {others}."
    doc["classes"] = {n: _order(e) for n, e in classes.items()}
    head = _head(
        "openimages",
        "Open Images V7 boxable classes with their hierarchy",
        "The boxable classes of Open Images (V4-V7 share them) under the root Entity, "
        "with their MIDs (`external_ids.openimages`, and as aliases) and display names. A "
        "class the hierarchy lists under several parents has the first as `parent` and the "
        "others in `external_ids.openimages_also_under` (and in its definition). Boxes are "
        "normalised `XMin, YMin, XMax, YMax`; every class may be a group-of box.",
        "CC-BY-4.0",
    )
    verified = [
        f"{len(display)} MIDs with display names in class-descriptions-boxable.csv "
        "(Open Images' '600 boxable classes' file has 601 rows)",
        f"{len(classes) - 1} classes + the root Entity in the hierarchy; every one has a "
        "display name except the root",
        f"{several} classes under more than one parent",
    ]
    assert set(display) == {e["external_ids"]["openimages"] for e in classes.values()} - {
        "/m/0bl9f"
    }
    return _with_head(doc, head), verified


# -- ImageNet -------------------------------------------------------------------------------


def build_imagenet() -> tuple[dict[str, Any], list[str]]:
    rows = []
    for line in (SOURCES_DIR / "imagenet_LOC_synset_mapping.txt").read_text().splitlines():
        wnid, _, words = line.partition(" ")
        words = words.removeprefix(": ").strip()
        rows.append((wnid, [w.strip() for w in words.split(",") if w.strip()]))
    book = NameBook()
    for wnid, _ in rows:
        book.reserve(wnid)
    names = [book.claim(to_name(words[0]), wnid) for wnid, words in rows]
    owners: dict[str, int] = {}
    for name, (_, words) in zip(names, rows, strict=True):
        for key in {normalize_name(w) for w in words} - {normalize_name(name)}:
            owners[key] = owners.get(key, 0) + 1
    taken = {normalize_name(n) for n in names}
    classes: dict[str, Any] = {}
    dropped = 0
    for index, (name, (wnid, words)) in enumerate(zip(names, rows, strict=True)):
        synonyms = []
        for word in words:
            key = normalize_name(word)
            if key == normalize_name(name) or any(normalize_name(s) == key for s in synonyms):
                continue
            if owners.get(key, 0) > 1 or key in taken:
                dropped += 1
                continue
            synonyms.append(word)
        entry: dict[str, Any] = {
            "id": index,
            "title": words[0],
            "definition": f"ImageNet synset {wnid}: {', '.join(words)}.",
        }
        if synonyms:
            entry["synonyms"] = synonyms
        entry["aliases"] = [wnid]
        entry["label_types"] = ["class", "box"]
        entry["external_ids"] = {"imagenet": wnid}
        classes[name] = entry
    doc = _head(
        "imagenet",
        "ImageNet-1k (ILSVRC 2012)",
        "The 1,000 classes of ILSVRC 2012 (ImageNet-1k), id = the class index 0-999 that "
        "models use (the synsets in wnid order), with the wnid as alias and "
        "`external_ids.imagenet` (as `taxonomist import imagenet` writes it), and the synset's "
        "lemmas as title and synonyms (a lemma two synsets share is kept by neither). An "
        "image has one class (`class`, the label type the class-folder reader gives a "
        "`<split>/<wnid>/` folder's images); the localisation task adds boxes.",
        "LicenseRef-ImageNet",
    )
    doc["label_types"] = {
        "class": {"kind": "multi_class", "classes": list(classes)},
        "box": {"kind": "box", "format": "xyxy", "units": "pixels"},
    }
    doc["classes"] = classes
    wnids = [w for w, _ in rows]
    verified = [
        f"{len(rows)} synsets: official 1000, all distinct ({len(set(wnids))})",
        f"in wnid order: {wnids == sorted(wnids)} (index = torchvision/Keras class index)",
        f"{dropped} lemmas left out because another class claims them",
    ]
    return doc, verified


# -- Pascal VOC -----------------------------------------------------------------------------


def build_voc() -> tuple[dict[str, Any], list[str]]:
    labels = []
    for line in (SOURCES_DIR / "voc_labelmap.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, colour = line.split(":")[:2]
            labels.append((name, tuple(int(v) for v in colour.split(","))))
    doc = _head(
        "voc",
        "Pascal VOC 2012: 20 classes, background and void",
        "The 20 object classes of Pascal VOC 2007-2012 under their devkit names, numbered as "
        "in `SegmentationClass` PNGs (background 0, aeroplane 1 ... tvmonitor 20; 255 is the "
        "void border and hard-to-label area), with the devkit colour map (two of its colours "
        "are close: the colour-distance lint T904 is off).",
        "LicenseRef-VOC",
    )
    doc["label_types"] = {
        "box": {"kind": "box", "format": "xyxy", "units": "pixels", "extent": "visible"},
        "segmentation": {"kind": "mask", "mode": "semantic", "void_value": 255},
    }
    classes: dict[str, Any] = {}
    for index, (name, colour) in enumerate(labels):
        if name == "background":
            classes[name] = {
                "id": 0,
                "definition": "Every pixel that belongs to none of the 20 classes (value 0).",
                "color": _hex(colour),
                "label_types": ["segmentation"],
                "kind": "stuff",
                "region": "no_label",
            }
        elif name == "ignored":
            classes["void"] = {
                "id": 255,
                "definition": "The void border around objects and areas too hard to label "
                "(value 255); not evaluated.",
                "aliases": ["ignored"],
                "color": _hex(colour),
                "label_types": ["segmentation"],
                "evaluated": False,
                "region": "void",
            }
        else:
            classes[name] = {
                "id": index,
                "definition": f"Pascal VOC class {index} ({name!r}).",
                "color": _hex(colour),
                "label_types": ["box", "segmentation"],
            }
    for offset, part in enumerate(("head", "hand", "foot"), 1):
        classes[part] = {
            "id": 1000 + offset,
            "part_of": "person",
            "definition": f"The {part} of a person, boxed in the VOC person layout task "
            "(`<part>` of a person `<object>`); VOC numbers no parts, so its id is 100x.",
            "label_types": ["box"],
        }
    doc["classes"] = classes
    doc["checks"] = OFFICIAL_PALETTE
    objects = [n for n in classes if n not in ("background", "void", "head", "hand", "foot")]
    verified = [
        f"{len(objects)} object classes: official 20, ids 1-20 in devkit order",
        "background 0 and void 255 as regions; the 3 person-layout parts (head, hand, foot)",
    ]
    return doc, verified


# -- Cityscapes -----------------------------------------------------------------------------


def build_cityscapes() -> tuple[dict[str, Any], list[str]]:
    file = SOURCES_DIR / "cityscapes_labels.py.txt"
    doc = _import("cityscapes", file)
    rows = _cityscapes_rows(file)
    doc["id_spaces"]["train_id"] = {
        "description": "cityscapesScripts' trainId: 0-18 for the 19 evaluated classes of the "
        "benchmark, what *_labelTrainIds.png hold; 255 for every other label (ignored).",
        "ignore_value": 255,
    }
    doc["label_types"] = {
        "outline": {"kind": "polygon", "multipart": True},
        "segmentation": {"kind": "mask", "mode": "semantic"},
        "train_segmentation": {
            "kind": "mask",
            "mode": "semantic",
            "id_space": "train_id",
            "void_value": 255,
        },
    }
    classes = doc["classes"]
    plate = next(r for r in rows if r["id"] < 0)
    classes["license_plate"] = {
        "id": 1000 + 34,
        "parent": "vehicle",
        "aliases": [plate["name"]],
        "color": _hex(plate["color"]),
        "label_types": ["outline"],
        "kind": "stuff",
        "evaluated": False,
    }
    by_name = {to_name(r["name"]): r for r in rows}
    for name, entry in classes.items():
        if entry.get("abstract"):
            entry["label_types"] = ["outline", "segmentation"]
            entry["definition"] = f"Cityscapes category {name!r}."
            continue
        row = by_name[name]
        if "ids" in entry:
            entry["label_types"] = ["outline", "segmentation", "train_segmentation"]
        shown = "-1 (polygons only, never in *_labelIds.png)" if row["id"] < 0 else row["id"]
        entry["definition"] = (
            f"Cityscapes label {row['name']!r}: id {shown}, category {row['category']!r}"
            + (f", train id {row['trainId']}" if "ids" in entry else ", not trained on")
            + (", with instances" if row["hasInstances"] else "")
            + (", ignored in evaluation." if row["ignoreInEval"] else ".")
        )
    doc["classes"] = {n: _order(e) for n, e in classes.items()}
    doc["checks"] = OFFICIAL_PALETTE
    head = _head(
        "cityscapes",
        "Cityscapes: 35 labels, 19 training classes",
        "The labels of cityscapesScripts' labels.py: ids as in `*_labelIds.png` (0-33), train "
        "ids as in `*_labelTrainIds.png` (the `train_id` id space: 0-18, 255 ignored), the 8 "
        "categories as abstract parents, instances (`kind: thing`), classes ignored in "
        "evaluation (`evaluated: false`), the void labels as void regions, and the official "
        "colours (some equal: the colour-distance lint T904 is off). `license plate` has id -1 "
        "in labels.py (it exists in polygon files only); "
        "here it gets id 1034 so a polygon file naming it resolves.",
        "LicenseRef-Cityscapes",
    )
    trained = sorted(r["trainId"] for r in rows if r["trainId"] not in (255, -1))
    verified = [
        f"{len(rows)} labels: official 35 (34 with ids 0-33 + license plate -1)",
        f"{len(trained)} train ids {trained[0]}-{trained[-1]}, all distinct: official 19",
        f"{len({r['category'] for r in rows})} categories: official 8",
        f"{sum(1 for r in rows if r['hasInstances'])} labels with instances: official 10",
    ]
    return _with_head(doc, head), verified


def _cityscapes_rows(file: Path) -> list[dict[str, Any]]:
    keys = ("name", "id", "trainId", "category", "catId", "hasInstances", "ignoreInEval")
    rows = []
    for line in file.read_text().splitlines():
        text = line.strip()
        if text.startswith("Label(") and text.endswith("),"):
            values = ast.literal_eval(text.removeprefix("Label").removesuffix(","))
            row = dict(zip((*keys, "color"), values, strict=True))
            rows.append(row)
    return rows


# -- ADE20K ---------------------------------------------------------------------------------


def build_ade20k() -> tuple[dict[str, Any], list[str]]:
    text = (SOURCES_DIR / "ade20k_objectInfo150.txt").read_text()
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    book = NameBook()
    book.reserve("other")
    classes: dict[str, Any] = {
        "other": {
            "id": 0,
            "definition": "Every pixel of none of the 150 classes (value 0 in the "
            "annotation PNGs); not evaluated.",
            "label_types": ["segmentation"],
            "evaluated": False,
            "region": "no_label",
        }
    }
    lemmas = [[w.strip() for w in row["Name"].split(",") if w.strip()] for row in rows]
    owners: dict[str, int] = {}
    for words in lemmas:
        for key in {normalize_name(w) for w in words}:
            owners[key] = owners.get(key, 0) + 1
    names = [
        book.claim(to_name(words[0]), f"class{row['Idx']}")
        for row, words in zip(rows, lemmas, strict=True)
    ]
    taken = {normalize_name(n) for n in names}
    dropped = 0
    for name, row, words in zip(names, rows, lemmas, strict=True):
        synonyms = []
        for word in words[1:]:
            key = normalize_name(word)
            if key == normalize_name(name) or any(normalize_name(s) == key for s in synonyms):
                continue
            if owners.get(key, 0) > 1 or key in taken:
                dropped += 1
                continue
            synonyms.append(word)
        entry: dict[str, Any] = {
            "id": int(row["Idx"]),
            "definition": f"ADE20K SceneParsing class {row['Idx']}: {', '.join(words)} "
            f"(in {row['Ratio']} of all pixels; {row['Train']} training images).",
        }
        if synonyms:
            entry["synonyms"] = synonyms
        if words[0] != name:
            entry["aliases"] = [words[0]]
        entry["label_types"] = ["segmentation"]
        classes[name] = entry
    doc = _head(
        "ade20k",
        "ADE20K SceneParsing: 150 classes",
        "The 150 classes of the MIT SceneParsing benchmark (ADE20K, ADEChallengeData2016) "
        "numbered as in its annotation PNGs: 1-150, 0 for every other pixel (not evaluated). "
        "Names are the first WordNet lemma of objectInfo150; the others are synonyms (a lemma "
        "two classes share is kept by neither).",
        "BSD-3-Clause",
    )
    doc["label_types"] = {"segmentation": {"kind": "mask", "mode": "semantic"}}
    doc["classes"] = classes
    ids = [int(r["Idx"]) for r in rows]
    verified = [
        f"{len(rows)} classes with ids {min(ids)}-{max(ids)}: official 150",
        f"{dropped} lemmas left out because two classes share them",
    ]
    return doc, verified


# -- Mapillary Vistas -----------------------------------------------------------------------


def _literal(file: str, variable: str) -> Any:
    """The value of ``variable = <literal>`` (or ``= OrderedDict(<literal>)``) in ``file``."""
    tree = ast.parse((SOURCES_DIR / file).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == variable for t in node.targets
        ):
            value = node.value
            if isinstance(value, ast.Call):
                value = value.args[0]
            return ast.literal_eval(value)
    raise SystemExit(f"{variable} not found in {file}")


MAPILLARY_V12 = MAPILLARY_V12_FILE
MAPILLARY_NAMES = "datumaro_mapillary_vistas_format.py.txt"


def _mapillary_rows(version: str) -> list[dict[str, Any]]:
    """The config's labels in order: name and colour, with readable, instances and evaluate
    where the source has them (v1.2)."""
    if version == "1.2":
        rows: list[dict[str, Any]] = _literal(MAPILLARY_V12, "MAPILLARY_VISTAS_SEM_SEG_CATEGORIES")
        names = [(n, tuple(c)) for n, c in _literal(MAPILLARY_NAMES, "MapillaryVistasLabelMap_V12")]
        assert [(r["name"], tuple(r["color"])) for r in rows] == names  # two sources agree
        return rows
    pairs = _literal(MAPILLARY_NAMES, "MapillaryVistasLabelMap_V20")
    return [{"name": name, "color": list(colour)} for name, colour in pairs]


def _mapillary(version: str, official: int) -> tuple[dict[str, Any], list[str]]:
    rows = _mapillary_rows(version)
    classes: dict[str, Any] = {}
    parents: dict[str, str] = {}
    for row in rows:
        parts = row["name"].split("--")
        for depth in range(1, len(parts)):
            group = "--".join(parts[:depth])
            parents.setdefault(group, "--".join(parts[: depth - 1]) if depth > 1 else "")
    base = 1000
    for offset, (group, parent) in enumerate(parents.items()):
        entry: dict[str, Any] = {"id": base + offset}
        if parent:
            entry["parent"] = parent
        entry.update(
            abstract=True,
            definition=f"Mapillary Vistas group {group!r}.",
            label_types=["segmentation", "outline"],
        )
        classes[group] = entry
    for index, row in enumerate(rows):
        name = row["name"]
        parts = name.split("--")
        readable = row.get("readable") or " ".join(parts[-1].split("-"))
        entry = {"id": index}
        if "readable" in row:
            entry["title"] = readable
        if len(parts) > 1:
            entry["parent"] = "--".join(parts[:-1])
        entry["definition"] = f"Mapillary Vistas {version} label {index} ({name!r}: {readable})."
        entry["color"] = _hex(row["color"])
        entry["label_types"] = ["segmentation", "outline"]
        if "instances" in row:
            entry["kind"] = "thing" if row["instances"] else "stuff"
        if name == "void--unlabeled":
            entry["region"] = "void"
            entry["evaluated"] = False
        elif row.get("evaluate") is False:
            entry["evaluated"] = False
        classes[name] = _order(entry)
    slug = f"mapillary-vistas-{version}"
    flags = (
        "`kind` (the config's `instances`), `evaluated` (its `evaluate`) and titles (its "
        "`readable`) are the config's."
        if version == "1.2"
        else "This source has the config's names and colours only, not its `instances`, "
        "`evaluate` and `readable` columns."
    )
    doc = _head(
        slug,
        f"Mapillary Vistas {version}: {len(rows)} labels",
        f"The labels of Mapillary Vistas {version} in the order of `config_v{version}.json`: "
        "the id is the value in `labels/*.png` (and the label of `instances/*.png` / 256). "
        "Names keep the dataset's `--` hierarchy; each prefix is an abstract parent. "
        f"`void--unlabeled` is the void region (not evaluated). {flags} Colours are the "
        "config's (some are close or equal; the colour-distance lint T904 is off).",
        "CC-BY-NC-SA-4.0",
    )
    doc["label_types"] = {
        "segmentation": {"kind": "mask", "mode": "semantic"},
        "outline": {"kind": "polygon"},
    }
    doc["classes"] = classes
    doc["checks"] = OFFICIAL_PALETTE
    names = [r["name"] for r in rows]
    verified = [
        f"{len(rows)} labels: official {official}",
        f"names distinct: {len(set(names)) == len(names)}",
        f"{len(parents)} '--' groups as abstract parents",
    ]
    if version == "1.2":
        things = sum(1 for r in rows if r["instances"])
        evaluated = sum(1 for r in rows if r["evaluate"])
        verified += [
            f"{things} instance-specific labels: official 37",
            f"{evaluated} evaluated labels: official 65 (all but void--unlabeled)",
            "names and colours equal to Datumaro's MapillaryVistasLabelMap_V12, in order",
        ]
    assert len(rows) == official
    return doc, verified


def build_mapillary_12() -> tuple[dict[str, Any], list[str]]:
    return _mapillary("1.2", 66)


def build_mapillary_20() -> tuple[dict[str, Any], list[str]]:
    return _mapillary("2.0", 124)


# -- the list -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    build: Callable[[], tuple[dict[str, Any], list[str]]]
    sources: tuple[str, ...]


BUILDS: dict[str, Build] = {
    "coco": Build(build_coco, ("coco_panoptic_categories.json", "coco_person_keypoints.json")),
    "coco-panoptic": Build(build_coco_panoptic, ("coco_panoptic_categories.json",)),
    "lvis": Build(build_lvis, ("lvis_v1_categories.json",)),
    "openimages": Build(
        build_openimages,
        ("openimages_bbox_labels_600_hierarchy.json", "openimages_class-descriptions-boxable.csv"),
    ),
    "imagenet": Build(build_imagenet, ("imagenet_LOC_synset_mapping.txt",)),
    "voc": Build(build_voc, ("voc_labelmap.txt",)),
    "cityscapes": Build(build_cityscapes, ("cityscapes_labels.py.txt",)),
    "ade20k": Build(build_ade20k, ("ade20k_objectInfo150.txt",)),
    "mapillary-vistas-1.2": Build(build_mapillary_12, (MAPILLARY_V12, MAPILLARY_NAMES)),
    "mapillary-vistas-2.0": Build(build_mapillary_20, (MAPILLARY_NAMES,)),
}


def header(name: str, verified: list[str]) -> list[str]:
    lines = [
        f"GENERATED by scripts/library/build.py {name} from the official class table; do not",
        "edit: change the generator or the source and run it again.",
        "",
    ]
    for file in BUILDS[name].sources:
        src = SOURCES[file]
        lines += [
            f"Source: {src.repo}, {src.path}",
            f"  commit {src.commit}; licence: {src.licence}",
            f"  {src.url}",
            f"  committed as scripts/library/sources/{src.file} ({src.note})",
        ]
    lines += ["", "Verified against the official numbers:"]
    lines += [f"  - {line}" for line in verified]
    return lines


HEAD = ("name", "version", "title", "description", "license")


def render(name: str) -> str:
    document, verified = BUILDS[name].build()
    ordered = {k: document[k] for k in (*HEAD, *SECTIONS) if k in document}
    assert ordered == document, set(document) - set(ordered)
    return dump_yaml(ordered, header(name, verified))


def sources_markdown() -> str:
    lines = [
        "# Sources of the built-in taxonomies",
        "",
        "Generated by `scripts/library/build.py --all`; the class tables are facts, copied as "
        "noted.",
        "",
        "| file | built-ins | origin | path | commit | licence | how |",
        "|---|---|---|---|---|---|---|",
    ]
    for file, src in SOURCES.items():
        users = ", ".join(n for n, b in BUILDS.items() if file in b.sources)
        lines.append(
            f"| {file} | {users} | {src.repo} | {src.path} | {src.commit} | {src.licence} | "
            f"{src.note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="built-ins to build: " + ", ".join(BUILDS))
    parser.add_argument("--all", action="store_true", help="build every built-in")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 on a change")
    args = parser.parse_args(argv)
    names = list(BUILDS) if args.all else args.names
    unknown = [n for n in names if n not in BUILDS]
    if unknown or not names:
        parser.error(f"give built-in names ({', '.join(BUILDS)}) or --all")
    outputs = {LIBRARY_DIR / f"{n}.yaml": render(n) for n in names}
    if args.all:
        outputs[SOURCES_DIR / "SOURCES.md"] = sources_markdown()
    changed = [p for p, text in outputs.items() if not p.is_file() or p.read_text() != text]
    if args.check:
        for path in changed:
            print(f"{path.relative_to(ROOT)} is out of date", file=sys.stderr)
        return 1 if changed else 0
    for path in changed:
        path.write_text(outputs[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

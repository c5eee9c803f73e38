"""``taxonomist check`` over every valid real file of ``../shared/corpus/formats`` (YOLO, VOC,
CVAT, Label Studio, LabelMe, masks), each against a taxonomy imported from its own class
list, reports no errors (warnings and infos where the format allows them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from taxonomist.api import check
from taxonomist.core.findings import Severity
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.interop.yaml_out import dump_yaml
from tests.formats.cases import SHARED

pytestmark = pytest.mark.corpus

BOX_POLYGON = {"box": {"kind": "box"}, "outline": {"kind": "polygon"}}
MASK = {"segmentation": {"kind": "mask", "mode": "semantic"}}
Case = tuple[str, str, list[str], dict[str, Any] | None]
DY, RF, CV = "yolo/datumaro_yolo", "yolo/datumaro_roboflow", "cvat/datumaro_cvat"
LS, LM = "label_studio/label_studio_sdk", "labelme_json/labelme"
MK = "masks/labelme_voc_export"
# id: (importer, class list, paths to check, label types every class gets, or None)
CASES: dict[str, Case] = {
    "yolo-roboflow": ("yolo", f"{RF}/yolo/data.yaml", [f"{RF}/yolo"], None),
    "yolo-obb": ("yolo", f"{RF}/yolo_obb/data.yaml", [f"{RF}/yolo_obb"], None),
    "darknet-annotations": ("yolo", f"{DY}/annotations/obj.names", [f"{DY}/annotations"], None),
    "darknet-labels": ("yolo", f"{DY}/labels/obj.names", [f"{DY}/labels"], None),
    "darknet-strict": ("yolo", f"{DY}/strict/obj.data", [f"{DY}/strict"], None),
    "cvat-task": ("cvat", f"{CV}/for_images/export_task/train.xml", [], None),
    "cvat-project": ("cvat", f"{CV}/for_images/export_project/annotations.xml", [], None),
    "cvat-video": ("cvat", f"{CV}/for_video/annotations.xml", [], None),
    "ls-rectangles": (
        "label-studio",
        f"{LS}/yolo_project/label_config.xml",
        [f"{LS}/yolo_project/data.json"],
        None,
    ),
    "ls-polygons": (
        "label-studio",
        f"{LS}/json_min_project/label_config.xml",
        [f"{LS}/json_min_project/data.json"],
        None,
    ),
    "ls-keypoints": (
        "label-studio",
        f"{LS}/keypoints_project/label_config_keypoints.xml",
        [f"{LS}/keypoints_project/data_keypoints.json"],
        None,
    ),
    "labelme-boxes": (
        "yolo",
        f"{LM}/bbox_detection/labels.txt",
        [f"{LM}/bbox_detection"],
        BOX_POLYGON,
    ),
    "labelme-polygons": (
        "yolo",
        f"{LM}/instance_segmentation/labels.txt",
        [f"{LM}/instance_segmentation"],
        BOX_POLYGON,
    ),
    "masks": (
        "yolo",
        f"{MK}/class_names.txt",
        [f"{MK}/SegmentationClass", f"{MK}/SegmentationObject"],
        MASK,
    ),
}


def _taxonomy(tmp_path: Path, source: str, class_list: Path, shapes: dict[str, Any] | None) -> Path:
    document = importer(source).import_taxonomy(class_list, ImportOptions(name="corpus")).document
    if shapes is not None:
        document["label_types"] = shapes
        for entry in document["classes"].values():
            entry["label_types"] = list(shapes)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(dump_yaml(document), encoding="utf-8")
    return path


def _errors(taxonomy: Path, paths: list[Path]) -> list[str]:
    report = check(taxonomy, paths)
    return [f.render() for f in report.findings if f.severity >= Severity.ERROR]


@pytest.mark.parametrize("case", list(CASES))
def test_corpus_checks_without_errors(tmp_path: Path, case: str) -> None:
    source, class_list, paths, shapes = CASES[case]
    if not (SHARED / class_list).exists():
        pytest.skip("../shared/corpus is absent")
    taxonomy = _taxonomy(tmp_path, source, SHARED / class_list, shapes)
    assert _errors(taxonomy, [SHARED / p for p in paths or [class_list]]) == []


def test_voc_files_check_without_errors(tmp_path: Path) -> None:
    """VOC has no class-list importer; its labelmap.txt (label:colour:parts:actions) is the list."""
    labelmap = SHARED / "voc" / "datumaro_voc" / "voc_dataset2" / "labelmap.txt"
    if not labelmap.exists():
        pytest.skip("../shared/corpus is absent")
    names = [line.split(":")[0] for line in labelmap.read_text().splitlines() if line[:1].isalpha()]
    names_file = tmp_path / "obj.names"
    names_file.write_text("\n".join([*names, "head", "hand", "foot"]) + "\n")
    taxonomy = _taxonomy(tmp_path, "yolo", names_file, None)
    files = sorted((SHARED / "voc").rglob("Annotations/*.xml"))
    assert _errors(taxonomy, files) == []


def test_labelme_classification_flags(tmp_path: Path) -> None:
    flags = SHARED / "labelme_json" / "labelme" / "classification" / "flags.txt"
    if not flags.exists():
        pytest.skip("../shared/corpus is absent")
    shapes = {"flags": {"kind": "multi_label"}}
    taxonomy = _taxonomy(tmp_path, "yolo", flags, shapes)
    assert _errors(taxonomy, [flags.parent]) == []

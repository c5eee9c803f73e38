"""``taxonomist import dataset PATH``: a starter taxonomy from the annotation files themselves,
for the formats that carry no class list. The property a CI gate needs holds for every real
dataset of ``../shared/corpus`` and every valid fixture of the suite, whatever its format:
import it, check it against the result, and get no error and no R008. Broken files are
refused at their place, and the output is deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PIL import Image

from taxonomist.cli import main
from tests.formats.cases import DATA, SHARED
from tests.interop.test_import_then_check import import_then_check
from tests.snapshot import assert_snapshot

# paths under ../shared/corpus/formats: one per kind of file the readers take
CORPUS = (
    "coco/datumaro_coco/annotations/instances_val.json",
    "coco/datumaro_coco/annotations/instances_train.json",
    "coco/datumaro_coco/annotations/labels_val.json",
    "coco/datumaro_coco/annotations/stuff_val.json",
    "coco/datumaro_coco/annotations/panoptic_val.json",
    "coco/cocoapi_results/instances_val2014_fakebbox100_results.json",
    "coco_panoptic/panopticapi/panoptic_examples.json",
    "cvat/datumaro_cvat/for_images/export_project/annotations.xml",
    "cvat/datumaro_cvat/for_images/export_task/train.xml",
    "cvat/datumaro_cvat/for_video/annotations.xml",
    "label_studio/label_studio_sdk/yolo_project/data.json",
    "label_studio/label_studio_sdk/coco_project/data.json",
    "labelme_json/labelme/instance_segmentation",
    "labelme_json/labelme/bbox_detection",
    "labelme_json/labelme/classification",
    "labelme_json/labelme/primitives.json",
    "masks/labelme_voc_export/SegmentationClass",
    "voc/datumaro_voc/voc_dataset1/Annotations",
    "voc/datumaro_voc/voc_dataset2/Annotations",
    "yolo/datumaro_roboflow/yolo",
    "yolo/datumaro_yolo",
)
# the suite's valid fixtures of every format, above all those whose files carry no class
# list (KITTI, LabelMe XML, V7 Darwin, Labelbox exports, SageMaker, Hugging Face metadata)
OWN = (
    "labelme/valid/grouped.json",
    "voc/valid",
    "kitti/valid/panlabel",
    "labelme_xml/valid/labelme_dataset",
    "darwin/valid/darwin_py",
    "darwin/valid/panlabel_seed_valid.json",
    "labelbox/valid/export_v2.ndjson",
    "labelbox/valid/panlabel",
    "sagemaker/valid/documented_object_detection.manifest",
    "sagemaker/valid/documented_image_classification.manifest",
    "sagemaker/valid/sample_valid.sagemaker.manifest",
    "huggingface/valid/detection",
    "huggingface/valid/classification",
    "datumaro/valid/kitchen_sink",
    "datumaro/valid/legacy",
    "class_folders/valid/cifar_names",
    "class_folders/valid/imagenet_wnid",
    "ade20k/valid/ade20k2017_dataset",
    "ade20k/valid/ade20k2020_dataset",
    "ade20k/valid/sceneparsing",
    "scalabel/valid/own",
    "scalabel/valid/scalabel",
    "supervisely/valid/project",
    "openimages/valid/oidv7",
    "cityscapes/valid/gtfine_only",
    "cityscapes/valid/sample_valid.cityscapes.json",
)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS)
def test_corpus_checks_clean_against_its_imported_classes(tmp_path: Path, path: str) -> None:
    source = SHARED / path
    if not source.exists():
        pytest.skip("../shared/corpus is absent")
    assert import_then_check(tmp_path, "dataset", source, [source]) == []


@pytest.mark.parametrize("path", OWN)
def test_fixtures_check_clean_against_their_imported_classes(tmp_path: Path, path: str) -> None:
    assert (DATA / path).exists(), path
    assert import_then_check(tmp_path, "dataset", DATA / path, [DATA / path]) == []


def _imported(tmp_path: Path, *args: str) -> dict[str, object]:
    out = tmp_path / "taxonomy.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", "dataset", *args, "-o", str(out)])
    assert stop.value.code in (0, None)
    document: dict[str, object] = yaml.safe_load(out.read_text())
    return document


@pytest.mark.corpus
def test_what_the_files_hold_becomes_the_document(tmp_path: Path) -> None:
    source = SHARED / "cvat/datumaro_cvat/for_images/export_project/annotations.xml"
    if not source.exists():
        pytest.skip("../shared/corpus is absent")
    doc = _imported(tmp_path, str(source))
    classes = doc["classes"]
    assert isinstance(classes, dict)
    assert set(classes) == {"label_0", "label_1"} or len(classes) >= 1
    assert doc["label_types"]  # the shapes drawn
    assert doc["name"] == "annotations"


def test_yolo_numbers_become_a_yolo_id_space(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "labels").mkdir(parents=True)
    (folder / "data.yaml").write_text("names: [cat, dog, bird]\ntrain: images\n")
    (folder / "labels" / "a.txt").write_text("2 0.5 0.5 0.2 0.2\n0 0.3 0.3 0.1 0.1\n")
    (folder / "images").mkdir()
    Image.new("RGB", (40, 30)).save(folder / "images" / "a.png")
    doc = _imported(tmp_path, str(folder))
    classes = doc["classes"]
    assert isinstance(classes, dict)
    yolo = {name: spec["ids"]["yolo"] for name, spec in classes.items()}
    assert yolo == {"cat": 0, "dog": 1, "bird": 2}  # data.yaml declares all three
    assert classes["bird"]["label_types"] == ["box"]
    assert "label_types" not in classes["dog"]  # never drawn: unconstrained
    assert "yolo" in doc["id_spaces"]  # type: ignore[operator]


def test_image_labels_and_attributes_are_typed_by_their_values(tmp_path: Path) -> None:
    native = tmp_path / "a.json"
    native.write_text(
        '{"taxonomy": "x", "images": ['
        ' {"id": 1, "file": "a.jpg", "width": 10, "height": 10,'
        '  "labels": {"scene": "indoor", "blurry": false, "tags": ["sunny"]},'
        '  "objects": [{"id": 1, "class": "car", "box": [1, 1, 2, 2],'
        '   "attributes": {"parked": true, "colour": "red", "doors": 4}}]},'
        ' {"id": 2, "file": "b.jpg", "width": 10, "height": 10,'
        '  "labels": {"scene": "outdoor", "blurry": true, "tags": []},'
        '  "objects": [{"id": 1, "class": "car", "box": [1, 1, 2, 2],'
        '   "shapes": {"outline": [[1, 1, 3, 1, 3, 3]]},'
        '   "attributes": {"parked": false, "colour": "blue", "doors": 2}}]}]}'
    )
    doc = _imported(tmp_path, str(native))
    assert doc["attributes"] == {
        "colour": {"type": "enum", "values": ["blue", "red"]},
        "doors": {"type": "int"},
        "parked": {"type": "bool"},
    }
    types = doc["label_types"]
    assert isinstance(types, dict)
    assert types["blurry"] == {"kind": "binary"}
    assert types["scene"] == {"kind": "multi_class", "classes": ["indoor", "outdoor"]}
    assert types["tags"] == {"kind": "multi_label", "classes": ["sunny"]}
    assert types["outline"] == {"kind": "polygon"}  # the file's own label-type name
    assert doc["classes"]["car"]["label_types"] == ["box", "outline"]  # type: ignore[index]
    assert import_then_check(tmp_path / "again", "dataset", native, [native]) == []


def test_a_broken_file_is_refused_at_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"images": [{"id": 1, "file_name": "a.jpg"}], "annotations": [\n  {"id": 1,}]}'
    )
    with pytest.raises(SystemExit) as stop:
        main(["import", "dataset", str(broken), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith(f"taxonomist: {broken}:2:"), err
    assert "hint:" in err and "Traceback" not in err
    assert not (tmp_path / "out.yaml").exists()


def test_an_unknown_format_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["import", "dataset", str(tmp_path), "--format", "nope"])
    assert stop.value.code == 2
    assert "unknown format 'nope'" in capsys.readouterr().err


@pytest.mark.corpus
def test_output_is_deterministic(tmp_path: Path) -> None:
    source = SHARED / "voc/datumaro_voc/voc_dataset1/Annotations"
    if not source.exists():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path / "voc.yaml"
    with pytest.raises(SystemExit):
        main(["import", "dataset", str(source), "-o", str(out)])
    assert_snapshot("interop/import/dataset-voc.yaml", out.read_text())

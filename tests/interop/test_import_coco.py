"""``taxonomist import coco``: categories, supercategories, keypoints, datumaro's quirks."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Severity
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.interop.yaml_out import dump_yaml
from taxonomist.taxonomy import lint
from taxonomist.taxonomy.model import TaxonomyDocument

SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus"
KEYPOINTS = SHARED / "taxonomies" / "coco_person_keypoints.json"
PANOPTIC = SHARED / "taxonomies" / "coco_panoptic_categories.json"
DATUMARO = SHARED / "formats" / "coco" / "datumaro_coco" / "annotations"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (needs ../shared/corpus)")
    return path


def run_import(tmp_path: Path, source: Path, *extra: str) -> dict[str, Any]:
    out = tmp_path / "taxonomy.yaml"
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "coco", str(source), "-o", str(out), *extra])
    assert exit_info.value.code == 0
    document: dict[str, Any] = yaml.safe_load(out.read_text(encoding="utf-8"))
    TaxonomyDocument.model_validate(document)
    assert [f.render() for f in lint([out]) if f.severity >= Severity.ERROR] == []
    return document


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def official_person_file(tmp_path: Path) -> Path:
    """A COCO person_keypoints categories block, as the official files carry it."""
    spec = json.loads(need(KEYPOINTS).read_text(encoding="utf-8"))
    category = {**spec["category"], "keypoints": spec["keypoints"], "skeleton": spec["skeleton"]}
    return write_json(tmp_path / "person_keypoints.json", {"categories": [category]})


def test_person_keypoints_become_a_named_keypoint_label_type(tmp_path: Path) -> None:
    spec = json.loads(need(KEYPOINTS).read_text(encoding="utf-8"))
    doc = run_import(tmp_path, official_person_file(tmp_path))
    kp = doc["label_types"]["keypoints"]
    assert kp["keypoints"] == spec["keypoints"]
    names = spec["keypoints"]
    assert kp["skeleton"] == [[names[a - 1], names[b - 1]] for a, b in spec["skeleton"]]
    assert sorted(map(tuple, kp["flip_pairs"])) == sorted(map(tuple, spec["flip_map"]))
    assert kp["sigmas"]["nose"] == 0.026 and len(kp["sigmas"]) == 17
    assert doc["classes"]["person"] == {
        "id": 1,
        "parent": "person_group",
        "label_types": ["box", "keypoints"],
    }
    assert doc["classes"]["person_group"] == {"id": 100, "abstract": True}


def test_supercategory_named_like_a_class_is_renamed_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_import(tmp_path, official_person_file(tmp_path))
    assert "supercategory 'person' is named 'person_group'" in capsys.readouterr().err


def test_names_are_normalised_and_originals_kept_as_aliases(tmp_path: Path) -> None:
    cats = [
        {"id": 10, "name": "traffic light", "supercategory": "outdoor"},
        {"id": 3, "name": "Car", "supercategory": "vehicle"},
        {"id": 7, "name": "car", "supercategory": "vehicle"},
    ]
    doc = run_import(tmp_path, write_json(tmp_path / "c.json", {"categories": cats}))
    classes = doc["classes"]
    assert list(classes) == ["car", "car_7", "traffic_light", "vehicle", "outdoor"]
    assert classes["car"]["aliases"] == ["Car"]
    assert "aliases" not in classes["car_7"]  # 'car' names class car already
    assert classes["traffic_light"] == {
        "id": 10,
        "parent": "outdoor",
        "aliases": ["traffic light"],
        "label_types": ["box"],
    }
    assert classes["vehicle"]["id"] == 1000 and classes["outdoor"]["id"] == 1001


def test_datumaro_empty_keypoint_names_and_zero_based_skeleton(tmp_path: Path) -> None:
    doc = run_import(tmp_path, need(DATUMARO / "person_keypoints_val.json"))
    kp = doc["label_types"]["keypoints"]
    assert kp["keypoints"] == ["kp0", "kp1", "kp2"]
    assert kp["skeleton"] == [["kp0", "kp1"], ["kp1", "kp2"]]
    assert doc["classes"]["a"]["label_types"][-1] == "keypoints"
    assert doc["classes"]["b"]["label_types"][-1] == "keypoints"  # same spec, one label type


def test_segmentation_kinds_come_from_the_annotations(tmp_path: Path) -> None:
    doc = run_import(tmp_path, need(DATUMARO / "instances_val.json"))
    assert doc["label_types"]["segmentation"]["kind"] == "polygon"
    assert doc["label_types"]["mask"] == {"kind": "mask", "mode": "instance"}
    assert [c["id"] for c in doc["classes"].values()] == [1, 2, 4]
    assert [c.get("crowd") for c in doc["classes"].values()] == [None, True, None]
    assert doc["attributes"] == {"x": {"type": "int"}, "y": {"type": "text"}}  # datumaro's
    assert doc["classes"]["a"]["attributes"] == {"x": "optional", "y": "optional"}


def test_annotation_attributes_are_typed_from_their_values(tmp_path: Path) -> None:
    anns = [
        {"id": 1, "category_id": 1, "attributes": {"occluded": False, "score": 1, "Bad Key": 1}},
        {"id": 2, "category_id": 1, "attributes": {"occluded": True, "score": 0.5}},
        {"id": 3, "category_id": 2, "attributes": {"color": "red"}},
    ]
    cats = [{"id": 1, "name": "car"}, {"id": 2, "name": "bus"}]
    source = write_json(tmp_path / "c.json", {"categories": cats, "annotations": anns})
    doc = run_import(tmp_path, source)
    assert doc["attributes"] == {
        "occluded": {"type": "bool"},
        "score": {"type": "float"},
        "color": {"type": "text"},
    }
    assert doc["classes"]["bus"]["attributes"] == {"color": "optional"}


def test_crowd_panoptic_segments_allow_crowd(tmp_path: Path) -> None:
    doc = run_import(tmp_path, need(DATUMARO / "panoptic_val.json"))
    assert doc["classes"]["b"]["crowd"] is True and "crowd" not in doc["classes"]["a"]
    assert doc["classes"]["a"]["kind"] == "stuff"


def test_panoptic_category_list_keeps_things_stuff_and_colours(tmp_path: Path) -> None:
    doc = run_import(tmp_path, need(PANOPTIC))
    classes = doc["classes"]
    assert sum(1 for c in classes.values() if c.get("kind") == "thing") == 80
    assert sum(1 for c in classes.values() if c.get("kind") == "stuff") == 53
    assert classes["person"]["color"] == "#dc143c"
    assert classes["person"]["label_types"] == ["box", "mask"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "#/categories: no categories found"),
        ('{"categories": [{"id": "1", "name": "a"}]}', "#/categories/0/id: id '1'"),
        ('{"categories": [{"id": 1, "name": "a"}, {"id": 1, "name": "b"}]}', "used twice"),
        ('{"categories": [{"id": 1, "name": "!!"}]}', "#/categories/0/name: unusable"),
        ('{"categories": [', "not valid JSON"),
    ],
)
def test_bad_files_are_refused_with_a_place(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"bad\.json") as info:
        importer("coco").import_taxonomy(path, ImportOptions())
    assert message in str(info.value)


def test_cli_reports_bad_input_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_json(tmp_path / "bad.json", {"images": []})
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "coco", str(path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "bad.json#/categories: no categories found" in err and "Traceback" not in err


def test_output_is_deterministic_and_not_overwritten_by_default(tmp_path: Path) -> None:
    source = official_person_file(tmp_path)
    first = run_import(tmp_path, source)
    text = (tmp_path / "taxonomy.yaml").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "coco", str(source), "-o", str(tmp_path / "taxonomy.yaml")])
    assert exit_info.value.code == 2
    assert run_import(tmp_path, source, "--force") == first
    assert (tmp_path / "taxonomy.yaml").read_text(encoding="utf-8") == text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 100) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "name", "supercategory", "keypoints", "skeleton", "isthing"]),
            children,
            max_size=6,
        )
    ),
    max_leaves=30,
)


CATEGORY = st.fixed_dictionaries(
    {"id": st.integers(0, 40), "name": st.text(max_size=10)},
    optional={
        "supercategory": st.sampled_from(["", "person", "Vehicle", "a b", "x"]),
        "keypoints": st.lists(
            st.sampled_from(["", "left_eye", "right_eye", "Nose", 3]), max_size=5
        ),
        "skeleton": st.lists(st.lists(st.integers(-1, 7), max_size=3), max_size=5),
        "isthing": st.integers(-1, 2),
        "color": st.lists(st.integers(-10, 300), max_size=4),
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(categories=st.lists(CATEGORY | JSON_VALUES, max_size=6))
def test_arbitrary_categories_give_a_clean_taxonomy_or_invalid_input(
    categories: list[Any],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_json(Path(folder) / "c.json", {"categories": categories})
        try:
            result = importer("coco").import_taxonomy(path, ImportOptions())
        except InvalidInput:
            return
        TaxonomyDocument.model_validate(result.document)
        out = Path(folder) / "t.yaml"
        out.write_text(dump_yaml(result.document), encoding="utf-8")
        errors = [f.render() for f in lint([out]) if f.severity >= Severity.ERROR]
    assert errors == [], categories

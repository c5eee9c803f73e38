"""``taxonomist import imagenet`` and ``export --to imagenet``: class numbers as stable ids,
wnids as aliases, ImageNet's repeated names kept apart, synonyms only where unambiguous;
the export is Keras' imagenet_class_index.json layout, deterministic, and round-trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.errors import InvalidInput
from taxonomist.interop.export import exporter
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.taxonomy import load
from tests.formats.cases import DATA, SHARED

WNID = DATA / "class_folders" / "valid" / "imagenet_wnid"
CORPUS_SYNSETS = SHARED.parent / "taxonomies" / "imagenet_LOC_synset_mapping.txt"


def _import(path: Path) -> dict[str, dict[str, object]]:
    result = importer("imagenet").import_taxonomy(path, ImportOptions())
    classes: dict[str, dict[str, object]] = result.document["classes"]
    return classes


def _cli(tmp_path: Path, *args: str) -> None:
    with pytest.raises(SystemExit) as stop:
        main(list(args))
    assert stop.value.code in (0, None)


def test_keras_index_becomes_classes_with_wnid_aliases() -> None:
    classes = _import(WNID / "imagenet_class_index.json")
    assert list(classes) == ["tench", "goldfish", "great_white_shark"]
    assert classes["tench"] == {
        "id": 0,
        "aliases": ["n01440764"],
        "label_types": ["class"],
        "external_ids": {"imagenet": "n01440764"},
    }


@pytest.mark.corpus
def test_the_ilsvrc_mapping_keeps_repeated_names_apart() -> None:
    if not CORPUS_SYNSETS.exists():
        pytest.skip("../shared/corpus is absent")
    classes = _import(CORPUS_SYNSETS)
    assert len(classes) == 1000
    cranes = {n: c["aliases"] for n, c in classes.items() if n.startswith("crane")}
    assert cranes == {"crane": ["n02012849"], "crane_n03126707": ["n03126707"]}
    assert classes["great_white_shark"]["synonyms"] == [
        *("white shark", "man-eater", "man-eating shark", "Carcharodon carcharias")
    ]
    words = [w for c in classes.values() for w in c.get("synonyms", [])]  # type: ignore[attr-defined]
    assert len(words) == len(set(words))


def test_export_is_the_keras_layout_and_round_trips(tmp_path: Path) -> None:
    taxonomy = tmp_path / "t.yaml"
    _cli(
        tmp_path, "import", "imagenet", str(WNID / "imagenet_class_index.json"), "-o", str(taxonomy)
    )
    text = exporter("imagenet").export(load(taxonomy))
    assert text == (WNID / "imagenet_class_index.json").read_text().strip() + "\n"
    again = tmp_path / "again.json"
    again.write_text(text)
    _cli(tmp_path, "import", "imagenet", str(again), "-o", str(tmp_path / "u.yaml"))
    assert exporter("imagenet").export(load(tmp_path / "u.yaml")) == text


def test_export_without_wnids_is_names_only(tmp_path: Path) -> None:
    index = tmp_path / "names.json"
    index.write_text(json.dumps(["cat", "dog"]))
    _cli(tmp_path, "import", "imagenet", str(index), "-o", str(tmp_path / "t.yaml"))
    assert json.loads(exporter("imagenet").export(load(tmp_path / "t.yaml"))) == {
        "0": "cat",
        "1": "dog",
    }


def test_export_refuses_a_taxonomy_without_image_labels(tmp_path: Path) -> None:
    boxes = tmp_path / "boxes.yaml"
    boxes.write_text(
        "name: boxes\nversion: 0.1.0\nlabel_types: {box: {kind: box}}\n"
        "classes: {car: {id: 1, definition: A car., label_types: [box]}}\n"
    )
    with pytest.raises(InvalidInput, match="image-level"):
        exporter("imagenet").export(load(boxes))


def test_export_takes_the_classes_an_image_label_type_names() -> None:
    base = Path(__file__).parents[1] / "data" / "check" / "taxonomies" / "base.yaml"
    index = json.loads(exporter("imagenet").export(load(base)))
    assert {"indoor", "outdoor", "sunny", "rainy", "night"} <= set(index.values())

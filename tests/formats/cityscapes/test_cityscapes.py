"""Cityscapes reader: the layout's sniffing, the four PNG kinds in their own id spaces, the
polygons files, and the reference samples of cityscapesScripts (through the fixture rendered
the way its scripts render), Datumaro and panlabel."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.findings import Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats import cityscapes, masks
from taxonomist.formats.discover import discover
from tests.formats.cases import DATA, errors, findings, read_all

VALID = DATA / "cityscapes" / "valid"
FRAME = VALID / "frame"
AACHEN = FRAME / "gtFine" / "train" / "aachen"
STEM = "aachen_000000_000019"
PNG_HEAD = b"\x89PNG\r\n\x1a\n"


def _png(kind: str) -> Path:
    return AACHEN / f"{STEM}_gtFine_{kind}.png"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (FRAME, "Cityscapes dataset root (gtFine/<split>/<city>)"),
        (FRAME / "gtFine", "Cityscapes gtFine folder"),
        (FRAME / "gtFine" / "train", "Cityscapes split folder (gtFine/train)"),
        (AACHEN, "folder of Cityscapes annotations (aachen)"),
        (VALID / "gtfine_only" / "gtFine", "Cityscapes gtFine folder"),
    ],
    ids=lambda v: getattr(v, "name", "reason"),
)
def test_the_layout_is_sniffed_at_every_level(path: Path, reason: str) -> None:
    assert cityscapes.sniff(path, b"") == reason
    assert masks.sniff(path, b"") is None


@pytest.mark.parametrize(
    "kind", ["labelIds", "instanceIds", "labelTrainIds", "instanceTrainIds", "color"]
)
def test_each_png_kind_is_sniffed_by_its_name_and_signature(kind: str) -> None:
    head = _png(kind).read_bytes()[:64]
    assert cityscapes.sniff(_png(kind), head) == f"Cityscapes {kind} PNG ({_png(kind).name})"
    assert masks.sniff(_png(kind), head) is None  # the mask reader no longer takes them
    assert cityscapes.sniff(_png(kind), b"GIF89a") is None


def test_a_polygons_file_is_sniffed_by_its_keys_whatever_its_name() -> None:
    head = (AACHEN / f"{STEM}_gtFine_polygons.json").read_bytes()
    assert cityscapes.sniff(AACHEN / "any.json", head) == (
        'JSON object with "imgHeight", "imgWidth" and "objects" (Cityscapes polygons)'
    )
    assert cityscapes.sniff(AACHEN / "any.json", b'{"objects": [], "imgWidth": 3}') is None


def test_voc_and_generic_mask_folders_still_go_to_the_mask_reader() -> None:
    voc = DATA / "mask" / "valid" / "voc_dataset1" / "SegmentationClass"
    gray = DATA / "mask" / "valid" / "gray" / "masks"
    for folder in (voc, gray, voc.parent):
        assert cityscapes.sniff(folder, b"") is None
    assert [s.format for s in discover([voc, gray]).sources] == ["mask", "mask"]
    assert [s.format for s in discover([FRAME]).sources] == ["cityscapes"]
    assert {s.format for s in discover([AACHEN.parent]).sources} == {"cityscapes"}


def _read_frame() -> tuple[Dataset, Dataset]:
    pngs, polygons = read_all("cityscapes", FRAME)
    return pngs, polygons


def test_each_png_kind_reports_its_values_in_its_own_id_space() -> None:
    pngs, _ = _read_frame()
    rows = {
        image_id.removeprefix(STEM + "_gtFine_"): i for i, image_id in enumerate(pngs.images.ids)
    }
    assert sorted(rows) == ["color", "instanceIds", "instanceTrainIds", "labelIds", "labelTrainIds"]
    m = pngs.images.masks
    assert {kind: m.space[row] for kind, row in rows.items()} == {
        "labelIds": "id", "instanceIds": "id", "labelTrainIds": "train_id",
        "instanceTrainIds": "train_id", "color": "color",
    }  # fmt: skip
    assert m.values[rows["labelIds"]] == [0, 1, 3, 7, 8, 11, 17, 18, 23, 24, 26]
    assert m.values[rows["instanceIds"]] == m.values[rows["labelIds"]]
    assert m.instances[rows["instanceIds"]] == [24000, 26000, 26001]  # groups: plain ids
    assert m.values[rows["labelTrainIds"]] == [0, 1, 2, 5, 10, 11, 13]
    assert m.void == dict.fromkeys((rows["labelTrainIds"], rows["instanceTrainIds"]), 255)
    assert m.values[rows["instanceTrainIds"]] == m.values[rows["labelTrainIds"]]
    assert m.instances[rows["instanceTrainIds"]] == [11000, 13000, 13001]
    assert m.instance_base == {rows["instanceIds"]: 1000, rows["instanceTrainIds"]: 1000}
    road, car = (128 << 16) | (64 << 8) | 128, 142
    assert {road, car, 0} <= set(m.values[rows["color"]])
    assert m.examples[rows["labelIds"]][26] == (4, 14)  # the first car's top left corner
    assert pngs.images.files[0] == f"leftImg8bit/train/aachen/{STEM}_leftImg8bit.png"
    assert (pngs.images.width[0], pngs.images.height[0]) == (64.0, 32.0)


def test_polygons_are_objects_of_their_class_with_groups_as_crowds() -> None:
    _, polygons = _read_frame()
    names = [polygons.categories[c].name for c in polygons.objects.category]
    assert len(names) == 14  # 15 objects, one deleted
    assert "license plate" in names and "out of roi" in names and "ego vehicle" in names
    crowds = [n for n, crowd in zip(names, polygons.objects.crowd, strict=True) if crowd]
    assert crowds == ["car", "person"]  # cargroup, persongroup; polegroup is a class
    assert "polegroup" in names
    assert polygons.objects.flags[8] == {"draw_order": 8.0, "label": "cargroup"}
    assert polygons.objects.annotator[0] == "fixture"
    assert polygons.images.ids == [STEM]
    (deleted,) = polygons.findings
    assert (deleted.code, deleted.severity, deleted.location.line) == ("S131", Severity.INFO, 4)


def test_the_valid_frame_reads_without_errors_and_the_test_split_image_is_info() -> None:
    datasets = read_all("cityscapes", FRAME)
    assert errors(datasets) == []
    (unannotated,) = datasets[0].findings
    assert unannotated.code == "F131" and unannotated.severity is Severity.INFO


def test_a_bare_gtfine_folder_of_instance_ids() -> None:
    (dataset,) = read_all("cityscapes", VALID / "gtfine_only" / "gtFine")
    assert dataset.images.ids == [f"{STEM}_gtFine_instanceIds"]
    assert dataset.images.masks.values == {0: [0, 7, 26]}
    assert dataset.images.masks.instances == {0: [26001]}
    assert dataset.images.masks.counts == {0: {0: 19, 7: 1, 26: 4}}
    assert findings([dataset]) == []  # not in the layout: no image looked for


def test_one_png_read_alone() -> None:
    (dataset,) = read_all("cityscapes", _png("labelTrainIds"))
    assert dataset.images.masks.space == {0: "train_id"}
    assert findings([dataset]) == []


def test_datumaro_samples_read_with_their_8_bit_instance_masks_reported() -> None:
    datasets = read_all("cityscapes", VALID / "datumaro" / "dataset")
    codes = sorted(f.code for f in findings(datasets))
    assert codes == ["S023"] * 4  # Datumaro's own samples are 8-bit grey
    (trained,) = read_all("cityscapes", VALID / "datumaro" / "train_dataset")
    assert errors([trained]) == []
    spaces = sorted(set(trained.images.masks.space.values()))
    assert spaces == ["id", "train_id"]
    assert 1024 in trained.images.masks.instances[trained.images.ids.index(
        "defaultcity_000001_000019_gtFine_instanceIds"
    )]  # fmt: skip


def test_panlabel_sample_reads_its_objects_and_counts_the_deleted_one() -> None:
    (dataset,) = read_all("cityscapes", VALID / "sample_valid.cityscapes.json")
    names = [dataset.categories[c].name for c in dataset.objects.category]
    assert names == ["car", "person", "road", "mystery-object"]  # "deleted": true skipped
    assert dataset.objects.crowd.tolist() == [False, True, False, False]
    assert [f.code for f in dataset.findings] == ["S131"]
    assert (dataset.images.width[0], dataset.images.height[0]) == (640.0, 480.0)


def _claims(path: Path) -> list[str]:
    from taxonomist.formats import READERS, reader

    head = b"" if path.is_dir() else path.read_bytes()[:65536]
    return [name for name in READERS if reader(name).sniff(path, head)]


@pytest.mark.parametrize(
    "path",
    [
        *sorted(p for p in (VALID / "frame" / "gtFine").rglob("*") if p.is_file()),
        VALID / "sample_valid.cityscapes.json",
        FRAME,
        FRAME / "gtFine",
        AACHEN,
    ],
    ids=lambda p: p.name,
)
def test_only_the_cityscapes_reader_claims_the_layout(path: Path) -> None:
    assert _claims(path) == ["cityscapes"]


@pytest.mark.parametrize(
    "path",
    [
        *sorted((FRAME / "leftImg8bit").rglob("*.png")),
        VALID / "labels.py",
        *sorted((DATA / "mask" / "valid").rglob("*.png")),
        *sorted((DATA / "labelme" / "valid").rglob("*.json")),
    ],
    ids=lambda p: p.name,
)
def test_the_cityscapes_reader_claims_nothing_else(path: Path) -> None:
    assert "cityscapes" not in _claims(path)


def test_a_png_named_otherwise_and_forced_is_an_error_not_silence(tmp_path: Path) -> None:
    path = tmp_path / "street.png"
    path.write_bytes(_png("labelIds").read_bytes())
    (dataset,) = read_all("cityscapes", path)
    (found,) = dataset.findings
    assert (found.code, found.severity) == ("F007", Severity.ERROR)
    assert dataset.images.masks.values == {}

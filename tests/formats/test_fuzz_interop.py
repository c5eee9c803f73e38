"""Corrupted inputs never crash a reader: every outcome is a dataset with findings."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.formats import cvat, label_studio, voc, yolo
from tests.formats.cases import DATA

VOC_FILE = DATA / "voc/valid/voc_dataset1/Annotations/2007_000001.xml"
CVAT_FILE = DATA / "cvat/valid/skeleton_tags.xml"
LS_FILE = DATA / "label_studio/valid/own_project.json"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _corrupt(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    for start, length, insert in cuts:
        at = start % (len(data) + 1)
        data = data[:at] + insert + data[at + length :]
    return data


CUTS = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 20), st.binary(max_size=12)), max_size=6
)


def _read(module: object, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        datasets = module.read(path)  # type: ignore[attr-defined]
        assert datasets
        for dataset in datasets:
            for row in range(len(dataset.objects)):
                dataset.object_location(row)
            for finding in dataset.findings:
                finding.render()


@SETTINGS
@given(CUTS)
def test_corrupted_voc_xml_never_crashes(cuts: list[tuple[int, int, bytes]]) -> None:
    _read(voc, "a.xml", _corrupt(VOC_FILE.read_bytes(), cuts))


@SETTINGS
@given(CUTS)
def test_corrupted_cvat_xml_never_crashes(cuts: list[tuple[int, int, bytes]]) -> None:
    _read(cvat, "a.xml", _corrupt(CVAT_FILE.read_bytes(), cuts))


@SETTINGS
@given(CUTS)
def test_corrupted_label_studio_json_never_crashes(cuts: list[tuple[int, int, bytes]]) -> None:
    _read(label_studio, "a.json", _corrupt(LS_FILE.read_bytes(), cuts))


TOKEN = st.one_of(
    st.sampled_from(["0", "1", "-1", "0.5", "1.5", "nan", "inf", "1e309", "x", "", "3.0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=4),
)


@SETTINGS
@given(st.lists(st.lists(TOKEN, max_size=14).map(" ".join), max_size=8), st.booleans())
def test_corrupted_yolo_lines_never_crash(lines: list[str], pose: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config = "train: images\nnames: [a, b]\n" + ("kpt_shape: [2, 3]\n" if pose else "")
        (root / "data.yaml").write_text(config)
        (root / "labels").mkdir()
        (root / "labels" / "x.txt").write_text("\n".join(lines), encoding="utf-8")
        (dataset,) = yolo.read(root)
        for row in range(len(dataset.objects)):
            dataset.object_location(row)

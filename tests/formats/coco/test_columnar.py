"""The columnar geometry decode gives the very dataset the exact (msgspec) decode gives."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from taxonomist.dataset.model import Dataset, Ragged
from taxonomist.formats import coco
from taxonomist.formats._io import number_lists as columnar
from taxonomist.formats.coco import geometry
from tests.formats.conftest import CORPUS

CORPUS_FILES = sorted(CORPUS.glob("formats/coco*/**/*.json")) if CORPUS.is_dir() else []


@pytest.fixture(autouse=True)
def _columnar_even_when_small(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files take the exact path (importing awkward would cost them more than it
    saves); these tests want the columnar path on small files too."""
    monkeypatch.setattr(geometry, "COLUMNAR_MIN", 0)


def _document(annotations: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 640, "height": 480}],
        "categories": [{"id": 1, "name": "person", "keypoints": ["nose", "eye"]}],
        "annotations": [
            {"id": i + 1, "image_id": 1, "category_id": 1} | a for i, a in enumerate(annotations)
        ],
    }


MIXED = [
    {"bbox": [1, 2, 3, 4], "segmentation": [[1, 2, 3, 4, 5, 6]], "area": 3},
    {"bbox": [1.5, 2.25, 30, 40.125], "segmentation": [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]},
    {"bbox": [0, 0, 10, 10], "segmentation": {"counts": [0, 100], "size": [10, 10]}, "iscrowd": 1},
    {"bbox": [1, 2, 3], "segmentation": [[1, 2, 3, 4, 5]]},  # wrong lengths: findings
    {"bbox": None, "segmentation": None, "keypoints": None},
    {"bbox": [700, 500, 10, 10], "segmentation": [[700, 500, 710, 500, 710, 510]]},
    {"bbox": [1, 1, 2, 2], "keypoints": [1, 1, 2, 3, 3, 1], "num_keypoints": 2},
    {"bbox": [1, 1, 2, 2], "keypoints": [], "segmentation": []},
    {"bbox": [-0.0, -5, 3, 4], "segmentation": [[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]]},
]
REFUSED = [
    {"bbox": [2559.1081235012834, 1.0000000000000002, 3, 4]},  # 17 digits
    {"bbox": [1e1, 2e0, 3, 4], "segmentation": [[1e1, 2, 3, 4, 5, 6]]},  # exponents
]


def _read(path: Path, *, columnar_decode: bool, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    with monkeypatch.context() as patch:
        if not columnar_decode:
            patch.setattr(geometry, "number_lists", lambda raws, depth: None)
        return coco.read(path)[0]


def _ragged(r: Ragged) -> tuple[list[int], list[int], list[float]]:
    return r.owner.tolist(), r.offsets.tolist(), np.nan_to_num(r.values, nan=-1e300).tolist()


def _same(a: Dataset, b: Dataset) -> None:
    assert [f.render() for f in a.findings] == [f.render() for f in b.findings]
    oa, ob = a.objects, b.objects
    np.testing.assert_array_equal(oa.box, ob.box)
    for name in ("polygons", "keypoints"):
        assert _ragged(getattr(oa, name)) == _ragged(getattr(ob, name)), name
    assert sorted(oa.rle) == sorted(ob.rle)


def test_mixed_geometry_decodes_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(_document(MIXED)))
    calls: list[bool] = []
    real = columnar.number_lists

    def spy(raws: Any, depth: int) -> Any:
        got = real(raws, depth)
        calls.append(got is not None)
        return got

    monkeypatch.setattr(geometry, "number_lists", spy)
    fast = coco.read(path)[0]
    monkeypatch.undo()
    assert calls == [True, False, True]  # boxes, segmentation (an RLE: exact), keypoints
    _same(fast, _read(path, columnar_decode=False, monkeypatch=monkeypatch))
    assert np.isnan(fast.objects.box[3]).all()
    assert any("bbox must have 4 numbers" in f.message for f in fast.findings)


def test_numbers_it_might_misread_are_read_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(_document(MIXED + REFUSED)))
    fast = coco.read(path)[0]
    _same(fast, _read(path, columnar_decode=False, monkeypatch=monkeypatch))
    row = len(MIXED)
    assert fast.objects.box[row].tolist() == [2559.1081235012834, 1.0000000000000002, 3, 4]


def test_many_chunks_decode_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough annotations for several columnar chunks, with RLEs, nulls and wrong lengths
    among them, and one long float that sends the first chunk the exact way."""
    rng = np.random.default_rng(5)
    annotations: list[dict[str, Any]] = []
    for i in range(3 * geometry.FAST_CHUNK + 17):
        xy = np.round(rng.uniform(0, 600, 8), 2).tolist()
        item: dict[str, Any] = {"bbox": [xy[0], xy[1], 5, 5], "segmentation": [xy]}
        if i % 1000 == 7:
            item["segmentation"] = {"counts": [0, 4], "size": [2, 2]}
        if i == 3:  # refuses the first chunk only
            item["bbox"] = [float(rng.uniform(0, 600)), 1, 2, 3]  # 16-17 digits
        if i % 1500 == 11:
            item["bbox"] = [1, 2, 3]  # wrong length: a finding
        if i % 1300 == 5:
            item["segmentation"] = None
        annotations.append(item)
    path = tmp_path / "many.json"
    path.write_text(json.dumps(_document(annotations)))
    _same(
        _read(path, columnar_decode=True, monkeypatch=monkeypatch),
        _read(path, columnar_decode=False, monkeypatch=monkeypatch),
    )


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_real_files_decode_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same(
        _read(path, columnar_decode=True, monkeypatch=monkeypatch),
        _read(path, columnar_decode=False, monkeypatch=monkeypatch),
    )


def test_a_small_file_does_not_import_awkward(tmp_path: Path) -> None:
    """A tiny check stays fast: fewer values than COLUMNAR_MIN are decoded without awkward."""
    path = tmp_path / "small.json"
    path.write_text(json.dumps(_document(MIXED)))
    script = (
        "import sys; from pathlib import Path; from taxonomist.formats import coco; "
        f"d = coco.read(Path({str(path)!r}))[0]; "
        "print(len(d.objects), 'awkward' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [str(len(MIXED)), "False"]

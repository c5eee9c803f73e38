"""Random corruption of valid files never escapes the readers as anything but findings."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.dataset.model import Dataset
from taxonomist.formats import coco, native
from tests.formats.conftest import DATA

VALID_COCO = (DATA / "coco" / "valid" / "instances_small.json").read_bytes()
VALID_NATIVE = (DATA / "native" / "valid.json").read_bytes()
VALID_PANOPTIC = (DATA / "coco" / "panoptic" / "valid.json").read_bytes()
VALID_RESULTS = json.dumps(
    [
        {"image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4], "score": 0.5},
        {"image_id": 2, "category_id": 3, "keypoints": [1, 2, 2, 20.5, 3, 0], "score": 0.9},
        {"image_id": 2, "category_id": 3, "segmentation": {"size": [4, 4], "counts": "12"}},
    ]
).encode()
DOCUMENTS = (
    (VALID_COCO, coco.read, "c.json"),
    (VALID_PANOPTIC, coco.read, "p.json"),
    (VALID_RESULTS, coco.read, "r.json"),
    (VALID_NATIVE, native.read, "n.json"),
)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(-5, 5), max_size=5),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
SETTINGS = settings(
    max_examples=int(os.environ.get("TAXONOMIST_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _exercise(dataset: Dataset) -> None:
    """Touch what consumers touch: locations of every object and image, all columns."""
    for row in range(len(dataset.objects)):
        dataset.object_location(row)
    for row in range(len(dataset.images)):
        dataset.image_location(row)
    objects = dataset.objects
    assert objects.box.shape == (len(objects), 4)
    for column in (objects.image, objects.category, objects.area, objects.crowd, objects.score):
        assert len(column) == len(objects)
    for finding in dataset.findings:
        assert finding.code[0] in "FS"


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _mutate(doc: Any, path: tuple[Any, ...], junk: Any, delete: bool) -> Any:
    if not path:
        return junk
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = junk
    return doc


def _check(read_bytes: Any, data: bytes, tmp: Path) -> None:
    tmp.write_bytes(data)
    _exercise(read_bytes(tmp))


@SETTINGS
@given(st.data())
def test_byte_flips_and_truncation(tmp_path: Path, data: st.DataObject) -> None:
    for valid, read, name in DOCUMENTS:
        raw = bytearray(valid)
        for _ in range(data.draw(st.integers(0, 4))):
            pos = data.draw(st.integers(0, len(raw) - 1))
            raw[pos] = data.draw(st.integers(0, 255))
        cut = data.draw(st.integers(0, len(raw)))
        _check(
            lambda p, r=read: r(p)[0],
            bytes(raw[:cut] if data.draw(st.booleans()) else raw),
            tmp_path / name,
        )


@SETTINGS
@given(st.data())
def test_field_deletion_and_type_changes(tmp_path: Path, data: st.DataObject) -> None:
    for valid, read, name in DOCUMENTS:
        doc = json.loads(valid)
        for _ in range(data.draw(st.integers(1, 3))):
            paths = _paths(doc)
            path = data.draw(st.sampled_from(paths))
            delete = bool(path) and data.draw(st.booleans())
            doc = _mutate(doc, path, data.draw(JUNK), delete)
        _check(lambda p, r=read: r(p)[0], json.dumps(doc).encode(), tmp_path / name)


@SETTINGS
@given(st.lists(JUNK, max_size=4))
def test_results_lists_of_junk(tmp_path: Path, records: list[Any]) -> None:
    _check(lambda p: coco.read(p)[0], json.dumps(records).encode(), tmp_path / "r.json")


TRICKY = [
    b'{"images": 5}',
    b'{"annotations": [{"segmentation": [[]]}]}',
    b'{"categories": [1, {"id": true, "skeleton": [[1]]}]}',
    b'{"images": [{"id": 100000000000000000000000}], "annotations": [{"image_id": 1e2}]}',
    b'{"annotations": [{"id": 1, "image_id": 100000000000000000000000, "iscrowd": 1000000'
    b"0000000000000000000}]}",
    b'{"annotations": [{"id": 1, "num_keypoints": -100000000000000000000000}]}',
    b'[{"image_id": 1}]',
    b"[]",
    b"{}",
    b"[1, null]",
    b'{"annotations": [{"segmentation": {"counts": 5}}]}',
    b'{"annotations": [{"segmentation": {"size": [1, 2, 3], "counts": "x"}}]}',
    b'{"annotations": [{"segments_info": 3}]}',
    b'{"annotations": [{"image_id": 1, "file_name": "x.png", "segments_info": [{"id": 1}, 5]}]}',
    b'{"annotations": [{"bbox": [1e400, 1, 2, 3]}]}',
    b'{"annotations": [{"id": 1, "keypoints": [1, "a"]}]}',
    b'{"annotations": [{"id": 1, "keypoints": [1, 2, 1' + b"0" * 400 + b"]}]}",
    b'{"images": [{"id": 1, "width": -Infinity}]}',
    b'{"annotations": [{"id": 1, "id": 2}], "annotations": []}',
]


def test_tricky_documents_give_findings_only(tmp_path: Path) -> None:
    for text in TRICKY:
        _check(lambda p: coco.read(p)[0], text, tmp_path / "t.json")
        _check(lambda p: native.read(p)[0], text, tmp_path / "t.json")
        _check(lambda p: native.read(p)[0], text, tmp_path / "t.jsonl")

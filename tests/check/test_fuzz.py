"""Random corruption of valid native and COCO files never crashes the checker: every run
ends in a ``Report`` (bad input becomes findings, never an exception) without a finding of
the engine's safety net (a reader or a rule that crashed)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from taxonomist.check import run_check
from taxonomist.core.findings import Report
from tests.hostile.fuzzing import BUG_CODES

from .build import DATA
from .build import taxonomy_from as _taxonomy_from

TAXONOMY = DATA / "taxonomies" / "base.yaml"

NATIVE: dict[str, Any] = {
    "taxonomy": "check-base",
    "images": [
        {
            "id": "a",
            "file": "a.png",
            "width": 64,
            "height": 48,
            "labels": {"scene": "indoor", "blurry": False, "tags": ["sunny"]},
            "verified_absent": ["cat"],
            "objects": [
                {
                    "id": 1,
                    "class": "person",
                    "box": [1, 2, 20, 30],
                    "attributes": {"depiction": "real", "occluded": False},
                    "shapes": {
                        "pose": [5, 5, 2, 6, 6, 1, 0, 0, 0],
                        "outline": [[1, 2, 20, 2, 20, 30]],
                        "mask": {"size": [48, 64], "counts": [0, 10, 3062]},
                    },
                    "relations": [{"type": "near", "object": 2}],
                },
                {"id": 2, "class": "car", "box": [30, 5, 10, 10], "crowd": False},
            ],
        }
    ],
}
COCO: dict[str, Any] = {
    "images": [{"id": 1, "width": 64, "height": 48, "file_name": "a.jpg"}],
    "categories": [{"id": 1, "name": "person", "keypoints": ["head", "left_hand", "right_hand"]}],
    "annotations": [
        {
            "id": 1,
            "image_id": 1,
            "category_id": 1,
            "bbox": [1, 2, 20, 30],
            "area": 300,
            "iscrowd": 0,
            "segmentation": [[1, 2, 20, 2, 20, 30]],
            "keypoints": [5, 5, 2, 6, 6, 1, 0, 0, 0],
            "num_keypoints": 2,
        },
        {
            "id": 2,
            "image_id": 1,
            "category_id": 1,
            "bbox": [0, 0, 5, 5],
            "area": 20,
            "iscrowd": 1,
            "segmentation": {"size": [48, 64], "counts": "61`02D00000005"},
        },
    ],
}

VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _replace(doc: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(doc))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return copy


def _mutations(doc: Any) -> st.SearchStrategy[Any]:
    paths = _paths(doc)
    return st.lists(
        st.tuples(st.sampled_from(paths), VALUES, st.booleans()), min_size=1, max_size=3
    )


def _check(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "annotations.json"
    path.write_bytes(text)
    report = run_check(_TAX, [path])
    assert isinstance(report, Report)
    # the engine's safety net turns a crash into F030/F031: here that is the failure
    assert not [f.render() for f in report.findings if f.code in BUG_CODES]


_TAX = None


def setup_module() -> None:
    global _TAX  # noqa: PLW0603 - one taxonomy for every example; loading it is the slow part
    _TAX = _taxonomy_from("base", Path())


def _apply(doc: Any, changes: list[tuple[tuple[Any, ...], Any, bool]]) -> Any:
    for path, value, delete in changes:
        try:
            doc = _replace(doc, path, value, delete and bool(path))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed the place this one aimed at
    return doc


FUZZ = settings(
    max_examples=int(os.environ.get("TAXONOMIST_FUZZ_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(changes=_mutations(NATIVE))
def test_corrupted_native_never_crashes(tmp_path: Path, changes: Any) -> None:
    _check(tmp_path, json.dumps(_apply(NATIVE, changes)).encode())


@FUZZ
@given(changes=_mutations(COCO))
@example(changes=[(("annotations", 0, "segmentation", 0), [1000000001.0], False)])
def test_corrupted_coco_never_crashes(tmp_path: Path, changes: Any) -> None:
    # the example: a polygon whose only coordinate is beyond range (read as NaN) once
    # warned from numpy's nanmin inside the polygon rule
    _check(tmp_path, json.dumps(_apply(COCO, changes)).encode())


@FUZZ
@given(position=st.integers(0, 2000), junk=st.binary(min_size=1, max_size=6), which=st.booleans())
def test_corrupted_bytes_never_crash(
    tmp_path: Path, position: int, junk: bytes, which: bool
) -> None:
    text = json.dumps(NATIVE if which else COCO).encode()
    at = position % len(text)
    _check(tmp_path, text[:at] + junk + text[at + len(junk) :])

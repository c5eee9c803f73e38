"""Objects.concat and Images.take: the tables of a file read in parts, built piece by piece."""

from __future__ import annotations

import numpy as np

from taxonomist.dataset.ids import duplicate_rows, duplicates_per_group
from taxonomist.dataset.model import Images, Objects, Ragged, Rle


def _objects(n: int, *, keypoints: bool) -> Objects:
    objects = Objects(
        ids=list(range(n)),
        image=np.arange(n, dtype=np.int64),
        category=np.zeros(n, np.int64),
        box=np.arange(4 * n, dtype=np.float64).reshape(n, 4),
        area=np.ones(n),
        crowd=np.zeros(n, np.bool_),
        score=np.full(n, np.nan),
        polygons=Ragged(np.array([n - 1], np.int64), np.array([0, 2]), np.array([1.0, 2.0])),
        rle={0: Rle(2, 2, [0, 4])},
        attributes={n - 1: {"a": n}},
    )
    if keypoints:
        objects.num_keypoints = np.full(n, 3, np.int64)
        objects.extra_boxes["rotated"] = np.ones((n, 4))
    return objects


def test_concat_shifts_rows_and_fills_absent_columns() -> None:
    joined = Objects.concat([_objects(2, keypoints=True), _objects(3, keypoints=False)])
    assert len(joined) == 5
    assert joined.ids == [0, 1, 0, 1, 2]
    assert joined.box[3].tolist() == [4.0, 5.0, 6.0, 7.0]
    assert joined.polygons.owner.tolist() == [1, 4]
    assert joined.polygons.offsets.tolist() == [0, 2, 4]
    assert [joined.polygons.row(i).tolist() for i in range(2)] == [[1.0, 2.0], [1.0, 2.0]]
    assert sorted(joined.rle) == [0, 2]
    assert joined.attributes == {1: {"a": 2}, 4: {"a": 3}}
    assert joined.num_keypoints is not None
    assert joined.num_keypoints.tolist() == [3, 3, -1, -1, -1]
    assert np.isnan(joined.extra_boxes["rotated"][2:]).all()
    assert joined.png_area is None


def test_concat_of_one_or_none() -> None:
    one = _objects(2, keypoints=False)
    assert Objects.concat([one]) is one
    assert len(Objects.concat([])) == 0


def test_take_keeps_row_keyed_facts_with_their_images() -> None:
    images = Images(
        ids=[10, 11, 12, 13],
        files=["a", "b", "c", "d"],
        width=np.array([1.0, 2.0, 3.0, 4.0]),
        height=np.array([5.0, 6.0, 7.0, 8.0]),
        verified_absent={1: [0], 3: [2]},
        not_exhaustive={0: [1]},
    )
    images.masks.values[3] = [7]
    part = images.take(np.array([1, 3]))
    assert part.ids == [11, 13] and part.files == ["b", "d"]
    assert part.width.tolist() == [2.0, 4.0] and part.height.tolist() == [6.0, 8.0]
    assert part.verified_absent == {0: [0], 1: [2]}
    assert part.not_exhaustive == {}
    assert part.masks.values == {1: [7]}


def test_duplicate_rows() -> None:
    assert duplicate_rows([1, 2, 1, 3, 2]) == [2, 4]
    assert duplicate_rows([1, "1", 1]) == [2]  # 1 and "1" differ
    assert duplicate_rows([[1], [1]]) == [1]
    assert duplicates_per_group([0, 1, 0], [5, 5, 5]) == [2]

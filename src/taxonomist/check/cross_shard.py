"""R (references) across shards: the reduce step of ``taxonomist check --sharded``.

When the files named are shards of one dataset, an id must be unique over all of them, not
only within each file: a training job that concatenates the shards keys annotations by id
and images by id or file name. Each source's check returns a ``ShardSummary`` (numpy
columns of its ids), and ``reduce`` compares them in source order once every source is
checked, so a serial, ``--jobs`` and ``--scheduler`` run report the same findings. A finding
is located at the later shard and names the earlier one, the file to compare it with.

Without ``--sharded`` nothing here runs: train.json and val.json reusing annotation ids is
normal. The object counts per class over all shards go to the report's summary (a count is
no fault, so not a finding a ``--fail-on info`` run would fail on).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.shard import ShardSummary
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location

FAMILY = "references"

ANNOTATION_IN_EARLIER_SHARD = CodeDoc(
    code="R012",
    name="annotation-id-in-earlier-shard",
    family=FAMILY,
    summary="With --sharded: an annotation id an earlier shard of the dataset already uses.",
    why="Shards are concatenated for training and evaluation; two annotations with one id "
    "overwrite each other there, though each file alone is fine.",
    bad='part-0.json: {"annotations": [{"id": 5, ...}]}  part-1.json: {"annotations": '
    '[{"id": 5, ...}]}',
    good="give each shard its own id range (or renumber when splitting)",
)
IMAGE_IN_EARLIER_SHARD = CodeDoc(
    code="R013",
    name="image-in-earlier-shard",
    family=FAMILY,
    summary="With --sharded: an image (same id or file name) annotated in an earlier shard too.",
    why="An image split over two shards gets two incomplete label sets, and an image id "
    "reused for another picture attaches one image's labels to the other.",
    bad='part-0.json and part-1.json both annotate {"id": 7, "file_name": "a.jpg"}',
    good="keep all of an image's annotations in one shard",
)
CODES: tuple[CodeDoc, ...] = (ANNOTATION_IN_EARLIER_SHARD, IMAGE_IN_EARLIER_SHARD)
_HINT = "the shards are one dataset (--sharded): ids must be unique over all of them"


def reduce(summaries: Sequence[ShardSummary]) -> Iterator[Finding]:
    """The cross-shard findings, shard by shard in source order, row by row within one."""
    ann_first = _first_shard([s.annotation_ids for s in summaries])
    id_first = _first_shard([s.image_ids for s in summaries])
    file_first = _first_shard([_files(s) for s in summaries])
    for index, summary in enumerate(summaries):
        yield from _annotations(summaries, summary, ann_first[index])
        yield from _images(summaries, summary, id_first[index], file_first[index])


def class_counts(summaries: Sequence[ShardSummary]) -> tuple[tuple[str, int], ...]:
    """Objects per class name over every shard, most first (then by name)."""
    total: Counter[str] = Counter()
    for summary in summaries:
        total.update(summary.classes)
    return tuple(sorted(total.items(), key=lambda item: (-item[1], item[0])))


def _annotations(
    summaries: Sequence[ShardSummary], summary: ShardSummary, first: npt.NDArray[np.int64]
) -> Iterator[Finding]:
    for row in np.flatnonzero(first >= 0).tolist():
        earlier = summaries[int(first[row])].file
        location = Location(
            file=summary.file,
            annotation_id=summary.annotation_shown[row],
            image_id=summary.annotation_images[row],
            image_file=summary.annotation_files[row],
        )
        message = f"annotation id {summary.annotation_shown[row]} is used in {earlier} too"
        yield ANNOTATION_IN_EARLIER_SHARD.finding(message, location, hint=_HINT)


def _images(
    summaries: Sequence[ShardSummary],
    summary: ShardSummary,
    by_id: npt.NDArray[np.int64],
    by_file: npt.NDArray[np.int64],
) -> Iterator[Finding]:
    for row in np.flatnonzero((by_id >= 0) | (by_file >= 0)).tolist():
        image_id, file = summary.image_shown[row], summary.image_files[row]
        if by_id[row] >= 0:
            earlier = summaries[int(by_id[row])].file
            what = f"image id {image_id}" + (f" ({file})" if file else "")
        else:
            earlier = summaries[int(by_file[row])].file
            what = f"image {file} (id {image_id})"
        location = Location(file=summary.file, image_id=image_id, image_file=file or None)
        message = f"{what} is annotated in {earlier} too"
        yield IMAGE_IN_EARLIER_SHARD.finding(message, location, hint=_HINT)


def _files(summary: ShardSummary) -> npt.NDArray[Any]:
    """The image file names as keys; an image without one (empty) never clashes."""
    return np.asarray(
        [f or f"\0{row}\0{summary.file}" for row, f in enumerate(summary.image_files)]
    )


def _first_shard(columns: Sequence[npt.NDArray[Any]]) -> list[npt.NDArray[np.int64]]:
    """For each shard's column, per row: the earlier shard whose column has the same key
    first, or -1 (a key only this shard, or no earlier one, has). Repeats within one
    shard are its own rules' business (R004, R005)."""
    sizes = [len(c) for c in columns]
    if not sum(sizes):
        return [np.full(n, -1, np.int64) for n in sizes]
    keys = _common(columns)
    shard = np.repeat(np.arange(len(columns), dtype=np.int64), sizes)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    owner = shard[first][inverse.reshape(-1)]
    earlier = np.where(owner != shard, owner, -1)
    bounds = np.cumsum([0, *sizes])
    return [earlier[bounds[i] : bounds[i + 1]] for i in range(len(columns))]


def _common(columns: Sequence[npt.NDArray[Any]]) -> npt.NDArray[Any]:
    """The columns as one: int64 when all are, else all as tagged text (``shard.id_keys``)."""
    filled = [c for c in columns if len(c)]
    if all(c.dtype.kind in "iu" for c in filled):
        return np.concatenate([c.astype(np.int64) for c in columns])
    texts = [np.char.add("n", c.astype(np.str_)) if c.dtype.kind in "iu" else c for c in columns]
    return np.concatenate([t.astype(np.str_) for t in texts])

"""Exact (same bytes) and near (perceptual hashes a few bits apart) duplicate images over a run.

Each image is compared with those before it in source order and reported once, naming the
earliest it repeats: an error when that one is annotated in another file (train and val) or
lies in another split folder of the same source (a YOLO export's train/ and val/), a warning
within one split of one file. The same file named twice in one annotation file is the
references rules' business, not a duplicate picture; the same file annotated in two files is
a warning: a leak when the files are two splits, but what two annotators' files of the same
images (``taxonomist agree``'s input) look like, which only the user knows.

Near pairs are found without comparing every pair: split the 64 bits into ``d + 1`` bands,
and two hashes at most ``d`` bits apart agree exactly on at least one band (pigeonhole), so
only hashes that share a band value are compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from taxonomist.check.rules.images.family import FAMILY
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.resolved import Taxonomy

if TYPE_CHECKING:
    from taxonomist.check.rules.images.summary import ImageSummary

IMAGE_DUPLICATE = CodeDoc(
    code="I009",
    name="image-duplicate",
    family=FAMILY,
    summary="An image file identical byte for byte to another: an error across two annotation "
    "files (train and val), a warning within one; the very same file annotated in two files "
    "is a warning (two annotators' files, or a leak between splits).",
    why="The same picture in train and val leaks the answers into evaluation and inflates "
    "every metric; twice in one split it counts double in training.",
    bad="train.json names a/0001.jpg and val.json names b/0001.jpg, the same bytes",
    good="keep each picture in one split, once",
)

IMAGE_NEAR_DUPLICATE = CodeDoc(
    code="I010",
    name="image-near-duplicate",
    family=FAMILY,
    summary="An image whose perceptual hash is within near_duplicate_distance bits (default 4 "
    "of 64) of another's: a resized, re-encoded or barely changed copy.",
    why="A re-encoded copy in val of a train image leaks as surely as an exact one, and "
    "escapes byte comparison.",
    bad="val/0001.jpg is train/0001.png resized to 75% and saved as JPEG",
    good="keep near-identical frames in one split (split by scene or video, not by frame)",
)

I64 = npt.NDArray[np.int64]
BITS = 64
# a folder naming a split: train/, val/, valid/, test/, COCO's train2017/ and val2017/
_SPLIT = re.compile(r"^(train|training|val|valid|validation|test|testing)(\d{4})?$", re.I)
_CANONICAL = {"training": "train", "valid": "val", "validation": "val", "testing": "test"}


def split_of(recorded: str) -> str | None:
    """``train``, ``val`` or ``test`` when a folder of the recorded image path names a split
    (the last such folder), else None: one source holding several splits (a YOLO or
    Roboflow export's train/ and val/) tells its splits apart by folder only."""
    folders = PurePosixPath(recorded.replace("\\", "/")).parts[:-1]
    found = [m.group(1).lower() for m in map(_SPLIT.match, folders) if m]
    return _CANONICAL.get(found[-1], found[-1]) if found else None


_HINT = "keep each picture in one split, once (split by scene or source, not by frame)"
# the same path from two annotation files: two annotators' work, or a leak between splits
_SAME_FILE = "expected of two annotators' files of the same images, a leak between two splits"


class _Records:
    """Every summary's images as one sequence, in source order."""

    def __init__(self, summaries: Sequence[ImageSummary]) -> None:
        self.summaries = summaries
        self.owner = np.repeat(
            np.arange(len(summaries), dtype=np.int64), [len(s.paths) for s in summaries]
        )
        self.local = np.concatenate([np.arange(len(s.paths), dtype=np.int64) for s in summaries])
        self.digests = [d for s in summaries for d in s.digests]
        self.hashes = np.concatenate([s.hashes for s in summaries]).astype(np.uint64)
        self.hashed = np.concatenate([s.hashed for s in summaries]).astype(bool)

    def file(self, index: int) -> str:
        return self.summaries[int(self.owner[index])].file

    def path(self, index: int) -> str:
        return self.summaries[int(self.owner[index])].paths[int(self.local[index])]

    def split(self, index: int) -> str | None:
        """The split image ``index`` is in, as its recorded path's folders name it."""
        location = self.summaries[int(self.owner[index])].locations[int(self.local[index])]
        return split_of(location.image_file or "")

    def finding(
        self, doc: CodeDoc, index: int, earlier: int, what: str, url: str | None
    ) -> Finding:
        """The finding at image ``index``, naming the ``earlier`` one it repeats."""
        summary = self.summaries[int(self.owner[index])]
        other = self.file(earlier)
        splits = self.split(index), self.split(earlier)
        two_splits = None not in splits and splits[0] != splits[1]
        across = other != summary.file or two_splits
        where = f"annotated in {other}" if other != summary.file else "in this file too"
        if two_splits and other == summary.file:
            where = f"in this file's {splits[1]} split, this one in {splits[0]}"
        location = summary.locations[int(self.local[index])]
        first = f"{self.path(earlier)} ({self.image(earlier)}, {where})"
        message = f"{self.path(index)} ({self.image(index)}) {what} {first}"
        severity = Severity.ERROR if across else Severity.WARNING
        return doc.finding(message, location, hint=_HINT, severity=severity, url=url)

    def same_file(self, index: int, earlier: int, url: str | None) -> Finding:
        """Image ``index`` is the very file an ``earlier`` annotation file annotates."""
        summary = self.summaries[int(self.owner[index])]
        location = summary.locations[int(self.local[index])]
        message = (
            f"{self.path(index)} ({self.image(index)}) is annotated in {self.file(earlier)}"
            f" too ({self.image(earlier)}): {_SAME_FILE}"
        )
        hint = "if the files are two splits, keep the picture in one of them"
        return IMAGE_DUPLICATE.finding(
            message, location, hint=hint, severity=Severity.WARNING, url=url
        )

    def image(self, index: int) -> str:
        """How the annotation file names image ``index``: its id, else its row."""
        location = self.summaries[int(self.owner[index])].locations[int(self.local[index])]
        if location.image_id is not None:
            return f"image {location.image_id}"
        return f"row {int(self.local[index])}"


def duplicates(
    taxonomy: Taxonomy, summaries: Sequence[ImageSummary], distance: int
) -> Iterator[Finding]:
    """I009 and I010 findings over every summary, in source and row order."""
    records = _Records(summaries)
    exact_url = taxonomy.url("checks", IMAGE_DUPLICATE.code)
    near_url = taxonomy.url("checks", IMAGE_NEAR_DUPLICATE.code)
    first: dict[str, int] = {}
    near = _near_earlier(records, distance) if distance >= 0 else {}
    for index, digest in enumerate(records.digests):
        earlier = first.setdefault(digest, index)
        if earlier != index:
            if records.path(earlier) == records.path(index):
                if records.file(earlier) == records.file(index):
                    continue  # one file named twice in one annotation file
                yield records.same_file(index, earlier, exact_url)
                continue
            what = "is identical (byte for byte) to"
            yield records.finding(IMAGE_DUPLICATE, index, earlier, what, exact_url)
        elif index in near:
            other, bits = near[index]
            what = f"looks like ({bits} of 64 hash bits apart)"
            yield records.finding(IMAGE_NEAR_DUPLICATE, index, other, what, near_url)


def _near_earlier(records: _Records, distance: int) -> dict[int, tuple[int, int]]:
    """For each first copy of a picture, the earliest other first copy whose hash is at
    most ``distance`` bits away, and how far: only images with an earlier match appear."""
    seen: set[str] = set()
    rows = []
    for index, digest in enumerate(records.digests):
        if digest not in seen and records.hashed[index]:
            rows.append(index)
        seen.add(digest)
    candidates = np.asarray(rows, dtype=np.int64)
    hashes = records.hashes[candidates]
    found: dict[int, tuple[int, int]] = {}
    for a, b in _close_pairs(hashes, distance):
        later, earlier = int(candidates[b]), int(candidates[a])
        bits = int(bits_set(hashes[a : a + 1] ^ hashes[b : b + 1])[0])
        if later not in found or earlier < found[later][0]:
            found[later] = (earlier, bits)
    return found


def _close_pairs(hashes: npt.NDArray[np.uint64], distance: int) -> Iterator[tuple[int, int]]:
    """Index pairs (a < b) of ``hashes`` at most ``distance`` bits apart, each once."""
    if len(hashes) < 2:
        return
    bands = min(distance + 1, BITS)
    edges = np.linspace(0, BITS, bands + 1).astype(np.int64)
    told: set[tuple[int, int]] = set()
    for low, high in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        mask = np.uint64((1 << (high - low)) - 1)
        keys = (hashes >> np.uint64(low)) & mask
        for group in _groups(keys):
            for a, b in _within(hashes, group, distance):
                if (a, b) not in told:
                    told.add((a, b))
                    yield a, b


def _groups(keys: npt.NDArray[np.uint64]) -> Iterator[I64]:
    """The index groups (ascending) of ``keys`` that share a value, two or more each."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start > 1:
            yield np.sort(order[start:end])


def _within(hashes: npt.NDArray[np.uint64], group: I64, distance: int) -> Iterator[tuple[int, int]]:
    """The close pairs inside one group, each member against those after it."""
    values = hashes[group]
    for position in range(len(group) - 1):
        apart = bits_set(values[position + 1 :] ^ values[position])
        for offset in np.flatnonzero(apart <= distance).tolist():
            yield int(group[position]), int(group[position + 1 + offset])


def bits_set(values: npt.NDArray[np.uint64]) -> I64:
    """How many bits are set in each 64-bit value (``np.bitwise_count`` is numpy 2 only,
    and numpy 1.26 is supported): the bytes unpacked to bits and summed."""
    bits = np.unpackbits(np.ascontiguousarray(values).view(np.uint8))
    counts: I64 = bits.reshape(len(values), 64).sum(axis=1, dtype=np.int64)
    return counts

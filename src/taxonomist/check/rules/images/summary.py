"""What the image checks keep of each dataset for the end of the run, and what they find there.

Duplicates span annotation files (an image in train.json and again in val.json), and a
file read in parts is several datasets, so per dataset the check only measures and keeps a
compact ``ImageSummary`` (digests, perceptual hashes, grayscale flags, where each image is
annotated). Once every source is checked, ``reduce`` compares them all in source order, the
way ``check.cross_shard`` does for ids, so a serial, ``--jobs`` and ``--scheduler`` run
report the same findings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from taxonomist.check.rules.images.duplicates import duplicates
from taxonomist.check.rules.images.family import FAMILY, threshold
from taxonomist.check.rules.images.where import ImageSettings
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.taxonomy.resolved import Taxonomy

IMAGE_GRAYSCALE = CodeDoc(
    code="I011",
    name="image-grayscale",
    family=FAMILY,
    summary="A grayscale image in a file whose images are colour (at least min_colour_share "
    "of them, default 0.9).",
    why="A loader that expects three channels fails on a one-channel image or trains on it "
    "with no colour cue; classes told apart by colour cannot be labelled on it.",
    bad="one black-and-white scan among 500 colour photos",
    good="replace it with the colour original, or convert it on purpose and say so",
    severity=Severity.WARNING,
)

GREY, COLOUR, UNKNOWN = 1, 0, -1


@dataclass(frozen=True, slots=True)
class ImageSummary:
    """One dataset's images that could be read: one entry per image file, in row order.

    ``hashes`` are 64-bit perceptual hashes (valid where ``hashed``); ``grey`` is 1, 0 or -1
    (not decoded). ``checked`` counts the image rows looked for, ``missing`` those not found."""

    file: str
    locations: tuple[Location, ...]
    paths: tuple[str, ...]
    digests: tuple[str, ...]
    hashes: npt.NDArray[np.uint64]
    hashed: npt.NDArray[np.bool_]
    grey: npt.NDArray[np.int8]
    checked: int = 0
    missing: int = 0


@dataclass(slots=True)
class ImageRun:
    """The run's image settings, and the summaries of the datasets checked so far."""

    settings: ImageSettings
    summaries: list[ImageSummary] = field(default_factory=list)

    def add(self, summary: ImageSummary) -> None:
        self.summaries.append(summary)


def checked(summaries: Sequence[ImageSummary]) -> int:
    """How many image rows the image checks looked at over the run."""
    return sum(s.checked for s in summaries)


def reduce(taxonomy: Taxonomy, summaries: Sequence[ImageSummary]) -> Iterator[Finding]:
    """The findings that need every dataset: duplicates, then grayscale images."""
    if not summaries:
        return
    distance = int(threshold(taxonomy, "near_duplicate_distance"))
    yield from duplicates(taxonomy, summaries, distance)
    yield from grayscale(taxonomy, summaries)


def grayscale(taxonomy: Taxonomy, summaries: Sequence[ImageSummary]) -> Iterator[Finding]:
    """I011 for the grayscale images of each annotation file whose images are colour: at
    least ``min_colour_share`` of those decoded (the parts of one file counted together)."""
    share = threshold(taxonomy, "min_colour_share")
    by_file: dict[str, list[ImageSummary]] = {}
    for summary in summaries:
        by_file.setdefault(summary.file, []).append(summary)
    url = taxonomy.url("checks", IMAGE_GRAYSCALE.code)
    for file, parts in by_file.items():
        flags = np.concatenate([p.grey for p in parts])
        decoded = int((flags != UNKNOWN).sum())
        colour = int((flags == COLOUR).sum())
        if not decoded or colour == decoded or colour / decoded < share:
            continue
        percent = f"{100 * colour / decoded:.0f}%"
        for part in parts:
            for row in np.flatnonzero(part.grey == GREY).tolist():
                message = (
                    f"grayscale image in {file}, where {percent} of the {decoded} images are colour"
                )
                hint = "min_colour_share (threshold) says when colour is expected"
                yield IMAGE_GRAYSCALE.finding(message, part.locations[row], hint=hint, url=url)

"""I: image health. The image files themselves: there, readable, the annotated size and
frame, decodable, sharp, exposed, colour where colour is expected, and each picture once.

The checks run on a dataset only when the run has an image root or finds the images beside
the annotation file (``where``). Per dataset, ``check_images`` reads each image file once
(header, EXIF, then the pixels scaled down: ``read``, ``measures``) and reports what one
image shows; what needs every dataset of the run (duplicates, grayscale among colour) is
kept in an ``ImageSummary`` and reported by ``summary.reduce`` at the end of the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from taxonomist.check.context import Check, Context
from taxonomist.check.rules.images.duplicates import IMAGE_DUPLICATE, IMAGE_NEAR_DUPLICATE
from taxonomist.check.rules.images.family import FAMILY
from taxonomist.check.rules.images.frame import IMAGE_EXIF_ROTATED, IMAGE_SIZE, frame_findings
from taxonomist.check.rules.images.pixels import (
    IMAGE_BLURRY,
    IMAGE_DARK,
    IMAGE_OVEREXPOSED,
    pixel_findings,
)
from taxonomist.check.rules.images.read import ImageFacts, read_all
from taxonomist.check.rules.images.summary import (
    COLOUR,
    GREY,
    IMAGE_GRAYSCALE,
    UNKNOWN,
    ImageRun,
    ImageSummary,
)
from taxonomist.check.rules.images.where import bases, found_beside, is_image_name, locate
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.resolved import Taxonomy

__all__ = ["CHECKS", "CODES", "ImageRun", "check_images"]

IMAGE_MISSING = CodeDoc(
    code="I001",
    name="image-missing",
    family=FAMILY,
    summary="An annotated image file that is not there (an error with --images DIR, a warning "
    "when the images were found beside the annotation file).",
    why="A training loader stops on the first missing file, or a pipeline skips it and its "
    "annotations silently vanish from training and evaluation.",
    bad='{"images": [{"id": 1, "file_name": "0001.jpg"}]} and no 0001.jpg under the images root',
    good="copy 0001.jpg into the images folder, or drop the image and its annotations",
)

IMAGE_UNREADABLE = CodeDoc(
    code="I002",
    name="image-file-unreadable",
    family=FAMILY,
    summary="An image file that cannot be opened as an image (not an image, unknown format, "
    "no permission).",
    why="Every reader fails on it; its annotations cannot be trained on or reviewed.",
    bad="0001.jpg holds an HTML error page saved by a failed download",
    good="download the image again; 'file 0001.jpg' says JPEG image data",
)

IMAGE_TRUNCATED = CodeDoc(
    code="I005",
    name="image-truncated",
    family=FAMILY,
    summary="An image file whose header reads but whose pixels do not decode (cut off or corrupt).",
    why="An interrupted copy or download leaves a file that opens and lists its size but "
    "fails, or decodes half grey, when a loader reads the pixels mid-training.",
    bad="0001.jpg cut off at 40% of its bytes by an interrupted upload",
    good="copy the image again from its source and compare checksums",
)

_MISSING_HINT = "--images DIR names the folder the file names are relative to"


def check_images(ctx: Context) -> Iterator[Finding]:
    """Every per-image finding of the dataset; its summary goes to the run's ``ImageRun``."""
    run: ImageRun | None = ctx.images
    if run is None:
        return
    files = ctx.dataset.images.files
    roots = bases(run.settings, ctx.dataset.source)
    if not run.settings.given and not found_beside(files, roots):
        return
    files = [name if is_image_name(name) else "" for name in files]  # no image file named
    paths = [locate(name, roots) for name in files]
    unique = list(dict.fromkeys(str(p) for p in paths if p is not None))
    facts = {f.path: f for f in read_all(unique, _decodes(ctx.taxonomy))}
    rows: dict[str, int] = {}  # each file's first row
    missing = 0
    for row, (name, path) in enumerate(zip(files, paths, strict=True)):
        if not name:
            continue
        if path is None:
            missing += 1
            yield _missing(ctx, row, name, roots, given=run.settings.given)
            continue
        rows.setdefault(str(path), row)
        yield from _one(ctx, row, facts[str(path)])
    run.add(_summary(ctx, rows, facts, (sum(1 for name in files if name), missing)))


def _decodes(taxonomy: Taxonomy) -> bool:
    """Whether any code that needs the pixels is on (else only headers are read)."""
    from taxonomist.check.engine import severity_override

    return any(severity_override(taxonomy, d.code, d.name) != "off" for d in DECODED)


def _missing(ctx: Context, row: int, name: str, roots: tuple[Path, ...], *, given: bool) -> Finding:
    where = " or ".join(str(r) for r in roots)
    severity = Severity.ERROR if given else Severity.WARNING
    message = f"image file {name} not found in {where}"
    return ctx.image(IMAGE_MISSING, row, message, hint=_MISSING_HINT, severity=severity)


def _one(ctx: Context, row: int, facts: ImageFacts) -> Iterator[Finding]:
    """What one image row's file shows: unreadable, size and frame, then the pixels."""
    if facts.kind == "unreadable":
        yield ctx.image(IMAGE_UNREADABLE, row, f"{facts.path}: {facts.problem}")
        return
    yield from frame_findings(ctx, row, facts)
    if facts.kind == "truncated":
        message = f"{facts.path}: the pixels do not decode ({facts.problem})"
        yield ctx.image(IMAGE_TRUNCATED, row, message)
        return
    if facts.measures is not None:
        yield from pixel_findings(ctx, row, facts.measures)


def _summary(
    ctx: Context, rows: dict[str, int], facts: dict[str, ImageFacts], counts: tuple[int, int]
) -> ImageSummary:
    """The dataset's readable images, one per file, for the run's cross-dataset checks."""
    kept = [(path, row) for path, row in rows.items() if facts[path].kind != "unreadable"]
    measured = [facts[path].measures for path, _ in kept]
    hashes = np.array([m.phash if m else 0 for m in measured], dtype=np.uint64)
    grey = [UNKNOWN if m is None else GREY if m.grayscale else COLOUR for m in measured]
    return ImageSummary(
        file=ctx.dataset.source,
        locations=tuple(ctx.dataset.image_location(row) for _, row in kept),
        paths=tuple(path for path, _ in kept),
        digests=tuple(facts[path].digest for path, _ in kept),
        hashes=hashes,
        hashed=np.array([m is not None for m in measured], dtype=bool),
        grey=np.array(grey, dtype=np.int8),
        checked=counts[0],
        missing=counts[1],
    )


CODES: tuple[CodeDoc, ...] = (
    IMAGE_MISSING,
    IMAGE_UNREADABLE,
    IMAGE_SIZE,
    IMAGE_EXIF_ROTATED,
    IMAGE_TRUNCATED,
    IMAGE_BLURRY,
    IMAGE_DARK,
    IMAGE_OVEREXPOSED,
    IMAGE_DUPLICATE,
    IMAGE_NEAR_DUPLICATE,
    IMAGE_GRAYSCALE,
)
# Codes that need the pixels decoded; when the taxonomy turns all off, only headers are read.
DECODED: tuple[CodeDoc, ...] = (
    IMAGE_TRUNCATED,
    IMAGE_BLURRY,
    IMAGE_DARK,
    IMAGE_OVEREXPOSED,
    IMAGE_NEAR_DUPLICATE,
    IMAGE_GRAYSCALE,
)
CHECKS = (Check(CODES, check_images),)

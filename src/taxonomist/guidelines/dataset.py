"""The site's dataset inputs: the statistics of the configured ``stats:`` files, and a few
thumbnails per class cropped from their images.

An image is looked for under the configured images folder, else beside the annotation file
(as the file writes its path, then by its name alone); where none is found the class page
says so instead of showing a thumbnail. A stats file that cannot be read stops the build:
a page of partial counts would not say what it claims."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines.common import ASSETS, DatasetInputs
from taxonomist.quality.stats import compute_stats
from taxonomist.quality.stats.model import Example
from taxonomist.taxonomy.resolved import Taxonomy

THUMBNAILS = 4  # per class
THUMB_SIDE = 160  # pixels, the longer side
MARGIN = 0.1  # of the box, around it
NOT_FOUND = "the image files were not found beside the annotation files or in the images folder."


def dataset_inputs(
    tax: Taxonomy, files: tuple[Path, ...], images: Path | None, root: Path
) -> DatasetInputs:
    """The statistics of ``files`` and the thumbnails (docs path -> PNG bytes, by class);
    the page names the files relative to ``root`` (the project), as a reader knows them."""
    stats = compute_stats(tax, list(files), examples=THUMBNAILS)
    stats = replace(stats, files=tuple(_shown(Path(f), root) for f in stats.files))
    if stats.unread:
        listing = "\n".join(f"{u.file}: {u.reason}" for u in stats.unread)
        raise InvalidInput(f"stats files that could not be read:\n{listing}")
    thumbs: dict[str, tuple[str, ...]] = {}
    assets: dict[str, bytes] = {}
    for name, examples in stats.examples.items():
        made = [data for data in (_thumbnail(ex, images) for ex in examples) if data]
        paths = [f"{ASSETS}/dataset/{name}-{i}.png" for i in range(len(made))]
        assets.update(zip(paths, made, strict=True))
        if paths:
            thumbs[name] = tuple(paths)
    note = "" if thumbs or not stats.examples else NOT_FOUND
    return DatasetInputs(stats, thumbs, note, assets)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:  # outside the project: its name is what a reader recognises
        return path.name


def image_path(example: Example, images: Path | None) -> Path | None:
    """Where the example's image file is, if anywhere."""
    written = Path(example.image_file)
    beside = Path(example.source).parent
    places = [images / written, images / written.name] if images is not None else []
    places += [beside / written, beside / written.name]
    return next((p for p in places if p.is_file()), None)


def _thumbnail(example: Example, images: Path | None) -> bytes | None:
    from PIL import Image, UnidentifiedImageError

    path = image_path(example, images)
    if path is None:
        return None
    try:
        with Image.open(path) as image:
            crop = image.convert("RGB").crop(_around(example.box, image.size))
    except (OSError, UnidentifiedImageError):
        return None
    crop.thumbnail((THUMB_SIDE, THUMB_SIDE))
    out = io.BytesIO()
    crop.save(out, format="PNG")
    return out.getvalue()


def _around(
    box: tuple[float, float, float, float], size: tuple[int, int]
) -> tuple[int, int, int, int]:
    x, y, w, h = box
    dx, dy = w * MARGIN, h * MARGIN
    left, top = max(0, int(x - dx)), max(0, int(y - dy))
    right, bottom = min(size[0], int(x + w + dx + 0.5)), min(size[1], int(y + h + dy + 0.5))
    return left, top, max(right, left + 1), max(bottom, top + 1)

"""COCO panoptic: one object row per segment of ``segments_info``, and the PNG check.

The PNG of an annotation lies in the folder named after the JSON file's stem
(``annotations/panoptic_val.json`` -> ``annotations/panoptic_val/<file_name>``). Its pixels
encode segment ids as ``R + 256 G + 65536 B`` (0 = void). Every listed segment must be
painted (S005), every painted id listed (S006), and the PNG must have its image's size
(S007). ``Objects.png_area`` holds each segment's pixel count (NaN where not decoded).
Segment ids are PNG colours, so they are unique per image, not per file.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.files import open_regular
from taxonomist.core.text import shorten
from taxonomist.dataset.model import F64, Category, Dataset, Images, Objects
from taxonomist.formats._io.columns import box_column, float_column, index_rows, int_column
from taxonomist.formats._io.images import MAX_DECODED_BYTES, Header, too_large
from taxonomist.formats.coco.context import Context, image_locator, object_locator
from taxonomist.formats.coco.decode import PanopticAnn, PanopticSegment
from taxonomist.formats.codes import (
    IMAGE_TOO_LARGE,
    MISSING_COMPANION_FILE,
    MISSING_FIELD,
    PNG_SEGMENT_NOT_LISTED,
    PNG_SIZE_MISMATCH,
    SEGMENT_MISSING_FROM_PNG,
    WRONG_LENGTH,
)

MAX_PIXELS = 89_478_485  # Pillow's decompression-bomb warning limit: larger PNGs are refused


def panoptic(  # noqa: PLR0917  (each argument is a different part of the file)
    anns: list[PanopticAnn],
    index: list[int] | None,
    images: Images,
    categories: list[Category],
    ctx: Context,
    path: Path | None,
) -> Dataset:
    """The dataset of a panoptic file (PNGs checked when ``path`` locates them)."""
    segments: list[PanopticSegment] = []
    image_ids: list[Any] = []
    where: list[str] = []
    for row, ann in enumerate(anns):
        base = f"/annotations/{row if index is None else index[row]}"
        _require(ann, base, ctx)
        for j, seg in enumerate(ann.segments_info or ()):
            segments.append(seg)
            image_ids.append(ann.image_id)
            where.append(f"{base}/segments_info/{j}")
    objects = _objects(segments, image_ids, images, categories, where, ctx)
    ctx.bound(objects, where.__getitem__)
    objects.png_area = np.full(len(segments), np.nan)
    if path is not None:
        _PngCheck(images, objects, where, objects.png_area, ctx).run(anns, index, path)
    return Dataset(
        ctx.source,
        "coco",
        images,
        categories,
        objects,
        findings=ctx.findings,
        locate_object=object_locator(ctx, images, objects, where.__getitem__),
        locate_image=image_locator(ctx, images),
        kind="panoptic",
        ids_unique_per="image",
        crowd_is_rle=True,
    )


def _require(ann: PanopticAnn, base: str, ctx: Context) -> None:
    for name in ("image_id", "file_name", "segments_info"):
        if getattr(ann, name) is None:
            ctx.add(MISSING_FIELD, f"panoptic annotation has no {name}", base)


def _objects(  # noqa: PLR0917
    segments: list[PanopticSegment],
    image_ids: list[Any],
    images: Images,
    categories: list[Category],
    where: list[str],
    ctx: Context,
) -> Objects:
    ids: list[Any] = [s.id for s in segments]
    cat_ids = [s.category_id for s in segments]
    for row, seg in enumerate(segments):
        for name in ("id", "category_id"):
            if getattr(seg, name) is None:
                ctx.add(MISSING_FIELD, f"segment has no {name}", where[row])
    box, bad = box_column([s.bbox for s in segments])
    for row in bad:
        ctx.add(
            WRONG_LENGTH, "bbox must have 4 numbers [x, y, width, height]", where[row] + "/bbox"
        )
    attributes = {row: s.attributes for row, s in enumerate(segments) if s.attributes}
    return Objects(
        ids=[f"#{row}" if i is None else i for row, i in enumerate(ids)],
        image=index_rows(image_ids, images.ids),
        category=index_rows(cat_ids, [c.id for c in categories]),
        box=box,
        area=float_column([s.area for s in segments]),
        crowd=int_column([s.iscrowd for s in segments], 0) != 0,
        score=np.full(len(segments), np.nan),
        attributes=attributes,
    )


@dataclass(slots=True)
class _PngCheck:
    images: Images
    objects: Objects
    where: list[str]
    png_area: F64
    ctx: Context

    def run(self, anns: list[PanopticAnn], index: list[int] | None, path: Path) -> None:
        folder = path.parent / path.stem
        first = 0
        for row, ann in enumerate(anns):
            rows = range(first, first + len(ann.segments_info or ()))
            first = rows.stop
            if ann.file_name is None:
                continue
            base = f"/annotations/{row if index is None else index[row]}"
            png = _inside(folder, ann.file_name)
            if png is None:
                name = _shown(ann.file_name)
                message = f"panoptic PNG {name} is not a file in {folder.name}/; not read"
                self.ctx.add(MISSING_COMPANION_FILE, message, base + "/file_name")
                continue
            pixels = _png_ids(png, base, self.ctx)
            if pixels is not None:
                self._size(pixels, ann, base)
                self._compare(pixels, ann, rows, base)

    def _compare(self, pixels: Any, ann: PanopticAnn, rows: range, base: str) -> None:
        painted, counts = np.unique(pixels, return_counts=True)
        area = dict(zip(painted.tolist(), counts.tolist(), strict=True))
        listed = set()
        for row in rows:
            seg_id = self.objects.ids[row]
            listed.add(seg_id)
            if seg_id in area:
                self.png_area[row] = area[seg_id]
            elif isinstance(seg_id, int):
                message = f"segment {seg_id} has no pixels in {ann.file_name}"
                self.ctx.add(SEGMENT_MISSING_FROM_PNG, message, self.where[row])
        extra = sorted(set(area) - listed - {0})
        if extra:
            shown = ", ".join(map(str, extra[:5])) + (" ..." if len(extra) > 5 else "")
            message = f"{ann.file_name} paints segment ids not in segments_info: {shown}"
            self.ctx.add(PNG_SEGMENT_NOT_LISTED, message, base + "/segments_info")

    def _size(self, pixels: Any, ann: PanopticAnn, base: str) -> None:
        image_row = int(index_rows([ann.image_id], self.images.ids)[0])
        if image_row < 0:
            return
        want = (self.images.height[image_row], self.images.width[image_row])
        got = pixels.shape[:2]
        if not np.isnan(want).any() and tuple(map(float, got)) != tuple(map(float, want)):
            message = f"PNG is {got[1]} x {got[0]}, its image {want[1]:g} x {want[0]:g}"
            self.ctx.add(PNG_SIZE_MISMATCH, message, base + "/file_name")


def _png_ids(png: Path, base: str, ctx: Context) -> Any:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow warns from half its bomb limit on; the size is checked below instead.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with open_regular(png) as handle, Image.open(handle) as img:
                return _decode_ids(img, png, base, ctx)
    except Image.DecompressionBombError:
        ctx.add(
            IMAGE_TOO_LARGE,
            f"{png.name} is too large to decode safely; refused",
            base + "/file_name",
        )
        return None
    except (OSError, ValueError) as exc:
        reason = "not found" if isinstance(exc, FileNotFoundError) else _reason(exc)
        ctx.add(
            MISSING_COMPANION_FILE, f"cannot read panoptic PNG {png}: {reason}", base + "/file_name"
        )
        return None


def _reason(exc: Exception) -> str:
    """An error in words, without Python's ``[Errno N]`` and a repeat of the path."""
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def _decode_ids(img: Any, png: Path, base: str, ctx: Context) -> Any:
    width, height = img.size
    header = Header(width, height, img.mode)
    if width * height > MAX_PIXELS or header.decoded_bytes > MAX_DECODED_BYTES:
        message = f"{png.name} is too large to decode safely ({too_large(header)}); refused"
        ctx.add(IMAGE_TOO_LARGE, message, base + "/file_name")
        return None
    rgb = np.asarray(img.convert("RGB")).astype(np.uint32)
    return rgb[..., 0] | (rgb[..., 1] << 8) | (rgb[..., 2] << 16)


def _inside(folder: Path, name: str) -> Path | None:
    # A file_name like "../../secret.png" must not make the reader open files elsewhere,
    # and one with a NUL byte (or too long for the file system) names no file at all.
    try:
        path = (folder / name).resolve()
    except (OSError, ValueError):
        return None
    return path if "\x00" not in name and path.is_relative_to(folder.resolve()) else None


def _shown(name: str) -> str:
    """A file name for a message: quoted, control characters escaped, at most ~100 chars."""
    return shorten(repr(name), 100)

"""Decoded COCO structs -> ``Dataset`` columns, in bulk; S001/S003 findings for what a
variant requires and lacks. Shared by the fast and the tolerant path."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from taxonomist.dataset.model import Category, Dataset, Images, Objects, Rle
from taxonomist.formats._io.columns import (
    SIZE_OUT_OF_RANGE,
    bound_sizes,
    float_column,
    index_rows,
    int_column,
    mask_size,
    none_rows,
    wide_ints,
)
from taxonomist.formats._io.declared import declared
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.coco.anchors import ItemFinder
from taxonomist.formats.coco.categories import categories as build_categories
from taxonomist.formats.coco.context import (
    Columns,
    Context,
    Section,
    image_locator,
    object_locator,
    text_or_none,
)
from taxonomist.formats.coco.decode import (
    CocoAnn,
    CocoDoc,
    CocoDocTyped,
    CocoImage,
    CocoRle,
    PanopticDoc,
)
from taxonomist.formats.coco.geometry import geometry
from taxonomist.formats.coco.tolerant import Tolerant
from taxonomist.formats.codes import (
    MISSING_FIELD,
    NUMBER_OUT_OF_RANGE,
    WRONG_LENGTH,
    WRONG_TYPE,
)

REQUIRED: dict[str, tuple[str, ...]] = {
    "instances": ("id", "image_id", "category_id", "bbox"),
    "keypoints": ("id", "image_id", "category_id", "bbox"),
    "labels": ("id", "image_id", "category_id"),
    "captions": ("id", "image_id", "caption"),
    "results": ("image_id", "category_id", "score"),
    "image_info": (),
}


def dataset(decoded: Tolerant, source: str, path: Path | None, locator: JsonLocator) -> Dataset:
    """The dataset for a decoded COCO document (or results list). Raises ``Mistyped`` when
    raw geometry turns out to be of the wrong type (the caller takes the tolerant path)."""
    ctx = Context(source, locator, decoded.reported, decoded.image_index, decoded.raw_geometry)
    doc = decoded.doc
    if doc is None:
        return _results(ctx, decoded.results or [], decoded.ann_index)
    data = _document(doc, decoded, ctx, path)
    named = declared(doc.info, "/info")
    data.taxonomy, data.taxonomy_version = named.name, named.version
    data.taxonomy_version_pointer = named.version_pointer
    return data


def _document(
    doc: CocoDoc | CocoDocTyped | PanopticDoc, decoded: Tolerant, ctx: Context, path: Path | None
) -> Dataset:
    images = build_images(doc.images or [], ctx)
    categories = build_categories(doc.categories, ctx)
    _federated(doc.images or [], images, categories, ctx)
    if isinstance(doc, PanopticDoc):
        from taxonomist.formats.coco.panoptic import panoptic

        return panoptic(doc.annotations or [], decoded.ann_index, images, categories, ctx, path)
    cols = Columns(doc.annotations or [])
    kind = _kind(cols, categories)
    if kind == "captions":
        return _captions(ctx, images, categories, cols, decoded.ann_index)
    return _with_objects(
        ctx, kind, images, categories, cols, Section("/annotations", decoded.ann_index)
    )


def _results(ctx: Context, anns: Sequence[CocoAnn], index: list[int] | None) -> Dataset:
    # A results file refers to a ground-truth file it does not include: its images are
    # synthesised from the image ids used (sizes unknown, so no geometry check needs them)
    # and its categories from the category ids used (names unknown: matched by id).
    cols = Columns(anns)
    image_ids = _distinct(cols["image_id"])
    nan = np.full(len(image_ids), np.nan)
    images = Images(ids=image_ids, files=[""] * len(image_ids), width=nan, height=nan.copy())
    cats = [Category(name="", id=i) for i in _distinct(cols["category_id"])]
    data = _with_objects(ctx, "results", images, cats, cols, Section("", index))
    data.declares_categories = False
    data.is_results = True
    return data


def _distinct(values: list[Any]) -> list[Any]:
    seen = {(type(v), v) for v in values if v is not None}
    return [v for _, v in sorted(seen, key=lambda tv: (tv[0].__name__, tv[1]))]


def build_images(imgs: Sequence[CocoImage], ctx: Context) -> Images:
    """Image columns; S001 for an image without id, file_name, width or height."""
    section = Section("/images", ctx.image_index)
    ids = [i.id for i in imgs]
    files = [i.file_name if i.file_name is not None else _url_name(i.coco_url) for i in imgs]
    width = float_column([i.width for i in imgs])
    height = float_column([i.height for i in imgs])
    missing = {
        "id": none_rows(ids),
        "file_name": none_rows(files),
        "width": np.flatnonzero(np.isnan(width)).tolist(),
        "height": np.flatnonzero(np.isnan(height)).tolist(),
    }
    for name, rows in missing.items():
        for row in rows:
            if f"{section.ptr(row)}/{name}" not in ctx.reported:  # else mistyped: an S002
                ctx.add(MISSING_FIELD, f"image has no {name}", section.ptr(row))
    _wide(ctx, ids, section, "id")
    for row in bound_sizes(width, height):
        ctx.add(NUMBER_OUT_OF_RANGE, SIZE_OUT_OF_RANGE, section.ptr(row))
    for row in np.flatnonzero((width <= 0) | (height <= 0)).tolist():
        ctx.add(WRONG_TYPE, "image width and height must be positive numbers", section.ptr(row))
    names = [f if f is not None else "" for f in files]
    return Images(ids=ids, files=names, width=width, height=height)


def _url_name(url: str | None) -> str | None:
    """The file name an LVIS image's ``coco_url`` ends in (LVIS v1 gives no ``file_name``)."""
    if not isinstance(url, str):
        return None
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name or None


FEDERATED = {"neg_category_ids": "verified_absent", "not_exhaustive_category_ids": "not_exhaustive"}


def _federated(
    imgs: Sequence[CocoImage], images: Images, categories: list[Category], ctx: Context
) -> None:
    """LVIS's federated image fields: ``neg_category_ids`` (verified absent) and
    ``not_exhaustive_category_ids`` as category rows per image; an id no category declares
    gets a nameless category of that id, matched by id like a results file's."""
    rows = {c.id: row for row, c in reversed(list(enumerate(categories))) if c.id is not None}
    section = Section("/images", ctx.image_index)
    for key, column in FEDERATED.items():
        out: dict[int, list[int]] = getattr(images, column)
        for row, image in enumerate(imgs):
            listed = getattr(image, key)
            if listed is None:
                continue
            if not isinstance(listed, list) or not all(_is_id(v) for v in listed):
                ctx.add(WRONG_TYPE, f"{key} must be a list of category ids", section.ptr(row))
                continue
            out[row] = [_category_row(v, rows, categories) for v in listed]


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _category_row(cat_id: int, rows: dict[int, int], categories: list[Category]) -> int:
    if cat_id not in rows:
        rows[cat_id] = len(categories)
        categories.append(Category(name="", id=cat_id))
    return rows[cat_id]


def _wide(ctx: Context, values: list[Any], section: Section, name: str) -> None:
    for row in wide_ints(values):
        ctx.add(WRONG_TYPE, f"{name} is beyond 64 bits", f"{section.ptr(row)}/{name}")


def _kind(cols: Columns, categories: list[Category]) -> str:
    if not len(cols):
        return "image_info" if not categories else "instances"
    if cols.present("caption"):
        return "captions"
    if any(c.keypoints is not None for c in categories) or cols.present("keypoints"):
        return "keypoints"
    if not (cols.present("bbox") or cols.present("segmentation")):
        return "labels"
    return "instances"


def _with_objects(  # noqa: PLR0917  (each argument is a different part of the file)
    ctx: Context,
    kind: str,
    images: Images,
    categories: list[Category],
    cols: Columns,
    section: Section,
) -> Dataset:
    objects = build_objects(cols, images, categories, ctx, section, kind)
    if ctx.raw_geometry and section.name == "/annotations" and section.index is None:
        ctx.locator.set_item_finder("annotations", ItemFinder(cols["bbox"]))
    locate = object_locator(ctx, images, objects, section.ptr)
    return Dataset(
        ctx.source,
        "coco",
        images,
        categories,
        objects,
        findings=ctx.findings,
        locate_object=locate,
        locate_image=image_locator(ctx, images),
        kind=kind,
        crowd_is_rle=True,
    )


def build_objects(  # noqa: PLR0917
    cols: Columns,
    images: Images,
    categories: list[Category],
    ctx: Context,
    section: Section,
    kind: str,
) -> Objects:
    """The object columns for instance-like annotations."""
    wanted = ("bbox", "segmentation", "keypoints") if kind == "results" else REQUIRED[kind]
    geo = geometry(cols.__getitem__, ctx.raw_geometry, len(cols), wanted)
    for row in geo.bad_boxes:
        where = section.ptr(row) + "/bbox"
        ctx.add(WRONG_LENGTH, "bbox must have 4 numbers [x, y, width, height]", where)
    _require(ctx, kind, section, cols, geo.missing)
    _wide(ctx, cols["id"], section, "id")  # a wide image_id/category_id matches nothing
    ids = cols["id"]
    if kind == "results" or None in ids:
        ids = [f"#{row}" if i is None else i for row, i in enumerate(ids)]
    objects = Objects(
        ids=ids,
        image=index_rows(cols["image_id"], images.ids),
        category=index_rows(cols["category_id"], [c.id for c in categories]),
        box=geo.box,
        area=float_column(cols["area"]),
        crowd=int_column(cols["iscrowd"], 0) != 0,
        score=float_column(cols["score"]),
        polygons=geo.polygons,
        keypoints=geo.keypoints,
        rle=_rles(geo.rles, ctx, section),
        attributes=_sparse(cols["attributes"]),
    )
    if cols.present("num_keypoints"):
        objects.num_keypoints = int_column(cols["num_keypoints"], -1)
    ctx.bound(objects, section.ptr)
    return objects


def _require(
    ctx: Context, kind: str, section: Section, cols: Columns, missing: dict[str, set[int]]
) -> None:
    for name in REQUIRED[kind]:
        rows = sorted(missing[name]) if name in missing else none_rows(cols[name])
        if name not in missing and name in ("bbox", "segmentation", "keypoints"):
            rows = []  # geometry not asked for by this variant
        for row in rows:
            where = section.ptr(row)
            if f"{where}/{name}" in ctx.reported:
                continue  # mistyped, already an S002
            annotation_id = text_or_none(cols["id"][row])
            ctx.add(MISSING_FIELD, f"annotation has no {name}", where, annotation_id=annotation_id)
    if kind == "results":
        empty: set[int] = set()
        rows_without = missing.get("bbox", empty) & missing.get("segmentation", empty)
        for row in sorted(rows_without & missing.get("keypoints", empty)):
            message = "result has none of bbox, segmentation, keypoints"
            ctx.add(MISSING_FIELD, message, section.ptr(row))


def _rles(segs: dict[int, CocoRle], ctx: Context, section: Section) -> dict[int, Rle]:
    out: dict[int, Rle] = {}
    for row, seg in segs.items():
        where = section.ptr(row) + "/segmentation"
        if seg.size is None or seg.counts is None:
            ctx.add(MISSING_FIELD, "RLE segmentation needs size and counts", where)
        elif len(seg.size) != 2:
            ctx.add(WRONG_LENGTH, "RLE size must be [height, width]", where + "/size")
        elif (shape := mask_size(seg.size)) is None:
            message = "RLE size must be two non-negative integers of at most 1e9"
            ctx.add(WRONG_TYPE, message, where + "/size")
        elif isinstance(seg.counts, list) and wide_ints(seg.counts):
            ctx.add(WRONG_TYPE, "RLE counts must fit 64 bits", where + "/counts")
        else:
            out[row] = Rle(shape[0], shape[1], seg.counts)
    return out


def _sparse(values: list[Any]) -> dict[int, Any]:
    if values.count(None) == len(values):
        return {}
    return {row: v for row, v in enumerate(values) if v is not None}


def _captions(
    ctx: Context,
    images: Images,
    categories: list[Category],
    cols: Columns,
    index: list[int] | None,
) -> Dataset:
    _require(ctx, "captions", Section("/annotations", index), cols, {})
    return Dataset(
        ctx.source,
        "coco",
        images,
        categories,
        Objects.empty(),
        findings=ctx.findings,
        locate_image=image_locator(ctx, images),
        kind="captions",
        crowd_is_rle=True,
    )

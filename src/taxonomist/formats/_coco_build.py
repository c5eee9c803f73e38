"""Decoded COCO structs -> ``Dataset`` columns, in bulk; S001/S003 findings for what a
variant requires and lacks. Shared by the fast and the tolerant path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.findings import Finding, Location
from taxonomist.dataset.model import F64, Category, Dataset, Images, Objects, Rle
from taxonomist.formats._coco_categories import categories as build_categories
from taxonomist.formats._coco_decode import CocoAnn, CocoImage, CocoRle, PanopticDoc
from taxonomist.formats._coco_slow import Tolerant
from taxonomist.formats._columns import (
    box_column,
    flat_ragged,
    float_column,
    index_rows,
    int_column,
    none_rows,
    parts_ragged,
)
from taxonomist.formats._json import JsonLocator
from taxonomist.formats.codes import BY_CODE

REQUIRED: dict[str, tuple[str, ...]] = {
    "instances": ("id", "image_id", "category_id", "bbox"),
    "keypoints": ("id", "image_id", "category_id", "bbox"),
    "labels": ("id", "image_id", "category_id"),
    "captions": ("id", "image_id", "caption"),
    "results": ("image_id", "category_id", "score"),
    "image_info": (),
}
IMAGE_REQUIRED = ("id", "file_name", "width", "height")


@dataclass(frozen=True, slots=True)
class Section:
    """Records of one list in the file: ``/annotations`` (or ``""`` for a results list);
    ``index`` maps kept rows to source indices when the tolerant path skipped some."""

    name: str
    index: list[int] | None = None

    def ptr(self, row: int) -> str:
        return f"{self.name}/{row if self.index is None else self.index[row]}"


def np_empty() -> F64:
    return np.zeros(0, np.float64)


@dataclass(slots=True)
class Context:
    """Where findings go and how records are located."""

    source: str
    locator: JsonLocator
    reported: set[str]
    image_index: list[int] | None = None  # image row -> index in /images (tolerant path)
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, message: str, where: str, **ids: str | None) -> None:
        """File finding ``code`` at pointer ``where`` (unless an S002 already covers it)."""
        if code != "S002" and where in self.reported:
            return
        if code == "S002":
            self.reported.add(where)
        self.findings.append(BY_CODE[code].finding(message, self.locator.locate(where, **ids)))


def dataset(decoded: Tolerant, source: str, path: Path | None, locator: JsonLocator) -> Dataset:
    """The dataset for a decoded COCO document (or results list)."""
    ctx = Context(source, locator, decoded.reported, decoded.image_index)
    doc = decoded.doc
    if doc is None:
        return _results(ctx, decoded.results or [], decoded.ann_index)
    images = build_images(doc.images or [], ctx)
    categories = build_categories(doc.categories, ctx)
    if isinstance(doc, PanopticDoc):
        from taxonomist.formats._coco_panoptic import panoptic

        return panoptic(doc.annotations or [], decoded.ann_index, images, categories, ctx, path)
    anns = doc.annotations or []
    kind = _kind(anns, categories, images)
    if kind == "captions":
        return _captions(ctx, images, categories, anns, decoded.ann_index)
    return _with_objects(
        ctx, kind, images, categories, anns, Section("/annotations", decoded.ann_index)
    )


def _results(ctx: Context, anns: Sequence[CocoAnn], index: list[int] | None) -> Dataset:
    # A results file refers to a ground-truth file it does not include: its images are
    # synthesised from the image ids used (sizes unknown, so no geometry check needs them)
    # and its categories from the category ids used (names unknown: matched by id).
    image_ids = _distinct([a.image_id for a in anns])
    nan = np.full(len(image_ids), np.nan)
    images = Images(ids=image_ids, files=[""] * len(image_ids), width=nan, height=nan.copy())
    cats = [Category(name="", id=i) for i in _distinct([a.category_id for a in anns])]
    data = _with_objects(ctx, "results", images, cats, anns, Section("", index))
    data.declares_categories = False
    return data


def _distinct(values: list[Any]) -> list[Any]:
    seen = {(type(v), v) for v in values if v is not None}
    return [v for _, v in sorted(seen, key=lambda tv: (tv[0].__name__, tv[1]))]


def build_images(imgs: Sequence[CocoImage], ctx: Context) -> Images:
    """Image columns; S001 for an image without id, file_name, width or height."""
    section = Section("/images", ctx.image_index)
    ids = [i.id for i in imgs]
    files = [i.file_name for i in imgs]
    width = float_column([i.width for i in imgs])
    height = float_column([i.height for i in imgs])
    for name, values in (("id", ids), ("file_name", files)):
        for row in none_rows(values):
            ctx.add("S001", f"image has no {name}", section.ptr(row))
    for name, col in (("width", width), ("height", height)):
        for row in np.flatnonzero(np.isnan(col)).tolist():
            ctx.add("S001", f"image has no {name}", section.ptr(row))
    names = [f if f is not None else "" for f in files]
    return Images(ids=ids, files=names, width=width, height=height)


def _kind(anns: Sequence[CocoAnn], categories: list[Category], images: Images) -> str:
    if not anns:
        return "image_info" if not categories else "instances"
    if [a.caption for a in anns].count(None) != len(anns):
        return "captions"
    if any(c.keypoints is not None for c in categories) or _any(anns, "keypoints"):
        return "keypoints"
    if not (_any(anns, "bbox") or _any(anns, "segmentation")):
        return "labels"
    return "instances"


def _any(anns: Sequence[CocoAnn], name: str) -> bool:
    return [getattr(a, name) for a in anns].count(None) != len(anns)


def _with_objects(  # noqa: PLR0917  (each argument is a different part of the file)
    ctx: Context,
    kind: str,
    images: Images,
    categories: list[Category],
    anns: Sequence[CocoAnn],
    section: Section,
) -> Dataset:
    objects = build_objects(anns, images, categories, ctx, section, kind)
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
    )


def build_objects(  # noqa: PLR0917
    anns: Sequence[CocoAnn],
    images: Images,
    categories: list[Category],
    ctx: Context,
    section: Section,
    kind: str,
) -> Objects:
    """The object columns for instance-like annotations."""
    ids: list[Any] = [a.id for a in anns]
    image_ids = [a.image_id for a in anns]
    cat_ids = [a.category_id for a in anns]
    box, bad_boxes = box_column([a.bbox for a in anns])
    for row in bad_boxes:
        where = section.ptr(row) + "/bbox"
        ctx.add("S003", "bbox must have 4 numbers [x, y, width, height]", where)
    _require(ctx, kind, section, anns, (ids, image_ids, cat_ids))
    if kind == "results" or None in ids:
        ids = [f"#{row}" if i is None else i for row, i in enumerate(ids)]
    segs = [a.segmentation for a in anns]
    objects = Objects(
        ids=ids,
        image=index_rows(image_ids, images.ids),
        category=index_rows(cat_ids, [c.id for c in categories]),
        box=box,
        area=float_column([a.area for a in anns]),
        crowd=int_column([a.iscrowd for a in anns], 0) != 0,
        score=float_column([a.score for a in anns]),
        polygons=parts_ragged(segs),
        keypoints=flat_ragged([a.keypoints for a in anns]),
        rle=_rles(segs, ctx, section),
        attributes=_sparse([a.attributes for a in anns]),
    )
    num = [a.num_keypoints for a in anns]
    if num.count(None) != len(num):
        objects.num_keypoints = int_column(num, -1)
    return objects


def _require(
    ctx: Context,
    kind: str,
    section: Section,
    anns: Sequence[CocoAnn],
    gathered: tuple[list[Any], list[Any], list[Any]],
) -> None:
    ids, image_ids, cat_ids = gathered
    columns: dict[str, Callable[[], list[int]]] = {
        "id": lambda: none_rows(ids),
        "image_id": lambda: none_rows(image_ids),
        "category_id": lambda: none_rows(cat_ids),
        "bbox": lambda: none_rows([a.bbox for a in anns]),
        "score": lambda: none_rows([a.score for a in anns]),
        "caption": lambda: none_rows([a.caption for a in anns]),
    }
    for name in REQUIRED[kind]:
        for row in columns[name]():
            where = section.ptr(row)
            if f"{where}/{name}" in ctx.reported:
                continue  # mistyped, already an S002
            ctx.add("S001", f"annotation has no {name}", where, annotation_id=_str(ids[row]))
    if kind == "results":
        geometry = ("bbox", "segmentation", "keypoints")
        for row, ann in enumerate(anns):
            if all(getattr(ann, g) is None for g in geometry):
                where = section.ptr(row)
                ctx.add("S001", "result has none of bbox, segmentation, keypoints", where)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _rles(segs: list[Any], ctx: Context, section: Section) -> dict[int, Rle]:
    if CocoRle not in set(map(type, segs)):
        return {}
    out: dict[int, Rle] = {}
    for row, seg in enumerate(segs):
        if seg.__class__ is not CocoRle:
            continue
        where = section.ptr(row) + "/segmentation"
        if seg.size is None or seg.counts is None:
            ctx.add("S001", "RLE segmentation needs size and counts", where)
        elif len(seg.size) != 2:
            ctx.add("S003", "RLE size must be [height, width]", where + "/size")
        else:
            out[row] = Rle(seg.size[0], seg.size[1], seg.counts)
    return out


def _sparse(values: list[Any]) -> dict[int, Any]:
    if values.count(None) == len(values):
        return {}
    return {row: v for row, v in enumerate(values) if v is not None}


def _captions(
    ctx: Context,
    images: Images,
    categories: list[Category],
    anns: Sequence[CocoAnn],
    index: list[int] | None,
) -> Dataset:
    ids = [a.id for a in anns]
    image_ids = [a.image_id for a in anns]
    _require(ctx, "captions", Section("/annotations", index), anns, (ids, image_ids, []))
    captions = [{"id": a.id, "image_id": a.image_id, "caption": a.caption} for a in anns]
    return Dataset(
        ctx.source,
        "coco",
        images,
        categories,
        Objects.empty(),
        findings=ctx.findings,
        locate_image=image_locator(ctx, images),
        kind="captions",
        extra={"captions": captions},
    )


def object_locator(
    ctx: Context, images: Images, objects: Objects, where: Callable[[int], str]
) -> Callable[[int], Location]:
    """``locate_object`` for a dataset: pointer always, line:col from the lazy locator."""

    def locate(row: int) -> Location:
        image_row = int(objects.image[row])
        known = 0 <= image_row < len(images)
        return ctx.locator.locate(
            where(row),
            annotation_id=_str(objects.ids[row]),
            image_id=_str(images.ids[image_row]) if known else None,
            image_file=images.files[image_row] if known else None,
        )

    return locate


def image_locator(ctx: Context, images: Images) -> Callable[[int], Location]:
    """``locate_image`` for a dataset."""

    def locate(row: int) -> Location:
        return ctx.locator.locate(
            Section("/images", ctx.image_index).ptr(row),
            image_id=_str(images.ids[row]),
            image_file=images.files[row],
        )

    return locate

"""Small builders for check tests: taxonomies from YAML text, datasets from native documents.

``native_dataset`` is a deliberately small reader of the native format (no line numbers;
pointers ``/images/<i>/objects/<j>``) so rule tests do not depend on the real readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from taxonomist.core.findings import Location
from taxonomist.dataset.model import Category, Dataset, Images, MaskPixels, Objects, Ragged, Rle
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

DATA = Path(__file__).parents[1] / "data" / "check"
SOURCE = "annotations.json"


def taxonomy_from(spec: dict[str, Any] | str, tmp: Path) -> Taxonomy:
    """A taxonomy from a fixture name (``tests/data/check/taxonomies/<name>.yaml``) or a dict."""
    if isinstance(spec, str):
        return load(DATA / "taxonomies" / f"{spec}.yaml")
    path = tmp / "taxonomy.yaml"
    base = {"name": "test", "version": "1.0.0"}
    path.write_text(yaml.safe_dump({**base, **spec}, sort_keys=False), encoding="utf-8")
    return load(path)


def _ragged(owners: list[int], rows: list[list[float]], types: list[str | None]) -> Ragged:
    lengths = [len(r) for r in rows]
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    values = np.array([v for r in rows for v in r], dtype=np.float64)
    return Ragged(np.array(owners, dtype=np.int64), offsets, values, types)


class _Objects:
    def __init__(self) -> None:
        self.ids: list[Any] = []
        self.image: list[int] = []
        self.category: list[int] = []
        self.box: list[list[float]] = []
        self.area: list[float] = []
        self.crowd: list[bool] = []
        self.score: list[float] = []
        self.num_keypoints: list[int] = []
        self.polygons: tuple[list[int], list[list[float]], list[str | None]] = ([], [], [])
        self.keypoints: tuple[list[int], list[list[float]], list[str | None]] = ([], [], [])
        self.extra: dict[str, dict[int, list[float]]] = {}
        self.rle: dict[int, Rle] = {}
        self.attributes: dict[int, dict[str, Any]] = {}
        self.relations: dict[int, list[tuple[str, Any]]] = {}
        self.pointers: list[str] = []


def native_dataset(doc: dict[str, Any], taxonomy: Taxonomy, kind: str = "instances") -> Dataset:
    """A ``Dataset`` from a native document (``{"images": [...]}``)."""
    names: dict[str, int] = {}
    out = _Objects()
    images = doc.get("images", [])
    for i, image in enumerate(images):
        for j, obj in enumerate(image.get("objects", [])):
            _object(out, obj, (i, j), names, taxonomy)
    absent = {
        i: [names.setdefault(n, len(names)) for n in img.get("verified_absent", [])]
        for i, img in enumerate(images)
        if img.get("verified_absent")
    }
    categories = [Category(name=n) for n in names]
    objects = Objects(
        ids=out.ids,
        image=np.array(out.image, dtype=np.int64),
        category=np.array(out.category, dtype=np.int64),
        box=np.array(out.box, dtype=np.float64).reshape(-1, 4),
        area=np.array(out.area, dtype=np.float64),
        crowd=np.array(out.crowd, dtype=np.bool_),
        score=np.array(out.score, dtype=np.float64),
        polygons=_ragged(*out.polygons),
        keypoints=_ragged(*out.keypoints),
        num_keypoints=np.array(out.num_keypoints, dtype=np.int64),
        rle=out.rle,
        attributes=out.attributes,
        extra_boxes={k: _column(v, len(out.ids)) for k, v in out.extra.items()},
        relations=out.relations,
    )
    img = Images(
        ids=[m.get("id", f"#{i}") for i, m in enumerate(images)],
        files=[m.get("file", "") for m in images],
        width=np.array([m.get("width", np.nan) for m in images], dtype=np.float64),
        height=np.array([m.get("height", np.nan) for m in images], dtype=np.float64),
        labels=[m.get("labels", {}) for m in images]
        if any("labels" in m for m in images)
        else None,
        verified_absent=absent,
        masks=MaskPixels(values=doc.get("mask_values", {})),
    )
    pointers = out.pointers

    def locate(row: int) -> Location:
        image = int(objects.image[row])
        return Location(
            file=SOURCE,
            pointer=pointers[row],
            image_id=str(img.ids[image]),
            annotation_id=str(objects.ids[row]),
        )

    def locate_image(row: int) -> Location:
        return Location(file=SOURCE, pointer=f"/images/{row}", image_id=str(img.ids[row]))

    return Dataset(
        SOURCE,
        "native",
        img,
        categories,
        objects,
        locate_object=locate,
        locate_image=locate_image,
        kind=kind,
        declares_categories=False,
        ids_unique_per="image",
        boxes_follow_label_types=True,
        boxes_are_bounds=False,
        is_results=kind == "results",
    )


def _column(values: dict[int, list[float]], n: int) -> Any:
    array = np.full((n, 4), np.nan)
    for row, box in values.items():
        array[row] = box
    return array


def _object(
    out: _Objects, obj: dict[str, Any], at: tuple[int, int], names: dict[str, int], tax: Taxonomy
) -> None:
    i, j = at
    row = len(out.ids)
    out.ids.append(obj.get("id", f"#{row}"))
    out.pointers.append(f"/images/{i}/objects/{j}")
    out.image.append(obj.get("image", i))
    out.category.append(names.setdefault(obj["class"], len(names)) if "class" in obj else -1)
    out.box.append(obj.get("box", [np.nan] * 4))
    out.area.append(obj.get("area", np.nan))
    out.crowd.append(bool(obj.get("crowd", False)))
    out.score.append(obj.get("score", np.nan))
    out.num_keypoints.append(obj.get("num_keypoints", -1))
    if obj.get("attributes"):
        out.attributes[row] = obj["attributes"]
    if obj.get("relations"):
        out.relations[row] = [(r["type"], r["object"]) for r in obj["relations"]]
    for name, shape in obj.get("shapes", {}).items():
        _shape(out, row, name, shape, tax)


def _shape(out: _Objects, row: int, name: str, shape: Any, tax: Taxonomy) -> None:
    spec = tax.label_types.get(name)
    kind = spec.kind if spec is not None else "polygon"
    if kind == "polygon":
        for part in shape:
            out.polygons[0].append(row)
            out.polygons[1].append(part)
            out.polygons[2].append(name)
    elif kind == "keypoints":
        out.keypoints[0].append(row)
        out.keypoints[1].append(shape)
        out.keypoints[2].append(name)
    elif kind == "mask":
        height, width = shape["size"]
        out.rle[row] = Rle(height, width, shape["counts"])
    elif kind == "box":
        out.extra.setdefault(name, {})[row] = shape

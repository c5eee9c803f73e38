"""Native image records -> ``Dataset``: validates each record (S001/S002/S003/S004 at its
pointer) and accumulates the columns. One bad record or field never stops the file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location
from taxonomist.dataset.model import Category, Dataset, Images, Objects
from taxonomist.formats._io.columns import (
    OUT_OF_RANGE,
    SIZE_OUT_OF_RANGE,
    bound_geometry,
    bound_sizes,
    box_column,
    float_column,
)
from taxonomist.formats._io.declared import Declared
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.codes import (
    MISSING_FIELD,
    NUMBER_OUT_OF_RANGE,
    UNKNOWN_FIELD,
    WRONG_LENGTH,
    WRONG_TYPE,
)
from taxonomist.formats.native.shapes import Shapes

IMAGE_KEYS = frozenset(
    {"id", "file", "width", "height", "labels", "verified_absent", "not_exhaustive", "objects"}
)
OBJECT_KEYS = frozenset(
    {"id", "class", "box", "shapes", "crowd", "score", "attributes", "relations", "annotator"}
)


@dataclass(frozen=True, slots=True)
class Place:
    """Where an image record is: its index and its pointer prefix in the document."""

    index: int
    base: str


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_id(value: Any) -> bool:
    """Ids are strings or integers (never ``true``, which Python would take for 1)."""
    return isinstance(value, str | int) and not isinstance(value, bool)


@dataclass(slots=True)
class Builder:
    source: str
    format: str
    findings: list[Finding] = field(default_factory=list)
    declared: Declared = field(default_factory=Declared)  # the taxonomy the file follows
    locator_for: Callable[[int], JsonLocator] | None = None
    images: dict[str, list[Any]] = field(
        default_factory=lambda: {k: [] for k in ("ids", "files", "width", "height", "labels")}
    )
    image_places: list[Place] = field(default_factory=list)
    absent: dict[int, list[int]] = field(default_factory=dict)
    partial: dict[int, list[int]] = field(default_factory=dict)
    obj: dict[str, list[Any]] = field(
        default_factory=lambda: {
            k: [] for k in ("ids", "image", "category", "box", "crowd", "score")
        }
    )
    object_places: list[tuple[Place, int]] = field(default_factory=list)
    attributes: dict[int, dict[str, Any]] = field(default_factory=dict)
    relations: dict[int, list[tuple[str, Any]]] = field(default_factory=dict)
    annotator: dict[int, str] = field(default_factory=dict)
    shapes: Shapes = field(default_factory=Shapes)
    classes: dict[str, int] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    # A batch of a file read in parts (``formats.native.lines``): the objects before it,
    # and where each class was first used in the file (shared by the batches).
    first_object: int = 0
    first_uses: dict[str, str] = field(default_factory=dict)

    # -- reporting -------------------------------------------------------------------
    def at(self, place: Place, suffix: str = "", **ids: Any) -> Location:
        ptr = place.base + suffix
        if self.locator_for is None:
            return Location(file=self.source, pointer=ptr, **ids)
        return self.locator_for(place.index).locate(ptr, **ids)

    def report(self, code: CodeDoc, message: str, location: Location) -> None:
        self.findings.append(code.finding(message, location))

    def bad(self, code: CodeDoc, message: str, place: Place, suffix: str = "") -> None:
        self.report(code, message, self.at(place, suffix))

    # -- images ----------------------------------------------------------------------
    def image(self, record: Any, place: Place) -> None:
        if not isinstance(record, dict):
            self.bad(WRONG_TYPE, "an image record must be an object", place)
            return
        row = len(self.image_places)
        self.image_places.append(place)
        self._unknown(record, IMAGE_KEYS, place, "", "image")
        image_id = record.get("id")
        if image_id is None:
            self.bad(MISSING_FIELD, "image has no id", place)
        elif not _is_id(image_id):
            self.bad(WRONG_TYPE, "image id must be a string or an integer", place, "/id")
            image_id = None  # rules hash ids: a list or an object cannot be one
        self.images["ids"].append(image_id)
        self.images["files"].append(self._typed(record, "file", str, place, "") or "")
        for key in ("width", "height"):
            value = record.get(key)
            if value is not None and not _number(value):
                self.bad(WRONG_TYPE, f"{key} must be a number", place, f"/{key}")
                value = None
            self.images[key].append(value)
        self.images["labels"].append(self._typed(record, "labels", dict, place, "") or {})
        self._class_list(record, "verified_absent", place, row, self.absent)
        self._class_list(record, "not_exhaustive", place, row, self.partial)
        objects = self._typed(record, "objects", list, place, "") or []
        for j, item in enumerate(objects):
            self.object(item, place, j, row)

    def _class_list(
        self, record: dict[str, Any], key: str, place: Place, row: int, out: dict[int, list[int]]
    ) -> None:
        names = self._typed(record, key, list, place, "")
        if not names:
            return
        rows = []
        for k, name in enumerate(names):
            if isinstance(name, str):
                rows.append(self.category(name, place.base + f"/{key}/{k}"))
            else:
                self.bad(WRONG_TYPE, f"{key} must list class names", place, f"/{key}/{k}")
        out[row] = rows

    def category(self, name: str, ptr: str) -> int:
        if name not in self.classes:
            self.classes[name] = len(self.categories)
            first = self.first_uses.setdefault(name, ptr)
            self.categories.append(Category(name=name, pointer=first))
        return self.classes[name]

    def _typed(
        self, record: dict[str, Any], key: str, kind: type, place: Place, prefix: str
    ) -> Any:
        value = record.get(key)
        if value is None:
            return None
        if kind is float:
            ok = _number(value)
        elif kind is bool:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, kind)
        if ok:
            return value
        names = {str: "a string", dict: "an object", list: "a list", float: "a number"}
        what = names.get(kind, "true or false")
        self.bad(WRONG_TYPE, f"{key} must be {what}", place, f"{prefix}/{key}")
        return None

    def _unknown(
        self, record: dict[str, Any], known: frozenset[str], place: Place, prefix: str, what: str
    ) -> None:
        for key in sorted(set(record) - known):
            self.bad(UNKNOWN_FIELD, f"unknown {what} key {key!r}", place, f"{prefix}/{key}")

    # -- objects ---------------------------------------------------------------------
    def object(self, record: Any, place: Place, j: int, image_row: int) -> None:
        prefix = f"/objects/{j}"
        if not isinstance(record, dict):
            self.bad(WRONG_TYPE, "an object record must be an object", place, prefix)
            return
        row = len(self.object_places)
        self.object_places.append((place, j))
        self._unknown(record, OBJECT_KEYS, place, prefix, "object")
        self.obj["ids"].append(self._object_id(record.get("id"), place, prefix, row))
        self.obj["image"].append(image_row)
        name = self._typed(record, "class", str, place, prefix)
        if "class" not in record:
            self.bad(MISSING_FIELD, "object has no class", place, prefix)
        self.obj["category"].append(
            -1 if name is None else self.category(name, place.base + prefix)
        )
        self.obj["box"].append(self._box(record.get("box"), place, prefix + "/box"))
        crowd = self._typed(record, "crowd", bool, place, prefix) if "crowd" in record else None
        self.obj["crowd"].append(bool(crowd) if isinstance(crowd, bool) else False)
        self.obj["score"].append(self._typed(record, "score", float, place, prefix))
        self._sparse(record, place, prefix, row)
        shapes = self._typed(record, "shapes", dict, place, prefix)
        for label_type, value in (shapes or {}).items():
            where = f"{prefix}/shapes/{label_type}"
            problem = self.shapes.add(row, label_type, value)
            if problem:
                self.bad(problem[0], problem[1], place, where)

    def _object_id(self, value: Any, place: Place, prefix: str, row: int) -> Any:
        if value is None:
            return f"#{self.first_object + row}"
        if not _is_id(value):
            self.bad(WRONG_TYPE, "object id must be a string or an integer", place, f"{prefix}/id")
            return f"#{self.first_object + row}"
        return value

    def _box(self, value: Any, place: Place, suffix: str) -> list[float] | None:
        if value is None:
            return None
        if not isinstance(value, list) or not all(_number(v) for v in value):
            self.bad(WRONG_TYPE, "box must be a list of 4 numbers [x, y, w, h]", place, suffix)
            return None
        if len(value) != 4:
            self.bad(WRONG_LENGTH, "box must have 4 numbers [x, y, w, h]", place, suffix)
            return None
        return value

    def _sparse(self, record: dict[str, Any], place: Place, prefix: str, row: int) -> None:
        attributes = self._typed(record, "attributes", dict, place, prefix)
        if attributes:
            self.attributes[row] = attributes
        annotator = self._typed(record, "annotator", str, place, prefix)
        if annotator is not None:
            self.annotator[row] = annotator
        relations = self._typed(record, "relations", list, place, prefix)
        for k, rel in enumerate(relations or ()):
            if (
                isinstance(rel, dict)
                and isinstance(rel.get("type"), str)
                and _is_id(rel.get("object"))
            ):
                self.relations.setdefault(row, []).append((rel["type"], rel["object"]))
            else:
                message = 'a relation must be {"type": name, "object": id}'
                self.bad(WRONG_TYPE, message, place, f"{prefix}/relations/{k}")

    # -- result ----------------------------------------------------------------------
    def dataset(self, findings: list[Finding]) -> Dataset:
        img = self.images
        width, height = float_column(img["width"]), float_column(img["height"])
        for row in bound_sizes(width, height):
            self.bad(NUMBER_OUT_OF_RANGE, SIZE_OUT_OF_RANGE, self.image_places[row])
        images = Images(
            ids=img["ids"],
            files=img["files"],
            width=width,
            height=height,
            labels=img["labels"],
            verified_absent=self.absent,
            not_exhaustive=self.partial,
        )
        objects = self._objects()
        return Dataset(
            self.source,
            self.format,
            images,
            self.categories,
            objects,
            findings=[*findings, *self.findings],
            locate_object=self._locate_object(images, objects),
            locate_image=self._locate_image(images),
            kind="native",
            taxonomy=self.declared.name,
            taxonomy_version=self.declared.version,
            taxonomy_version_pointer=self.declared.version_pointer,
            declares_categories=False,
            ids_unique_per="image",
            boxes_follow_label_types=True,
            boxes_are_bounds=False,
        )

    def _objects(self) -> Objects:
        o = self.obj
        n = len(o["ids"])
        box, _ = box_column(o["box"])
        polygons, keypoints, rle, extra_boxes = self.shapes.columns(n)
        objects = Objects(
            ids=o["ids"],
            image=np.array(o["image"], np.int64),
            category=np.array(o["category"], np.int64),
            box=box,
            area=np.full(n, np.nan),
            crowd=np.array(o["crowd"], np.bool_),
            score=float_column(o["score"]),
            polygons=polygons,
            keypoints=keypoints,
            rle=rle,
            attributes=self.attributes,
            extra_boxes=extra_boxes,
            relations=self.relations,
            annotator=self.annotator,
        )
        for row in bound_geometry(objects):
            place, j = self.object_places[row]
            self.bad(NUMBER_OUT_OF_RANGE, OUT_OF_RANGE, place, f"/objects/{j}")
        return objects

    def _locate_object(self, images: Images, objects: Objects) -> Callable[[int], Location]:
        def locate(row: int) -> Location:
            place, j = self.object_places[row]
            image_row = int(objects.image[row])
            return self.at(
                place,
                f"/objects/{j}",
                annotation_id=str(objects.ids[row]),
                image_id=_text(images.ids[image_row]),
                image_file=images.files[image_row],
            )

        return locate

    def _locate_image(self, images: Images) -> Callable[[int], Location]:
        def locate(row: int) -> Location:
            place = self.image_places[row]
            return self.at(place, image_id=_text(images.ids[row]), image_file=images.files[row])

        return locate


def _text(value: Any) -> str | None:
    return None if value is None else str(value)

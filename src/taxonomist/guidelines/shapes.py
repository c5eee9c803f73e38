"""The shapes of one example, taken from the ``Dataset`` the checker read, ready to draw.

The drawing needs far less than the checker: per object its class, boxes (pixel ``xyxy``)
and extra shapes. Which drawing a shape gets follows its label type's kind, as the taxonomy
declares it (a shape of a label type the taxonomy does not know is drawn as what its values
look like). The checker, not this module, decides whether the annotation is right; here a
malformed shape is left out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Finding
from taxonomist.dataset.model import Dataset, Ragged, Rle
from taxonomist.dataset.rle import decode_counts
from taxonomist.taxonomy.model import KeypointLabel, LabelType
from taxonomist.taxonomy.resolved import Taxonomy

Point = tuple[float, float]
MAX_MASK_PIXELS = 50_000_000
POLYGON_KINDS = ("polygon", "polyline")


@dataclass(frozen=True)
class Keypoints:
    names: tuple[str, ...]
    points: tuple[tuple[float, float, int], ...]  # x, y, visibility
    skeleton: tuple[tuple[int, int], ...]


@dataclass
class DrawObject:
    """One object of the example: everything the drawing shows for it."""

    cls: str
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)  # xyxy px
    polygons: list[list[Point]] = field(default_factory=list)
    masks: list[tuple[int, int, list[int]]] = field(default_factory=list)  # h, w, runs
    keypoints: list[Keypoints] = field(default_factory=list)
    note: str = ""  # shown after the class on the object's label, e.g. "depiction: real"
    row: int = -1  # the object's row in the dataset, which findings are matched against

    @property
    def drawn(self) -> bool:
        """Whether the object has anything to draw (a class without shapes is not shown)."""
        return bool(self.boxes or self.polygons or self.masks or self.keypoints)


@dataclass(frozen=True)
class Mark:
    """A fault the drawing points at: the object at index ``target`` of
    ``ExampleShapes.objects``, or the whole image (``None``), with what is wrong."""

    target: int | None
    message: str


@dataclass
class ExampleShapes:
    width: int
    height: int
    objects: list[DrawObject]
    image_labels: list[str]  # classes named by image-level labels
    marks: list[Mark] = field(default_factory=list)  # the faults a Don't is about
    # the image-level answers the example is about: (label type, its values), shown as text
    answers: list[tuple[str, list[str]]] = field(default_factory=list)


def image_row(dataset: Dataset, annotation: Path, image: Path) -> int:
    """The row of ``image`` in the dataset of its annotation file (the only row, or the one
    whose ``file`` names it)."""
    files = dataset.images.files
    for row, name in enumerate(files):
        if Path(name).name == image.name:
            return row
    if len(files) == 1:
        return 0
    if not files and dataset.findings:
        raise InvalidInput(
            f"{annotation}: not a native annotation file ({dataset.findings[0].message})",
            hint="an example's annotation is a native-format JSON file",
        )
    raise InvalidInput(f"{annotation}: no image record for {image.name}")


def shapes_of(
    tax: Taxonomy,
    dataset: Dataset,
    image: int,
    size: tuple[int, int],
    show: Mapping[str, frozenset[str]] | None = None,
    *,
    questions: Sequence[str] = (),
) -> ExampleShapes:
    """The drawable shapes of image row ``image`` (``size`` is the image's real width, height).

    ``show`` maps attribute names to the classes whose labels show them (empty: every class),
    so an example of an attribute rule shows the value the rule is about; ``questions`` are
    the image-level label types whose answers it shows (those a rule applies to).
    """
    objects = dataset.objects
    rows = [
        r for r in range(len(objects)) if objects.image[r] == image and objects.category[r] >= 0
    ]
    drawn = {r: DrawObject(dataset.categories[objects.category[r]].name, row=r) for r in rows}
    _boxes(tax, dataset, drawn)
    _ragged(tax, objects.polygons, drawn, parts=True)
    _ragged(tax, objects.keypoints, drawn, parts=False)
    for row, rle in objects.rle.items():
        runs = _runs(rle)
        if row in drawn and runs is not None:
            drawn[row].masks.append((rle.height, rle.width, runs))
    for row, obj in drawn.items():
        obj.note = _note(objects.attributes.get(row, {}), obj.cls, show or {})
    labels = dataset.images.labels[image] if dataset.images.labels else {}
    shapes = ExampleShapes(size[0], size[1], list(drawn.values()), _image_labels(tax, labels))
    shapes.answers = [(name, _answer(labels[name])) for name in questions if name in labels]
    return shapes


def _answer(value: Any) -> list[str]:
    return [_shown(v) for v in value] if isinstance(value, list) else [_shown(value)]


def marks_of(
    dataset: Dataset,
    image: int,
    shapes: ExampleShapes,
    findings: Sequence[Finding],
    prefix: str = "",
) -> list[Mark]:
    """The marks for ``findings`` on image row ``image``: a finding about a drawn object points
    at it; one about the image, or about an object the drawing leaves out, is about the whole
    image. ``prefix`` (the rule's title, which the page shows already) is left out of each
    message. Findings about another image of the file are left out."""
    image_id = _text(dataset.images.ids[image]) if image < len(dataset.images.ids) else None
    # every drawn object is on this image, where object ids are unique
    objects = {_object_id(dataset, obj.row): i for i, obj in enumerate(shapes.objects)}
    marks: list[Mark] = []
    for finding in findings:
        loc = finding.location
        if loc.image_id is not None and image_id is not None and loc.image_id != image_id:
            continue
        target = objects.get(loc.annotation_id) if loc.annotation_id is not None else None
        mark = Mark(target, message_without(finding.message, prefix))
        if mark not in marks:
            marks.append(mark)
    return marks


def message_without(message: str, prefix: str) -> str:
    """``message`` without a leading ``prefix: `` (a rule's finding starts with its title)."""
    lead = f"{prefix}: "
    return message[len(lead) :] if prefix and message.startswith(lead) else message


def _object_id(dataset: Dataset, row: int) -> str | None:
    """The annotation id a finding about object ``row`` names (as its reader locates it)."""
    return dataset.object_location(row).annotation_id


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _note(values: dict[str, Any], cls: str, show: Mapping[str, frozenset[str]]) -> str:
    parts = [
        f"{name}: {_shown(values.get(name))}"
        for name, classes in show.items()
        if not classes or cls in classes
    ]
    return ", ".join(parts)


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _image_labels(tax: Taxonomy, labels: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for value in labels.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in tax.classes:
                found.append(item)
    return found


def _boxes(tax: Taxonomy, dataset: Dataset, drawn: dict[int, DrawObject]) -> None:
    """The main box of each object, then its extra boxes (label types written as 4 numbers)."""
    for row, obj in drawn.items():
        _box(obj, dataset.objects.box[row].tolist())
    for name, column in dataset.objects.extra_boxes.items():
        spec = tax.label_types.get(name)
        for row, obj in drawn.items():
            if np.isfinite(column[row]).all():
                _shape(obj, spec, column[row].tolist(), guess="box")


def _ragged(tax: Taxonomy, shapes: Ragged, drawn: dict[int, DrawObject], *, parts: bool) -> None:
    """Polygon parts (``parts``: written as lists of lists, which only a polygon can be) or
    other flat lists, each drawn as its label type's kind says."""
    for i in range(len(shapes)):
        obj = drawn.get(int(shapes.owner[i]))
        name = shapes.label_type[i] if shapes.label_type is not None else None
        spec = tax.label_types.get(name or "")
        if obj is None or (parts and spec is not None and spec.kind not in POLYGON_KINDS):
            continue
        _shape(obj, spec, shapes.row(i).tolist(), guess="polygon")


def _shape(obj: DrawObject, spec: LabelType | None, values: list[float], guess: str) -> None:
    """One flat list of numbers: a box, a polygon (part) or keypoints, by the label type
    (``guess`` for a label type the taxonomy does not know)."""
    kind = spec.kind if spec is not None else guess
    if kind == "box":
        _box(obj, values)
    elif kind in POLYGON_KINDS:
        points = list(zip(values[0::2], values[1::2], strict=False))
        if len(points) >= 2:
            obj.polygons.append(points)
    elif kind == "keypoints" and isinstance(spec, KeypointLabel):
        obj.keypoints.append(_keypoints(spec, values))


def _box(obj: DrawObject, xywh: list[float]) -> None:
    """A pixel ``xywh`` box (the checker converted the label type's convention) as ``xyxy``."""
    if len(xywh) == 4 and all(np.isfinite(xywh)):
        x, y, w, h = xywh
        obj.boxes.append((x, y, x + w, y + h))


def _runs(rle: Rle) -> list[int] | None:
    """The runs of a mask worth drawing, or None (malformed: the checker reports it)."""
    if rle.height <= 0 or rle.width <= 0 or rle.height * rle.width > MAX_MASK_PIXELS:
        return None
    counts = rle.counts
    runs = decode_counts(counts) if isinstance(counts, str) else [int(c) for c in counts]
    return runs if runs is not None and sum(runs) == rle.height * rle.width else None


def _keypoints(spec: KeypointLabel, flat: list[float]) -> Keypoints:
    points = tuple((flat[i], flat[i + 1], int(flat[i + 2])) for i in range(0, len(flat) - 2, 3))
    index = {name: i for i, name in enumerate(spec.keypoints)}
    edges = tuple((index[a], index[b]) for a, b in spec.skeleton if a in index and b in index)
    return Keypoints(tuple(spec.keypoints), points, edges)

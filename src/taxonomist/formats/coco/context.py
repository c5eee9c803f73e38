"""What the COCO builders share: where records are (``Section``), their fields gathered
column by column (``Columns``), where findings go (``Context``), and the lazy locators a
``Dataset`` carries."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location
from taxonomist.core.limits import counted, file_finding
from taxonomist.dataset.model import Images, Objects
from taxonomist.formats._io.columns import OUT_OF_RANGE, bound_geometry
from taxonomist.formats._io.locate import JsonLocator
from taxonomist.formats.coco.geometry import EMPTY_RAW
from taxonomist.formats.codes import NUMBER_OUT_OF_RANGE, WRONG_TYPE


@dataclass(frozen=True, slots=True)
class Section:
    """Records of one list in the file: ``/annotations`` (or ``""`` for a results list);
    ``index`` maps kept rows to source indices when the tolerant path skipped some."""

    name: str
    index: list[int] | None = None

    def ptr(self, row: int) -> str:
        return f"{self.name}/{row if self.index is None else self.index[row]}"


class Columns:
    """Per-field lists of a section's records, each gathered once (C-speed ``attrgetter``)
    and only when some step asks for it."""

    def __init__(self, records: Sequence[Any]) -> None:
        self.records = records
        self._cache: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, name: str) -> list[Any]:
        if name not in self._cache:
            self._cache[name] = list(map(attrgetter(name), self.records))
        return self._cache[name]

    def present(self, name: str) -> bool:
        """Whether any record has the field (absent: None, or an empty Raw)."""
        values = self[name]
        absent = values.count(None)  # all None (a field no record has): no second count
        return absent != len(values) and absent + values.count(EMPTY_RAW) != len(values)


@dataclass(slots=True)
class Context:
    """Where findings go and how records are located."""

    source: str
    locator: JsonLocator
    reported: set[str]
    image_index: list[int] | None = None  # image row -> index in /images (tolerant path)
    raw_geometry: bool = False  # bbox/segmentation/keypoints still raw JSON (fast path)
    findings: list[Finding] = field(default_factory=list)

    def bound(self, objects: Objects, ptr: Callable[[int], str]) -> None:
        """S008 for each object whose geometry lies beyond the coordinate limit (read as
        absent, so no rule overflows on it)."""
        for row in bound_geometry(objects):
            self.add(NUMBER_OUT_OF_RANGE, OUT_OF_RANGE, ptr(row))

    def add(self, code: CodeDoc, message: str, where: str, **ids: str | None) -> None:
        """File finding ``code`` at pointer ``where`` (unless an S002 already covers it)."""
        if code is not WRONG_TYPE and where in self.reported:
            return
        if code is WRONG_TYPE:
            self.reported.add(where)
        if not counted(self.source, code):
            finding = code.finding(message, self.locator.locate(where, **ids))
            file_finding(self.findings, finding)


def text_or_none(value: Any) -> str | None:
    """``str(value)``, or None for None (ids in Locations are text)."""
    return None if value is None else str(value)


def object_locator(
    ctx: Context, images: Images, objects: Objects, where: Callable[[int], str]
) -> Callable[[int], Location]:
    """``locate_object`` for a dataset: pointer always, line:col from the lazy locator."""

    def locate(row: int) -> Location:
        image_row = int(objects.image[row])
        known = 0 <= image_row < len(images)
        return ctx.locator.locate(
            where(row),
            annotation_id=text_or_none(objects.ids[row]),
            image_id=text_or_none(images.ids[image_row]) if known else None,
            image_file=images.files[image_row] if known else None,
        )

    return locate


def image_locator(ctx: Context, images: Images) -> Callable[[int], Location]:
    """``locate_image`` for a dataset."""

    def locate(row: int) -> Location:
        return ctx.locator.locate(
            Section("/images", ctx.image_index).ptr(row),
            image_id=text_or_none(images.ids[row]),
            image_file=images.files[row],
        )

    return locate

"""What every rule reads: the taxonomy, one dataset, and the class of every row, as arrays.

Rules run in bulk: ``ctx.object_class`` maps each object row to a taxonomy class index
(``-1`` where the class is unknown), and ``ctx.per_class`` turns any per-class fact into a
numpy array indexed by that class index, so ``allowed[ctx.object_class]`` answers a question
for a million rows at once. Findings are built only for the rows that fail (``ctx.object``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.core.limits import located
from taxonomist.dataset.model import Category, Dataset
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

if TYPE_CHECKING:
    from taxonomist.check.rules.images.summary import ImageRun

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


@dataclass(slots=True)
class Context:
    """One dataset checked against one taxonomy."""

    taxonomy: Taxonomy
    dataset: Dataset
    classes: tuple[TaxonomyClass, ...]  # taxonomy class index -> class
    category_class: I64  # dataset category row -> class index, -1 unknown
    object_class: I64  # object row -> class index, -1 unknown (or unknown category)
    cache: dict[str, Any] = field(default_factory=dict)
    images: ImageRun | None = None  # where the image files are (None: no image checks)

    def per_class(
        self, key: str, fact: Callable[[TaxonomyClass], Any], dtype: Any, default: Any = 0
    ) -> Any:
        """``fact`` for every class as an array indexed by class index (cached by ``key``).

        The array has one extra trailing slot holding ``default``, so indexing with
        ``object_class`` (where -1 means unknown) reads a neutral value for unknown rows.
        """
        if key not in self.cache:
            values = [fact(c) for c in self.classes]
            array = np.full(len(values) + 1, default, dtype=dtype)
            if values:
                array[: len(values)] = values
            self.cache[key] = array
        return self.cache[key]

    def for_objects(
        self, key: str, fact: Callable[[TaxonomyClass], Any], dtype: Any, default: Any = 0
    ) -> Any:
        """``fact`` of each object row's class (``default`` for unknown classes)."""
        return self.per_class(key, fact, dtype, default)[self.object_class]

    def label_type(self, cls: TaxonomyClass, kinds: Iterable[str]) -> Any:
        """The class's first label type of one of ``kinds``, or None."""
        wanted = set(kinds)
        for name in cls.label_types:
            spec = self.taxonomy.label_types.get(name)
            if spec is not None and spec.kind in wanted:
                return spec
        return None

    def known(self) -> B:
        """Object rows whose class is known."""
        return self.object_class >= 0

    def class_of(self, row: int) -> TaxonomyClass | None:
        index = int(self.object_class[row])
        return None if index < 0 else self.classes[index]

    def object(self, doc: CodeDoc, row: int, message: str, **extra: Any) -> Finding:
        """A finding about object ``row``; the URL is the check page unless ``url`` is given."""
        location = self._located(doc, lambda: self.dataset.object_location(int(row)))
        return self._finding(doc, message, location, **extra)

    def image(self, doc: CodeDoc, row: int, message: str, **extra: Any) -> Finding:
        location = self._located(doc, lambda: self.dataset.image_location(int(row)))
        return self._finding(doc, message, location, **extra)

    def _located(self, doc: CodeDoc, locate: Callable[[], Location]) -> Location:
        """Where a finding is, left at the file when the run would only count it; only a
        one-file source, where every row's findings are in that file (``core.limits``)."""
        if "one_file" not in self.cache:
            self.cache["one_file"] = Path(self.dataset.source).is_file()
        if not self.cache["one_file"]:
            return locate()
        return located(self.dataset.source, doc.code, locate)

    def at(self, doc: CodeDoc, location: Location, message: str, **extra: Any) -> Finding:
        """A finding about no object or image row (a category, the file itself)."""
        finding = self._finding(doc, message, location, **extra)
        part = self.dataset.part
        if part is not None:
            key = (doc.code, finding.name, message, location.pointer, location.line)
            if part.told.setdefault(key, part.index) != part.index:
                self.cache.setdefault("told_before", set()).add(id(finding))
        return finding

    def told_elsewhere(self, finding: Finding) -> bool:
        """Whether ``finding``, about no object or image, was made by an earlier part of
        the file this dataset is a part of (``Dataset.part``): then it is not told again."""
        told: set[int] | None = self.cache.get("told_before")
        if told is None or id(finding) not in told:
            return False
        told.discard(id(finding))
        return True

    def _finding(
        self,
        doc: CodeDoc,
        message: str,
        location: Location,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
        url: str | None = None,
    ) -> Finding:
        link = url if url is not None else self.taxonomy.url("checks", doc.code)
        return doc.finding(message, location, hint=hint, severity=severity, url=link)

    def category_location(self, category: Category) -> Location:
        """Where the file declares ``category`` (its line, or its JSON pointer)."""
        return Location(file=self.dataset.source, line=category.line, pointer=category.pointer)

    def class_url(self, row: int) -> str | None:
        cls = self.class_of(row)
        return None if cls is None else self.taxonomy.url("classes", cls.name)

    def class_name(self, row: int) -> str:
        cls = self.class_of(row)
        return "?" if cls is None else cls.name

    def image_size(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Width and height of every object's image (NaN where unknown)."""
        if "image_size" not in self.cache:
            images, rows = self.dataset.images, self.dataset.objects.image
            width = np.append(images.width, np.nan)[rows]  # row -1 reads the NaN slot
            height = np.append(images.height, np.nan)[rows]
            self.cache["image_size"] = (width, height)
        result: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] = self.cache["image_size"]
        return result


@dataclass(frozen=True, slots=True)
class Check:
    """One pass over a dataset, and every code it reports.

    Most passes report one code; one walk over the attributes reports type, range, unknown
    and forbidden values, and the edge-case pass reports every X code. ``codes`` lists them
    all, so the catalogue documents exactly what the engine runs.
    """

    codes: tuple[CodeDoc, ...]
    run: Callable[[Context], Iterable[Finding]]


def rows_of(mask: B) -> list[int]:
    """The failing rows of a boolean mask, as Python ints (only these become findings)."""
    return [int(i) for i in np.flatnonzero(mask)]


def fmt(value: float) -> str:
    """A number as people write it: 3 not 3.0, 2.5 as is."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"

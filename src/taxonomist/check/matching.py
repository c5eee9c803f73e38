"""Match the categories a file declares or uses to taxonomy classes.

By id first (the stable id, or the YOLO index where the dataset's ``category_ids`` say
so), then by name, synonym or alias (``Taxonomy.lookup``, which ignores case
and spacing). Each category gets a ``Match`` saying how it matched and what disagreed; the
reference rules turn disagreements into findings. Objects inherit their category's class.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from taxonomist.core.text import MESSAGE_LIMIT
from taxonomist.dataset.model import Category, CategoryIds, Dataset
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass, normalize_name
from taxonomist.taxonomy.yolo_index import yolo_index

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Match:
    """How one file category matched (``cls`` is None when it did not)."""

    cls: TaxonomyClass | None
    by: str  # "id", "name", "spelling", "synonym", "alias" or "" (no match)
    id_points_to: TaxonomyClass | None = None  # the id names another class than the name
    id_differs: bool = False  # matched by name, but the file's id is not the class's id
    name_unknown: bool = False  # matched by id only: the file's name is no class
    space: str = "id"  # what the file's ids number: "id", or "YOLO index"
    expected_id: int | None = None  # the matched class's number in that space


@dataclass(frozen=True, slots=True)
class _Numbering:
    """The id space a dataset's category ids are in: number -> class, class -> number."""

    space: str
    classes: Mapping[int, TaxonomyClass]
    numbers: Mapping[str, int]


def _numbering(taxonomy: Taxonomy, ids: CategoryIds) -> _Numbering:
    if ids == "yolo":
        index = yolo_index(taxonomy).classes
        return _Numbering("YOLO index", index, {c.name: i for i, c in index.items()})
    by_id = {c.id: c for c in reversed(list(taxonomy.classes.values()))}  # the first one wins
    return _Numbering("id", by_id, {c.name: c.id for c in taxonomy.classes.values()})


def _match(taxonomy: Taxonomy, category: Category, numbering: _Numbering) -> Match:
    """Match one category: the id and the name must agree when both are given."""
    by_id = numbering.classes.get(category.id) if category.id is not None else None
    by_name = taxonomy.lookup(category.name) if category.name else None
    space = numbering.space
    if by_name is None:
        if by_id is not None and category.name:  # the id matches, the name is no class
            return Match(
                by_id, "id", id_points_to=by_id, name_unknown=True, space=space,
                expected_id=category.id,
            )  # fmt: skip
        return Match(by_id, "id" if by_id is not None else "", space=space)
    how = _how(by_name, category.name)
    expected = numbering.numbers.get(by_name.name)
    if by_id is not None and by_id.name != by_name.name:
        return Match(by_name, how, id_points_to=by_id, space=space, expected_id=expected)
    differs = category.id is not None and by_id is None
    return Match(by_name, how, id_differs=differs, space=space, expected_id=expected)


def _how(cls: TaxonomyClass, name: str) -> str:
    if name == cls.name or _separators_only(name, cls.name):
        return "name"
    if name in cls.spec.aliases and name in cls.spec.external_ids.values():
        # the dataset's own identifier (an Open Images MID), which the class declares as both
        return "name"
    key = normalize_name(name)
    if key == normalize_name(cls.name):
        # a spelling the taxonomy declares as an alias is how the files write the name
        # (``taxonomist import`` declares ``Traffic Light`` for ``traffic_light``)
        return "name" if name in cls.spec.aliases else "spelling"
    if any(normalize_name(s) == key for s in cls.spec.synonyms):
        return "synonym"
    return "alias"


def _separators_only(name: str, class_name: str) -> bool:
    """'fire hydrant' for 'fire_hydrant': class names cannot hold spaces, so files that
    write the same words with spaces or hyphens are not misspelling them."""
    return name.replace(" ", "_").replace("-", "_") == class_name.replace("-", "_")


def match_dataset(
    taxonomy: Taxonomy, dataset: Dataset, classes: tuple[TaxonomyClass, ...]
) -> tuple[list[Match], I64, I64]:
    """Matches per category, the class index per category row and per object row."""
    index = {c.name: i for i, c in enumerate(classes)}
    numbering = _numbering(taxonomy, dataset.category_ids)
    matches = [_match(taxonomy, c, numbering) for c in dataset.categories]
    category_class = np.array(
        [-1 if m.cls is None else index[m.cls.name] for m in matches], dtype=np.int64
    )
    # a trailing -1 slot so that object rows with category -1 read "unknown"
    lookup = np.append(category_class, np.int64(-1))
    object_class = (
        lookup[dataset.objects.category] if len(dataset.objects) else np.zeros(0, np.int64)
    )
    return matches, category_class, object_class.astype(np.int64, copy=False)


def suggest(taxonomy: Taxonomy, name: str) -> list[str]:
    """Class names close to ``name`` (through names, synonyms and aliases); none for a name
    longer than any message shows, whose comparison with every name would take seconds."""
    if len(name) > MESSAGE_LIMIT:
        return []
    keys = difflib.get_close_matches(normalize_name(name), taxonomy.names_for_suggestions(), 3)
    out: list[str] = []
    for key in keys:
        found = taxonomy.lookup(key)
        if found is not None and found.name not in out:
            out.append(found.name)
    return out

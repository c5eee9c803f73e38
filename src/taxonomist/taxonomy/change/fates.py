"""What becomes of each class, attribute value and keypoint of the old version in the new one.

``taxonomist migrate`` rewrites annotation files by these answers and ``diff`` reports them.
Classes are matched by stable id first (same id, new name: renamed), then by name (same name,
new id: renumbered); a class deprecated in the new version is followed through its
``replaced_by`` chain (several old classes ending at one: merged) or stops at its
``split_into`` targets, whose ``when`` conditions decide per object.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taxonomist.taxonomy import bins
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SAME = "same"
RENAMED = "renamed"
RENUMBERED = "renumbered"
REPLACED = "replaced"
MERGED = "merged"
SPLIT = "split"
REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class ClassFate:
    """What objects of the old class ``old`` become in the new version."""

    old: str
    how: str  # one of the constants above
    new: str | None  # the new class old objects become (None: split or removed)
    targets: tuple[m.SplitTarget, ...] = ()  # split: the candidates and what decides
    new_id: int | None = None  # stable id of ``new``
    counterpart: str | None = None  # the new version's class with the old one's id or name


def counterpart(old: Taxonomy, new: Taxonomy, cls: TaxonomyClass) -> TaxonomyClass | None:
    """The new version's class for ``cls``: the same stable id, else the same name."""
    by_id = new.by_id(cls.id)
    if by_id is not None:
        return by_id
    same_name = new.classes.get(cls.name)
    if same_name is not None and old.by_id(same_name.id) is None:
        return same_name
    return None


def class_fates(old: Taxonomy, new: Taxonomy) -> dict[str, ClassFate]:
    """Every old class's fate, keyed by its old name, in the old version's order."""
    first = {name: _fate(old, new, cls) for name, cls in old.classes.items()}
    ends = Counter(f.new for f in first.values() if f.how == REPLACED)
    return {
        name: _merged(fate) if fate.how == REPLACED and ends[fate.new] > 1 else fate
        for name, fate in first.items()
    }


def _merged(fate: ClassFate) -> ClassFate:
    return ClassFate(fate.old, MERGED, fate.new, (), fate.new_id, fate.counterpart)


def _fate(old: Taxonomy, new: Taxonomy, cls: TaxonomyClass) -> ClassFate:
    other = counterpart(old, new, cls)
    if other is None:
        return ClassFate(cls.name, REMOVED, None)
    if other.deprecated and not cls.deprecated:
        return _successor(new, cls.name, other)
    how = SAME if other.name == cls.name and other.id == cls.id else _moved(cls, other)
    return ClassFate(cls.name, how, other.name, (), other.id, other.name)


def _moved(cls: TaxonomyClass, other: TaxonomyClass) -> str:
    return RENAMED if other.id == cls.id else RENUMBERED


def _successor(new: Taxonomy, old_name: str, other: TaxonomyClass) -> ClassFate:
    """Follow ``replaced_by`` from ``other`` (deprecated in the new version) to a live class;
    stop at a split."""
    seen: set[str] = set()
    current = other
    while current.deprecated and current.name not in seen:
        seen.add(current.name)
        if current.spec.split_into:
            targets = current.spec.split_targets()
            return ClassFate(old_name, SPLIT, None, targets, None, other.name)
        target = current.spec.replaced_by
        if target is None or target not in new.classes:
            return ClassFate(old_name, REMOVED, None, (), None, other.name)
        current = new.classes[target]
    if current.deprecated:  # a replaced_by cycle: the lint reports it
        return ClassFate(old_name, REMOVED, None, (), None, other.name)
    return ClassFate(old_name, REPLACED, current.name, (), current.id, other.name)


# -- splits -------------------------------------------------------------------------------


def choose_split(
    fate: ClassFate,
    attributes: Mapping[str, Any],
    new: Taxonomy,
    *,
    old_class: str | None = None,
    old: Taxonomy | None = None,
) -> str | None:
    """The one split target whose ``when`` holds for an object with ``attributes``; None when
    none or several hold, or no target says when (annotators decide)."""
    if fate.how != SPLIT:
        return fate.new
    migrated = migrate_attributes(attributes, value_maps(new))
    chosen = [
        t.class_
        for t in fate.targets
        if t.when is not None
        and (
            holds(t.when, attributes, new, old_class, old)
            or holds(t.when, migrated, new, old_class, old)
        )
    ]
    return chosen[0] if len(chosen) == 1 else None


def holds(
    condition: m.Condition,
    attributes: Mapping[str, Any],
    taxonomy: Taxonomy,
    class_name: str | None = None,
    class_taxonomy: Taxonomy | None = None,
) -> bool:
    """Whether ``condition`` holds for one object; class conditions ask ``class_taxonomy``
    (the version the object's class name comes from)."""
    if isinstance(condition, m.ClassCondition):
        where = class_taxonomy or taxonomy
        return class_name is not None and class_name in where.expand(condition.class_in)
    if isinstance(condition, m.AllOf):
        return all(
            holds(c, attributes, taxonomy, class_name, class_taxonomy) for c in condition.all
        )
    if isinstance(condition, m.AnyOf):
        return any(
            holds(c, attributes, taxonomy, class_name, class_taxonomy) for c in condition.any
        )
    if isinstance(condition, m.NotCondition):
        return not holds(condition.not_, attributes, taxonomy, class_name, class_taxonomy)
    return _attribute_holds(condition, attributes, taxonomy)


def _attribute_holds(
    cond: m.AttributeCondition, attributes: Mapping[str, Any], tax: Taxonomy
) -> bool:
    value = attributes.get(cond.attribute)
    present = value is not None
    spec = tax.attributes.get(cond.attribute)
    tests = (
        cond.present is None or cond.present == present,
        cond.equals is None or (present and bins.same(spec, value, cond.equals)),
        cond.in_ is None or (present and any(bins.same(spec, value, x) for x in cond.in_)),
        cond.at_least is None or _limit(spec, value, tax.threshold(cond.at_least), True),
        cond.below is None or _limit(spec, value, tax.threshold(cond.below), False),
    )
    return all(tests)


def _limit(spec: m.Attribute | None, value: Any, limit: float | None, at_least: bool) -> bool:
    return limit is not None and value is not None and bins.compare(spec, value, limit, at_least)


# -- attribute values ---------------------------------------------------------------------


def value_maps(new: Taxonomy) -> dict[str, dict[Any, Any]]:
    """Attribute -> {old value: new value, or None where the value was dropped}."""
    out: dict[str, dict[Any, Any]] = {}
    for migration in new.migrations:
        out.setdefault(migration.attribute, {})[migration.from_] = migration.to
    return out


def migrate_attributes(
    attributes: Mapping[str, Any], maps: Mapping[str, Mapping[Any, Any]]
) -> dict[str, Any]:
    """``attributes`` with every mapped value replaced (in lists too); a dropped value is
    left as it was, for the caller to report."""
    out = dict(attributes)
    for name, mapping in maps.items():
        if name in out:
            out[name] = _map_value(out[name], mapping)
    return out


def _map_value(value: Any, mapping: Mapping[Any, Any]) -> Any:
    if isinstance(value, list):
        return [_map_value(v, mapping) for v in value]
    if _hashable(value):
        for before, after in mapping.items():
            same_kind = isinstance(before, bool) == isinstance(value, bool)
            if after is not None and same_kind and before == value:
                return after
    return value


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float | bool)


# -- keypoints ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeypointOrder:
    """The keypoint names of one keypoint label type in the old and the new version."""

    label_type: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new

    def source_index(self, new_index: int) -> int | None:
        """The old slot that fills new slot ``new_index``; None for a point new in this
        version (written as not labelled: 0, 0, 0)."""
        name = self.new[new_index]
        return self.old.index(name) if name in self.old else None

    @property
    def dropped(self) -> tuple[str, ...]:
        """Old points the new version no longer has (their coordinates would be lost)."""
        return tuple(n for n in self.old if n not in self.new)


def keypoint_orders(old: Taxonomy, new: Taxonomy) -> dict[str, KeypointOrder]:
    """Each keypoint label type both versions define, by name."""
    out: dict[str, KeypointOrder] = {}
    for name, spec in new.label_types.items():
        before = old.label_types.get(name)
        if isinstance(spec, m.KeypointLabel) and isinstance(before, m.KeypointLabel):
            out[name] = KeypointOrder(name, tuple(before.keypoints), tuple(spec.keypoints))
    return out

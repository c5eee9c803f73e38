"""Changes to attribute definitions: added, removed, retyped, values added, removed or
renamed (through ``migrations:``), number ranges narrowed or widened, ordinal bins moved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.change.fates import value_maps
from taxonomist.taxonomy.change.model import (
    MAJOR,
    MINOR,
    PATCH,
    Change,
    ChangeKind,
    code_list,
    entries,
    make,
)
from taxonomist.taxonomy.resolved import Taxonomy

G = "attributes"
ADDED = ChangeKind(name="attribute-added", group=G, summary="An attribute new in this version.")
REMOVED = ChangeKind(
    name="attribute-removed", group=G, summary="An attribute gone from the taxonomy."
)
RETYPED = ChangeKind(
    name="attribute-type-changed", group=G, summary="An attribute of another type."
)
VALUES_ADDED = ChangeKind(
    name="attribute-values-added", group=G, summary="Values an attribute can newly take."
)
VALUES_REMOVED = ChangeKind(
    name="attribute-values-removed", group=G, summary="Values an attribute no longer takes."
)
VALUE_RENAMED = ChangeKind(
    name="attribute-value-renamed",
    group=G,
    summary="A value replaced by another, mapped by migrations:.",
)
NARROWED = ChangeKind(
    name="attribute-range-narrowed",
    group=G,
    summary="A number range or bins that reject old values.",
)
WIDENED = ChangeKind(
    name="attribute-range-widened", group=G, summary="A number range that accepts more."
)
WORDING = ChangeKind(
    name="attribute-description-changed", group=G, summary="Title or descriptions reworded."
)

KINDS = (
    ADDED,
    REMOVED,
    RETYPED,
    VALUES_ADDED,
    VALUES_REMOVED,
    VALUE_RENAMED,
    NARROWED,
    WIDENED,
    WORDING,
)


def changes(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    maps = value_maps(new)
    for name in entries(old.attributes, new.attributes):
        before, after = old.attributes.get(name), new.attributes.get(name)
        ptr = f"/attributes/{name}"
        users = tuple(
            c.name for c in (new if after else old).classes.values() if name in c.attributes
        )
        if before is None and after is not None:
            yield make(
                ADDED,
                MINOR,
                f"attribute {name}",
                f"New attribute `{name}`.",
                reason="old files stay valid",
                pointer=ptr,
                classes=users,
            )
        elif after is None and before is not None:
            yield make(
                REMOVED,
                MAJOR,
                f"attribute {name}",
                f"The attribute `{name}` was removed.",
                reason="objects that carry it now carry an unknown attribute",
                pointer=ptr,
                classes=users,
            )
        elif before is not None and after is not None and before != after:
            yield from _changed(
                name, before, after, mapping=maps.get(name, {}), ptr=ptr, users=users
            )


def _changed(
    name: str,
    before: m.Attribute,
    after: m.Attribute,
    *,
    mapping: dict[Any, Any],
    ptr: str,
    users: tuple[str, ...],
) -> Iterator[Change]:
    subject = f"attribute {name}"
    if before.type != after.type and not _same_family(before, after):
        yield make(
            RETYPED,
            MAJOR,
            subject,
            f"`{name}` is now {after.type} (was {before.type}).",
            reason="old values may not be of the new type",
            pointer=f"{ptr}/type",
            classes=users,
            old=before.type,
            new=after.type,
        )
        return
    if isinstance(before, m.EnumAttribute | m.TriStateAttribute) and isinstance(
        after, m.EnumAttribute | m.TriStateAttribute
    ):
        yield from _values(
            name, list(before.values), list(after.values), mapping=mapping, ptr=ptr, users=users
        )
    if isinstance(before, m.NumberAttribute) and isinstance(after, m.NumberAttribute):
        yield from _range(name, before, after, ptr, users)
    if isinstance(before, m.OrdinalAttribute) and isinstance(after, m.OrdinalAttribute):
        yield from _bins(name, before, after, ptr, users)
    if isinstance(before, m.NumberAttribute | m.OrdinalAttribute) and isinstance(
        after, m.NumberAttribute | m.OrdinalAttribute
    ):
        yield from _unit(name, before.unit, after.unit, ptr, users)
    yield from _shape(name, before, after, ptr, users)
    if _wording(before) != _wording(after):
        yield make(
            WORDING,
            PATCH,
            subject,
            f"The description of `{name}` was reworded.",
            reason="wording only",
            pointer=ptr,
            classes=users,
        )


def _shape(
    name: str, before: m.Attribute, after: m.Attribute, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    """What else decides whether an old value is valid: one value or a list, exclusive
    groups, a text's length and pattern, an ordinal's unit."""
    subject = f"attribute {name}"
    for field, stricter in _SHAPE_FIELDS.items():
        a, b = getattr(before, field, None), getattr(after, field, None)
        if a == b:
            continue
        tight = stricter(a, b)
        yield make(
            NARROWED if tight else WIDENED,
            MAJOR if tight else MINOR,
            subject,
            f"`{name}`: {field.replace('_', ' ')} is now {b!r} (was {a!r}).",
            reason="old values may no longer be valid" if tight else "old files stay valid",
            pointer=f"{ptr}/{field}",
            classes=users,
            old=repr(a),
            new=repr(b),
        )


def _shorter(a: Any, b: Any) -> bool:
    return b is not None and (a is None or b < a)


# Field -> whether a change from a to b can reject an old value.
_SHAPE_FIELDS: dict[str, Any] = {
    "multiple": lambda a, b: True,  # a value becomes a list, or a list a value
    "exclusive_groups": lambda a, b: bool(b),  # new or changed groups can reject old lists
    "max_length": _shorter,
    "pattern": lambda a, b: b is not None,
}


def _same_family(a: m.Attribute, b: m.Attribute) -> bool:
    return {a.type, b.type} <= {"int", "float"} and a.type == "int"  # int -> float widens


def _wording(spec: m.Attribute) -> tuple[Any, ...]:
    descriptions = spec.value_descriptions if isinstance(spec, m.EnumAttribute) else {}
    return (spec.title, spec.description, tuple(sorted(descriptions.items())))


def _values(
    name: str,
    before: list[Any],
    after: list[Any],
    *,
    mapping: dict[Any, Any],
    ptr: str,
    users: tuple[str, ...],
) -> Iterator[Change]:
    subject = f"attribute {name}"
    gone = [v for v in before if v not in after]
    renamed = [(v, mapping[v]) for v in gone if v in mapping and mapping[v] is not None]
    dropped = [v for v in gone if v not in dict(renamed)]
    came = [v for v in after if v not in before and v not in {t for _, t in renamed}]
    for old_value, new_value in renamed:
        yield make(
            VALUE_RENAMED,
            MAJOR,
            subject,
            f"`{name}: {old_value}` is now `{name}: {new_value}`.",
            reason=f"old files writing {old_value!r} break the new version until migrated",
            pointer=f"{ptr}/values",
            classes=users,
            old=str(old_value),
            new=str(new_value),
        )
    if dropped:
        mapped_none = [v for v in dropped if v in mapping]
        hint = (
            "; migrate lists those objects for re-annotation"
            if mapped_none
            else "; add a migrations: entry to map them"
        )
        yield make(
            VALUES_REMOVED,
            MAJOR,
            subject,
            f"`{name}` no longer takes {code_list(dropped)}.",
            reason="objects with those values become invalid" + hint,
            pointer=f"{ptr}/values",
            classes=users,
            old=" ".join(map(str, dropped)),
        )
    if came:
        yield make(
            VALUES_ADDED,
            MINOR,
            subject,
            f"`{name}` can now also be {code_list(came)}.",
            reason="old files stay valid; old objects were never asked about the new values",
            pointer=f"{ptr}/values",
            classes=users,
            new=" ".join(map(str, came)),
        )


def _range(
    name: str, before: m.NumberAttribute, after: m.NumberAttribute, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    low_up, low_down = _moves(before.min, after.min, float("-inf"))
    high_up, high_down = _moves(before.max, after.max, float("inf"))
    narrowed = low_up or high_down
    widened = low_down or high_up
    text = f"`{name}` now ranges {_span(after)} (was {_span(before)})."
    if narrowed:
        yield make(
            NARROWED,
            MAJOR,
            f"attribute {name}",
            text,
            reason="old values outside the new range become invalid",
            pointer=ptr,
            classes=users,
            old=_span(before),
            new=_span(after),
        )
    elif widened:
        yield make(
            WIDENED,
            MINOR,
            f"attribute {name}",
            text,
            reason="old files stay valid",
            pointer=ptr,
            classes=users,
            old=_span(before),
            new=_span(after),
        )


def _unit(
    name: str, before: str | None, after: str | None, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    if before != after:
        yield make(
            RETYPED,
            MAJOR,
            f"attribute {name}",
            f"`{name}` is now in {after} (was {before}).",
            reason="old numbers change meaning",
            pointer=f"{ptr}/unit",
            classes=users,
            old=before,
            new=after,
        )


def _moves(before: Any, after: Any, unbounded: float) -> tuple[bool, bool]:
    """Whether a bound went up, and whether it went down; None is ``unbounded`` (-inf for a
    minimum, inf for a maximum). A ``$threshold`` bound that changed counts both ways."""
    a = unbounded if before is None else before
    b = unbounded if after is None else after
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return (a != b, a != b)
    return (y > x, y < x)


def _span(spec: m.NumberAttribute) -> str:
    low = "-inf" if spec.min is None else str(spec.min)
    high = "inf" if spec.max is None else str(spec.max)
    return f"{low} to {high}"


def _bins(
    name: str,
    before: m.OrdinalAttribute,
    after: m.OrdinalAttribute,
    ptr: str,
    users: tuple[str, ...],
) -> Iterator[Change]:
    if before.edges != after.edges or before.labels != after.labels:
        what = (
            f"edges {after.edges} (were {before.edges})"
            if before.edges != after.edges
            else f"labels {after.labels} (were {before.labels})"
        )
        yield make(
            NARROWED,
            MAJOR,
            f"attribute {name}",
            f"The bins of `{name}` changed: {what}.",
            reason="an old value may fall into another bin, or name a bin that is gone",
            pointer=f"{ptr}/edges",
            classes=users,
            old=str(before.edges),
            new=str(after.edges),
        )

"""Changes to numbering: id spaces, the values classes have in them, and the YOLO index."""

from __future__ import annotations

from collections.abc import Iterator

from taxonomist.taxonomy.change.fates import ClassFate, counterpart
from taxonomist.taxonomy.change.model import (
    MAJOR,
    MINOR,
    PATCH,
    Change,
    ChangeKind,
    entries,
    make,
)
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.yolo_index import yolo_index

G = "ids"
SPACE_ADDED = ChangeKind(name="id-space-added", group=G, summary="An id space new in this version.")
SPACE_REMOVED = ChangeKind(
    name="id-space-removed", group=G, summary="An id space gone from the taxonomy."
)
SPACE_CHANGED = ChangeKind(
    name="id-space-changed", group=G, summary="An id space's ignore value or uniqueness."
)
VALUE_CHANGED = ChangeKind(
    name="id-value-changed", group=G, summary="A class's value in an id space."
)
YOLO = ChangeKind(
    name="yolo-index-changed", group=G, summary="YOLO class numbers that point at other classes."
)

KINDS = (SPACE_ADDED, SPACE_REMOVED, SPACE_CHANGED, VALUE_CHANGED, YOLO)


def changes(old: Taxonomy, new: Taxonomy, fates: dict[str, ClassFate]) -> Iterator[Change]:
    yield from _spaces(old, new)
    yield from _values(old, new)
    yield from _yolo(old, new, fates)


def _spaces(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for name in entries(old.id_spaces, new.id_spaces):
        before, after = old.id_spaces.get(name), new.id_spaces.get(name)
        ptr = f"/id_spaces/{name}"
        if before is None:
            yield make(
                SPACE_ADDED,
                MINOR,
                f"id space {name}",
                f"New id space `{name}`.",
                reason="old files stay valid",
                pointer=ptr,
            )
        elif after is None:
            yield make(
                SPACE_REMOVED,
                MAJOR,
                f"id space {name}",
                f"The id space `{name}` was removed.",
                reason="files numbered in it (masks, train ids) cannot be read",
                pointer=ptr,
            )
        elif (before.ignore_value, before.unique) != (after.ignore_value, after.unique):
            yield make(
                SPACE_CHANGED,
                MAJOR,
                f"id space {name}",
                f"The ignore value or uniqueness of `{name}` changed.",
                reason="pixels and ids in it change meaning",
                pointer=ptr,
            )
        elif before != after:
            yield make(
                SPACE_CHANGED,
                PATCH,
                f"id space {name}",
                f"The description of `{name}` was reworded.",
                reason="wording only",
                pointer=ptr,
            )


def _values(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for cls in old.classes.values():
        other = counterpart(old, new, cls)
        if other is None:
            continue
        for space in sorted(set(cls.spec.ids) | set(other.spec.ids)):
            a, b = cls.spec.ids.get(space), other.spec.ids.get(space)
            if a == b or space == "yolo":
                continue
            yield make(
                VALUE_CHANGED,
                MINOR if a is None else MAJOR,
                f"class {other.name}",
                f"`{other.name}` is {b if b is not None else 'no longer'} in the id space `{space}`"
                + (f" (was {a})." if a is not None else "."),
                reason="files numbered in that space change meaning"
                if a is not None
                else "old files stay valid",
                pointer=f"/classes/{other.name}/ids/{space}",
                classes=(other.name,),
                old=None if a is None else str(a),
                new=None if b is None else str(b),
            )


def _yolo(old: Taxonomy, new: Taxonomy, fates: dict[str, ClassFate]) -> Iterator[Change]:
    before, after = yolo_index(old), yolo_index(new)
    where = {c.name: i for i, c in after.classes.items()}
    moved: list[tuple[int, str, int | None]] = []
    for index, cls in before.classes.items():
        fate = fates.get(cls.name)
        target = fate.counterpart if fate is not None else None
        now = where.get(target) if target is not None else None
        if now != index:
            moved.append((index, cls.name, now))
    if not moved:
        return
    shown = "; ".join(f"{i} `{n}` → {'none' if j is None else j}" for i, n, j in moved[:6])
    more = f" and {len(moved) - 6} more" if len(moved) > 6 else ""
    yield make(
        YOLO,
        MAJOR,
        "yolo index",
        f"YOLO class numbers change: {shown}{more}.",
        reason="YOLO label files name classes by number: old files would point at other classes "
        "(a taxonomy.lock keeps numbers stable; taxonomist migrate renumbers old files)",
        pointer="/id_spaces/yolo" if "yolo" in new.id_spaces else "/classes",
        classes=tuple(n for _, n, _ in moved if n in new.classes),
        old=" ".join(str(i) for i, _, _ in moved),
        new=" ".join("-" if j is None else str(j) for _, _, j in moved),
    )

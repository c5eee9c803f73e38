"""What differs between a taxonomy's id lock and the lock it would have now.

``compare(locked, now)`` takes the lock on disk and the one ``lock.build_lock`` makes from
the taxonomy, and lists every difference, each either a *contradiction* (what the lock
exists to prevent: an id given to another class, a locked number changed, a locked class
deleted) or *stale* (the lock is behind: a new class, a rename, a new value, a new version).
Classes are followed by stable id first: the same id under a new name is a rename, never a
reuse. Lint (``linter/lock.py``) turns the differences into findings and
``taxonomist lock`` prints them and refuses to write over a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.taxonomy.lock import Lock, LockedClass
from taxonomist.taxonomy.versions import DOWNGRADE, bump, is_breaking_gap

REUSED = "reused"  # an id the lock gives another class (or retired) names this class now
CHANGED = "changed"  # a locked id, YOLO index or id-space value is different
DROPPED = "dropped"  # a locked class is gone
STALE = "stale"  # the lock is behind: new class, rename, new value, new version
CONTRADICTIONS = frozenset({REUSED, CHANGED, DROPPED})


@dataclass(frozen=True, slots=True)
class LockChange:
    """One difference; ``name`` is the class it concerns (its locked name when dropped)."""

    kind: str
    name: str | None  # None: the taxonomy as a whole (its name, its version)
    field: str  # "id", "retired", "yolo", "ids/SPACE", "name", "labels", "class", "version",
    # "taxonomy"
    summary: str  # one sentence

    @property
    def contradiction(self) -> bool:
        return self.kind in CONTRADICTIONS


def compare(locked: Lock, now: Lock) -> list[LockChange]:
    """Every difference between ``locked`` and ``now``, contradictions first."""
    changes = _header(locked, now)
    by_id, by_name = now.by_id(), now.by_name()
    for old in locked.classes:
        changes += _follow(old, by_id.get(old.id), by_name.get(old.name), locked)
    for retired_id in locked.retired:
        taken = by_id.get(retired_id)
        if taken is not None:
            summary = (
                f"id {retired_id} of {taken.name!r} was retired by the lock; ids are never reused"
            )
            changes.append(LockChange(REUSED, taken.name, "retired", summary))
    return sorted([*changes, *_added(locked, now)], key=lambda c: not c.contradiction)


def _added(locked: Lock, now: Lock) -> list[LockChange]:
    """Classes the lock knows neither by id nor by name (a retired id is a reuse instead)."""
    known_ids = {c.id for c in locked.classes} | set(locked.retired)
    known_names = {c.name for c in locked.classes}
    return [
        LockChange(
            STALE, new.name, "class", f"class {new.name!r} (id {new.id}) is not in the lock yet"
        )
        for new in now.classes
        if new.id not in known_ids and new.name not in known_names
    ]


def _header(locked: Lock, now: Lock) -> list[LockChange]:
    out = []
    for field, old, new in (
        ("taxonomy", locked.taxonomy, now.taxonomy),
        ("version", locked.version, now.version),
    ):
        if old != new:
            summary = f"the lock was written for {field} {old!r}; the taxonomy is {new!r}"
            out.append(LockChange(STALE, None, field, summary))
    return out


def _follow(
    old: LockedClass, same_id: LockedClass | None, same_name: LockedClass | None, locked: Lock
) -> list[LockChange]:
    """What became of one locked class."""
    if same_id is not None and same_id.name == old.name:
        return _values(old, same_id)
    if same_id is not None and (same_name is not None or same_id.name in locked.by_name()):
        summary = (
            f"id {old.id} of {same_id.name!r} is locked for {old.name!r}; ids are never reused"
        )
        out = [LockChange(REUSED, same_id.name, "id", summary)]
        if same_name is None:
            return [*out, _dropped(old)]
        return [*out, _renumbered(old, same_name)]
    if same_id is not None:
        summary = f"class {old.name!r} (id {old.id}) was renamed {same_id.name!r}"
        return [LockChange(STALE, same_id.name, "name", summary), *_values(old, same_id)]
    if same_name is not None:
        return [_renumbered(old, same_name)]
    return [_dropped(old)]


def _renumbered(old: LockedClass, new: LockedClass) -> LockChange:
    summary = f"{old.name!r} is locked at id {old.id}, now {new.id}"
    return LockChange(CHANGED, old.name, "id", summary)


def _dropped(old: LockedClass) -> LockChange:
    summary = f"class {old.name!r} (id {old.id}) is in the lock but no longer in the taxonomy"
    return LockChange(DROPPED, old.name, "class", summary)


def _values(old: LockedClass, new: LockedClass) -> list[LockChange]:
    """The locked numbers of one class that changed (contradictions) or were added (stale)."""
    out: list[LockChange] = []
    pairs = [("yolo", "YOLO index", old.yolo, new.yolo)]
    spaces = sorted(set(old.ids) | set(new.ids))
    if all(c.ids.get("yolo") == c.yolo for c in (old, new)):
        spaces = [s for s in spaces if s != "yolo"]  # a declared index: said once, as yolo
    pairs += [(f"ids/{s}", f"{s} value", old.ids.get(s), new.ids.get(s)) for s in spaces]
    for field, what, before, after in pairs:
        if before == after:
            continue
        if before is None:
            summary = f"{new.name!r} has {what} {after}, which is not in the lock yet"
            out.append(LockChange(STALE, new.name, field, summary))
        else:
            shown = "none" if after is None else str(after)
            summary = f"{new.name!r} is locked at {what} {before}, now {shown}"
            out.append(LockChange(CHANGED, new.name, field, summary))
    if dict(old.labels) != dict(new.labels) and old.name == new.name:
        summary = f"the tool label names of {new.name!r} are not the locked ones"
        out.append(LockChange(STALE, new.name, "labels", summary))
    return out


def refused(changes: list[LockChange], locked: Lock, now: Lock) -> list[LockChange]:
    """The changes ``taxonomist lock`` must not write over: every contradiction, unless the
    taxonomy's major version (major and minor before 1.0.0) is past the lock's; a retired
    id taken again, always."""
    bumped = (
        is_breaking_gap(locked.version, now.version)
        and bump(locked.version, now.version) != DOWNGRADE
    )
    return [c for c in changes if c.contradiction and (not bumped or c.field == "retired")]

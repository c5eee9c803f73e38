"""T306-T308, T906: the taxonomy against its id lock (``NAME.lock``, ``taxonomy.lock``).

The lock the taxonomy would have now (``lock.build_lock``) is compared with the one on disk
(``lock_diff.compare``); a contradiction is an error, a lock that is merely behind is a
warning. Findings point at the class in the taxonomy file (its ``id``, or the value that
changed), since that is what to fix. After a major version bump the contradictions are still
errors: ``taxonomist lock`` then rewrites the lock, and they go.
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.lock import build_lock
from taxonomist.taxonomy.lock_diff import CHANGED, DROPPED, REUSED, LockChange, compare
from taxonomist.taxonomy.yolo_index import YOLO_SPACE

LOCKED_ID_REUSED = CodeDoc(
    code="T306",
    name="locked-id-reused",
    family="lock",
    summary="A class has an id the lock gives another class, or one the lock retired.",
    why="Files that name the old class by its id would silently mean the new one.",
    bad="taxonomy.lock: {id: 5, name: mug}; taxonomy: plate: {id: 5}, mug: {id: 9}",
    good="plate: {id: 10}, mug: {id: 5}",
)

LOCKED_INDEX_CHANGED = CodeDoc(
    code="T307",
    name="locked-index-changed",
    family="lock",
    summary="A class's locked id, YOLO index or id-space value changed.",
    why="Every file written with the locked number would now name another class, or none.",
    bad="taxonomy.lock: {name: car, ids: {train_id: 3}}; taxonomy: car: {ids: {train_id: 4}}",
    good="car: {ids: {train_id: 3}}",
)

LOCKED_CLASS_DROPPED = CodeDoc(
    code="T308",
    name="locked-class-dropped",
    family="lock",
    summary="A class the lock has is no longer in the taxonomy.",
    why="Old files still name it; deleting it leaves them meaning nothing, and its YOLO "
    "index would go to another class.",
    bad="(mug deleted from classes:)",
    good="mug: {id: 5, deprecated: true, replaced_by: cup}",
)

LOCK_STALE = CodeDoc(
    code="T906",
    name="lock-stale",
    family="lock",
    summary="The lock is behind the taxonomy: a new class, a rename, a new value or version.",
    why="Until the lock holds them, nothing keeps the new numbers from drifting.",
    bad="(a class added, taxonomist lock not run)",
    good="(taxonomist lock run and taxonomy.lock committed)",
    severity=Severity.WARNING,
)

CODES: tuple[CodeDoc, ...] = (
    LOCKED_ID_REUSED,
    LOCKED_INDEX_CHANGED,
    LOCKED_CLASS_DROPPED,
    LOCK_STALE,
)

_AFTER_BUMP = "after a major version bump, taxonomist lock rewrites the lock"
_HINTS = {
    REUSED: "ids are never reused: give the class a new id; " + _AFTER_BUMP,
    CHANGED: "keep the locked value, or bump the major version and run taxonomist lock",
    DROPPED: "deprecate it with replaced_by or split_into instead of deleting it; " + _AFTER_BUMP,
}
_CODES = {REUSED: LOCKED_ID_REUSED, CHANGED: LOCKED_INDEX_CHANGED, DROPPED: LOCKED_CLASS_DROPPED}


def check_lock(ctx: Ctx) -> None:
    """Each difference between the lock and the taxonomy, at the class it concerns."""
    locked = ctx.tax.lock
    if locked is None:
        return
    now = build_lock(ctx.tax, locked, locked.path)
    for change in compare(locked, now):
        code = _CODES.get(change.kind, LOCK_STALE)
        message = f"{change.summary} ({locked.path.name})"
        ctx.emit(code, message, _pointer(ctx, change), _hint(change, locked.path.name))


def _hint(change: LockChange, lock_name: str) -> str:
    if change.field == "retired":
        return (
            "retired ids are never reused, not even after a major version bump: give the "
            "class a new id"
        )
    return _HINTS.get(change.kind, f"run taxonomist lock and commit {lock_name}")


def _pointer(ctx: Ctx, change: LockChange) -> str:
    if change.name is None:
        return f"/{change.field}"
    if change.kind == DROPPED:
        return "/classes"
    if change.field == "yolo":
        declared = YOLO_SPACE in ctx.tax.id_spaces
        return f"/classes/{change.name}/" + (f"ids/{YOLO_SPACE}" if declared else "id")
    if change.field.startswith("ids/"):
        return f"/classes/{change.name}/{change.field}"
    return f"/classes/{change.name}/id"


FAMILY = (check_lock,)

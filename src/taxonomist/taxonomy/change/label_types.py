"""Changes to label types: added, removed, their parameters, and keypoints (added, removed,
reordered, flip pairs, skeleton)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from taxonomist.taxonomy import model as m
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

G = "label types"
ADDED = ChangeKind(name="label-type-added", group=G, summary="A label type new in this version.")
REMOVED = ChangeKind(
    name="label-type-removed", group=G, summary="A label type gone from the taxonomy."
)
CHANGED = ChangeKind(
    name="label-type-changed", group=G, summary="A label type's parameters changed."
)
KP_ADDED = ChangeKind(
    name="keypoints-added", group=G, summary="Keypoints new in a keypoint label type."
)
KP_REMOVED = ChangeKind(
    name="keypoints-removed", group=G, summary="Keypoints gone from a keypoint label type."
)
KP_REORDERED = ChangeKind(
    name="keypoints-reordered", group=G, summary="The same keypoints in another order."
)
FLIPS = ChangeKind(
    name="flip-pairs-changed", group=G, summary="Which keypoints are left/right pairs."
)
SKELETON = ChangeKind(
    name="skeleton-changed", group=G, summary="The bones drawn between keypoints."
)

KINDS = (ADDED, REMOVED, CHANGED, KP_ADDED, KP_REMOVED, KP_REORDERED, FLIPS, SKELETON)

# Parameters whose change cannot make an old file invalid or change its meaning.
_HARMLESS = frozenset({"title", "description", "question"})
# Parameters where only one direction is safe: (field, the safe direction).
_LOOSER: dict[str, Any] = {
    "tolerance": lambda a, b: b >= a,
    "min_points": lambda a, b: b <= a,
    "min_visible": lambda a, b: b <= a,
    "holes": lambda a, b: b or not a,
    "multipart": lambda a, b: b or not a,
    "overlaps": lambda a, b: b or not a,
    "max_labels": lambda a, b: b is None or (a is not None and b >= a),
    "min_labels": lambda a, b: b <= a,
}


def changes(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for name in entries(old.label_types, new.label_types):
        before, after = old.label_types.get(name), new.label_types.get(name)
        ptr = f"/label_types/{name}"
        users = tuple(
            c.name for c in (new if after else old).classes.values() if name in c.label_types
        )
        if before is None and after is not None:
            yield make(
                ADDED,
                MINOR,
                f"label type {name}",
                f"New label type `{name}` ({after.kind}).",
                reason="old files stay valid",
                pointer=ptr,
                classes=users,
            )
        elif after is None and before is not None:
            yield make(
                REMOVED,
                MAJOR,
                f"label type {name}",
                f"The label type `{name}` was removed.",
                reason="shapes drawn with it become invalid",
                pointer=ptr,
                classes=users,
            )
        elif before is not None and after is not None and before != after:
            yield from _changed(name, before, after, ptr, users)


def _changed(
    name: str, before: m.LabelType, after: m.LabelType, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    subject = f"label type {name}"
    if before.kind != after.kind:
        yield make(
            CHANGED,
            MAJOR,
            subject,
            f"`{name}` is now a {after.kind} label (was {before.kind}).",
            reason="shapes drawn the old way no longer fit",
            pointer=f"{ptr}/kind",
            classes=users,
            old=before.kind,
            new=after.kind,
        )
        return
    if isinstance(before, m.KeypointLabel) and isinstance(after, m.KeypointLabel):
        yield from _keypoints(name, before, after, ptr, users)
    a, b = before.model_dump(), after.model_dump()
    special = {"keypoints", "flip_pairs", "skeleton", "sigmas", "kind", "classes"}
    yield from _classes(name, a.get("classes"), b.get("classes"), ptr, users)
    for field in sorted(set(a) | set(b)):
        if field in special or a.get(field) == b.get(field):
            continue
        loose = field in _HARMLESS or (
            field in _LOOSER and _safe(field, a.get(field), b.get(field))
        )
        level = PATCH if field in _HARMLESS else MINOR if loose else MAJOR
        yield make(
            CHANGED,
            level,
            subject,
            f"`{name}`: {field.replace('_', ' ')} is now {b.get(field)!r} (was {a.get(field)!r}).",
            reason="old files stay valid"
            if loose
            else "shapes that were valid may now be invalid or read differently",
            pointer=f"{ptr}/{field}",
            classes=users,
            old=str(a.get(field)),
            new=str(b.get(field)),
        )
    if a.get("sigmas") != b.get("sigmas"):
        yield make(
            CHANGED,
            PATCH,
            subject,
            f"`{name}`: the OKS sigmas changed.",
            reason="they weigh evaluation, not files",
            pointer=f"{ptr}/sigmas",
            classes=users,
        )


def _classes(
    name: str, before: list[str] | None, after: list[str] | None, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    """An image-level label's class list: classes added are answers old files never gave;
    classes removed make old answers invalid. None means the classes that list the type."""
    if before == after:
        return
    gone = sorted(set(before or ()) - set(after or ())) if after is not None else []
    level = MAJOR if gone or (before is None) else MINOR
    yield make(
        CHANGED,
        level,
        f"label type {name}",
        f"The classes `{name}` answers with changed"
        + (f": {code_list(gone)} removed." if gone else "."),
        reason="old answers naming them become invalid"
        if level == MAJOR
        else "old files stay valid",
        pointer=f"{ptr}/classes",
        classes=users,
    )


def _safe(field: str, a: Any, b: Any) -> bool:
    try:
        return bool(_LOOSER[field](a, b))
    except TypeError:
        return False


def _keypoints(
    name: str, before: m.KeypointLabel, after: m.KeypointLabel, ptr: str, users: tuple[str, ...]
) -> Iterator[Change]:
    subject = f"label type {name}"
    old, new = list(before.keypoints), list(after.keypoints)
    came = [k for k in new if k not in old]
    gone = [k for k in old if k not in new]
    if came:
        yield make(
            KP_ADDED,
            MAJOR,
            subject,
            f"`{name}` has new keypoints: {code_list(came)}.",
            reason="files hold a fixed number of points per object; migrate adds them unlabelled",
            pointer=f"{ptr}/keypoints",
            classes=users,
            new=" ".join(came),
        )
    if gone:
        yield make(
            KP_REMOVED,
            MAJOR,
            subject,
            f"`{name}` no longer has the keypoints {code_list(gone)}.",
            reason="files list a fixed number of points per object",
            pointer=f"{ptr}/keypoints",
            classes=users,
            old=" ".join(gone),
        )
    kept_old = [k for k in old if k in new]
    kept_new = [k for k in new if k in old]
    if kept_old != kept_new:
        yield make(
            KP_REORDERED,
            MAJOR,
            subject,
            f"The keypoints of `{name}` are in a new order: {code_list(new)}.",
            reason="points are read by position: old files would put each point in another slot",
            pointer=f"{ptr}/keypoints",
            classes=users,
            old=" ".join(old),
            new=" ".join(new),
        )
    if _pairs(before.flip_pairs) != _pairs(after.flip_pairs):
        yield make(
            FLIPS,
            MINOR,
            subject,
            f"The left/right pairs of `{name}` changed.",
            reason="files stay valid; flip augmentation in training changes",
            pointer=f"{ptr}/flip_pairs",
            classes=users,
        )
    if _pairs(before.skeleton) != _pairs(after.skeleton):
        yield make(
            SKELETON,
            PATCH,
            subject,
            f"The skeleton drawn for `{name}` changed.",
            reason="bones are drawn, not stored per object",
            pointer=f"{ptr}/skeleton",
            classes=users,
        )


def _pairs(pairs: list[tuple[str, str]]) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(p) for p in pairs)

"""COCO ``categories`` -> ``Category`` rows, kept as the file declares them (matching them
to the taxonomy is the checker's job). Mistyped fields are S002, missing id/name S001."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from taxonomist.dataset.model import Category
from taxonomist.formats.codes import MISSING_FIELD, WRONG_TYPE

if TYPE_CHECKING:
    from taxonomist.formats.coco.context import Context

LINES_LIMIT = 4 * 1024 * 1024


def categories(records: list[dict[str, Any]] | None, ctx: Context) -> list[Category]:
    """One Category per record; a record that is not an object is reported and skipped."""
    out: list[Category] = []
    size = ctx.locator.size()
    # Lines cost a pass over the file; worth it up front only for files people edit.
    with_lines = size is not None and size <= LINES_LIMIT
    for i, record in enumerate(records or ()):
        where = f"/categories/{i}"
        if "__bad__" in record and len(record) == 1:
            ctx.add(WRONG_TYPE, "a category must be an object", where)
            continue
        category = _category(record, where, ctx)
        found = ctx.locator.line_col(where) if with_lines else None
        category.line = None if found is None else found[0]
        out.append(category)
    return out


def _category(record: dict[str, Any], where: str, ctx: Context) -> Category:
    cat_id = _typed(record, "id", int, where, ctx)
    name = _typed(record, "name", str, where, ctx)
    for required, value in (("id", cat_id), ("name", name)):
        if value is None and required not in record:
            ctx.add(MISSING_FIELD, f"category has no {required}", where)
    keypoints = _typed(record, "keypoints", list, where, ctx)
    if keypoints is not None and not all(isinstance(k, str) for k in keypoints):
        ctx.add(WRONG_TYPE, "keypoints must be a list of names", where + "/keypoints")
        keypoints = [str(k) for k in keypoints]
    return Category(
        name=name if name is not None else "",
        id=cat_id,
        supercategory=_typed(record, "supercategory", str, where, ctx),
        keypoints=keypoints,
        skeleton=_skeleton(record, where, ctx),
        pointer=where,
    )


def _typed(record: dict[str, Any], key: str, kind: type, where: str, ctx: Context) -> Any:
    value = record.get(key)
    if value is None:
        return None
    wide = kind is int and isinstance(value, int) and not -(2**63) <= value < 2**63
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)) or wide:
        ctx.add(WRONG_TYPE, f"{key} must be {_names[kind]}", f"{where}/{key}")
        return None
    return value


_names: dict[type, str] = {int: "a 64-bit integer", str: "a string", list: "a list"}


def _skeleton(record: dict[str, Any], where: str, ctx: Context) -> list[list[int]] | None:
    value = _typed(record, "skeleton", list, where, ctx)
    if value is None:
        return None
    ok = all(isinstance(e, list) and len(e) == 2 and all(type(v) is int for v in e) for e in value)
    if not ok:
        ctx.add(
            WRONG_TYPE, "skeleton must be a list of [from, to] index pairs", f"{where}/skeleton"
        )
        return None
    return [[int(v) for v in e] for e in value]

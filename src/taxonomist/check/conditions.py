"""Evaluate a taxonomy ``Condition`` over many object rows at once, without ``eval``.

Class conditions are array lookups; attribute conditions read the sparse attribute dicts
of the rows asked about (only rows of the classes a rule concerns ever get here) and compare
through ``taxonomy.bins``, so an ordinal value is matched by its bin.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.taxonomy import bins
from taxonomist.taxonomy import model as m

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
_MISSING = object()


def evaluate(condition: m.Condition | None, ctx: Context, rows: I64) -> B:
    """Whether ``condition`` holds for each object row in ``rows`` (None holds everywhere)."""
    if condition is None:
        return np.ones(rows.shape[0], dtype=np.bool_)
    if isinstance(condition, m.ClassCondition):
        return np.isin(ctx.object_class[rows], class_indices(ctx, condition.class_in))
    if isinstance(condition, m.AllOf):
        return _fold(np.logical_and, True, condition.all, ctx, rows)
    if isinstance(condition, m.AnyOf):
        return _fold(np.logical_or, False, condition.any, ctx, rows)
    if isinstance(condition, m.NotCondition):
        return ~evaluate(condition.not_, ctx, rows)
    attributes = ctx.dataset.objects.attributes
    values = [attributes.get(int(r), {}).get(condition.attribute, _MISSING) for r in rows]
    return np.fromiter((_attribute_holds(condition, v, ctx) for v in values), np.bool_, len(values))


def _fold(op: Any, start: bool, parts: list[m.Condition], ctx: Context, rows: I64) -> B:
    result = np.full(rows.shape[0], start, dtype=np.bool_)
    for part in parts:
        result = op(result, evaluate(part, ctx, rows))
    return result


def class_indices(ctx: Context, names: list[str]) -> I64:
    """Class indices of ``names`` and their subtrees."""
    wanted = ctx.taxonomy.expand(names)
    return np.array([i for i, c in enumerate(ctx.classes) if c.name in wanted], dtype=np.int64)


def _attribute_holds(cond: m.AttributeCondition, value: Any, ctx: Context) -> bool:
    present = value is not _MISSING and value is not None
    spec = ctx.taxonomy.attributes.get(cond.attribute)
    tests = [
        cond.present is None or cond.present == present,
        cond.equals is None or (present and bins.same(spec, value, cond.equals)),
        cond.in_ is None or (present and any(bins.same(spec, value, x) for x in cond.in_)),
        cond.at_least is None or _compare(spec, value, ctx.taxonomy.threshold(cond.at_least), True),
        cond.below is None or _compare(spec, value, ctx.taxonomy.threshold(cond.below), False),
    ]
    specified = any(
        x is not None for x in (cond.present, cond.equals, cond.in_, cond.at_least, cond.below)
    )
    return all(tests) if specified else present


def _compare(spec: m.Attribute | None, value: Any, limit: float | None, at_least: bool) -> bool:
    return limit is not None and bins.compare(spec, value, limit, at_least)

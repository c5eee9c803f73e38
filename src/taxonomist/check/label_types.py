"""Which label types a class is drawn with, as bulk lookups for the label-type rule.

A class without label types is unconstrained; otherwise a shape is allowed when the
class lists its label type by name or, where the format names none (COCO), a label type
of the same kind.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from taxonomist.check.context import Context
from taxonomist.taxonomy.model import IMAGE_LEVEL_KINDS
from taxonomist.taxonomy.resolved import TaxonomyClass

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]


def types(ctx: Context, cls: TaxonomyClass) -> dict[str, str]:
    """The class's label types by name -> kind."""
    types = ctx.taxonomy.label_types
    return {n: types[n].kind for n in cls.label_types if n in types}


def object_types(ctx: Context, cls: TaxonomyClass) -> set[str]:
    return {k for k in types(ctx, cls).values() if k not in IMAGE_LEVEL_KINDS}


def unconstrained(cls: TaxonomyClass) -> bool:
    return not cls.label_types


def allows(
    ctx: Context, cls: TaxonomyClass, label_type: str | None, kinds: tuple[str, ...]
) -> bool:
    spec = ctx.taxonomy.label_types.get(label_type or "")
    if spec is not None and spec.kind not in kinds:
        return False  # the value's shape is not the label type's kind
    if unconstrained(cls):
        return True
    if spec is not None:
        return label_type in cls.label_types
    return bool(object_types(ctx, cls) & set(kinds))


def allows_fn(
    ctx: Context, name: str | None, kinds: tuple[str, ...]
) -> Callable[[TaxonomyClass], bool]:
    def fact(cls: TaxonomyClass) -> bool:
        return allows(ctx, cls, name, kinds)

    return fact


def allowed_rows(
    ctx: Context, owners: I64, names: list[str | None] | None, kinds: tuple[str, ...]
) -> B:
    """Whether each shape row's label type is allowed for its object's class, in bulk:
    one per-class lookup array per distinct label-type name."""
    ok = np.ones(owners.shape[0], dtype=np.bool_)
    classes = ctx.object_class[owners]
    distinct = set(names) if names is not None else {None}
    column = np.array(names, dtype=object) if len(distinct) > 1 else None
    for name in distinct:
        allowed = ctx.per_class(
            f"allows.{kinds[0]}.{name}", allows_fn(ctx, name, kinds), np.bool_, True
        )
        where = slice(None) if column is None else column == name
        ok[where] = allowed[classes[where]]
    return ok

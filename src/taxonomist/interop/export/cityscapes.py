"""A cityscapesScripts ``labels.py`` label table: the ``Label(name, id, trainId, category,
categoryId, hasInstances, ignoreInEval, color)`` namedtuple list that
``cityscapesscripts/helpers/labels.py`` defines (github.com/mcordts/cityscapesScripts, commit
0bcc4a72549590fd80d71d8465be3a0c4b1c06e8) and its scripts import, with the same lookups
(``name2label``, ``id2label``, ``trainId2label``, ``category2labels``).

One label per class that can be labelled (abstract classes are the categories), in id order:
``name`` is the class's alias that spells its name (``traffic light``), else its name;
``id`` is the class id where the class has a mask label type, else -1 (never painted: the
license plate), ids above 255 do not fit the 8-bit ``labelIds`` PNGs; ``trainId`` comes from
the ``train_id`` id space (its ``ignore_value`` for classes left out, -1 for classes never
painted); ``category`` is the parent class (its ``external_ids.cityscapes`` where the
taxonomy renamed it) and ``categoryId`` the parent's value in the ``category_id`` id space;
``hasInstances`` is ``kind: thing``; ``ignoreInEval`` is ``evaluated: false``; ``color`` the
class's own colour. A column the taxonomy cannot fill is ``InvalidInput`` naming the class:
never a guessed value.
"""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.core.errors import InvalidInput
from taxonomist.interop.export.common import header
from taxonomist.taxonomy.model import MaskLabel
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass, normalize_name

SUFFIX = ".py"
TRAIN_SPACE = "train_id"
CATEGORY_SPACE = "category_id"
MAX_LABEL_ID = 255  # labelIds PNGs are 8-bit grey
UNPAINTED = -1
HINT = (
    "a labels.py table needs, per class: a parent (the category) with a category_id, a "
    "train_id (or the space's ignore_value), a colour, and a mask label type for its id"
)


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    id: int
    train_id: int
    category: str
    category_id: int
    has_instances: bool
    ignore_in_eval: bool
    color: tuple[int, int, int]


def export(taxonomy: Taxonomy) -> str:
    """The labels.py text."""
    rows = rows_of(taxonomy)
    width = max(len(repr(r.name)) for r in rows) + 1
    cat_width = max(len(repr(r.category)) for r in rows) + 1
    lines = [
        f"# {header(taxonomy)}",
        "# A cityscapesScripts labels.py label table (cityscapesscripts/helpers/labels.py).",
        "",
        "from collections import namedtuple",
        "",
        "Label = namedtuple('Label', [",
        *(
            f"    '{c}',"
            for c in (
                "name",
                "id",
                "trainId",
                "category",
                "categoryId",
                "hasInstances",
                "ignoreInEval",
                "color",
            )
        ),
        "])",
        "",
        "labels = [",
        f"    #       {'name':<{width}}  id    trainId   {'category':<{cat_width}} catId     "
        "hasInstances   ignoreInEval   color",
    ]
    for r in rows:
        color = ",".join(f"{v:3d}" for v in r.color)
        lines.append(
            f"    Label(  {r.name!r:<{width}}, {r.id:2d} , {r.train_id:8d} , "
            f"{r.category!r:<{cat_width}}, {r.category_id:<7d} , {r.has_instances!s:<12} , "
            f"{r.ignore_in_eval!s:<12} , ({color}) ),"
        )
    lines += [
        "]",
        "",
        "name2label = {label.name: label for label in labels}",
        "id2label = {label.id: label for label in labels}",
        "trainId2label = {label.trainId: label for label in reversed(labels)}",
        "category2labels = {}",
        "for label in labels:",
        "    category2labels.setdefault(label.category, []).append(label)",
        "",
    ]
    return "\n".join(lines)


def rows_of(taxonomy: Taxonomy) -> list[Row]:
    """One row per labellable class: painted classes in id order, then the unpainted ones."""
    masks = {n for n, t in taxonomy.label_types.items() if isinstance(t, MaskLabel)}
    if not masks:
        raise InvalidInput(
            f"{taxonomy.path}: no mask label type: Cityscapes label ids are mask values",
            hint=HINT,
        )
    train = taxonomy.id_spaces.get(TRAIN_SPACE)
    if train is None:
        raise InvalidInput(
            f"{taxonomy.path}: no {TRAIN_SPACE} id space for labels.py's trainId column",
            hint=HINT,
        )
    classes = [c for c in taxonomy.classes.values() if not c.abstract]
    if not classes:
        raise InvalidInput(f"{taxonomy.path}: no class can be labelled", hint=HINT)
    painted = [c for c in classes if masks & set(c.label_types)]
    unpainted = [c for c in classes if not masks & set(c.label_types)]
    return [_row(taxonomy, c, train.ignore_value, True) for c in painted] + [
        _row(taxonomy, c, train.ignore_value, False) for c in unpainted
    ]


def _row(taxonomy: Taxonomy, cls: TaxonomyClass, ignore: int | None, painted: bool) -> Row:
    where = f"{taxonomy.path}: class {cls.name!r}"
    if painted and cls.id > MAX_LABEL_ID:
        raise InvalidInput(
            f"{where} has id {cls.id}: labelIds PNGs are 8-bit (ids 0-{MAX_LABEL_ID})", hint=HINT
        )
    train_id = cls.spec.ids.get(TRAIN_SPACE, ignore) if painted else UNPAINTED
    if train_id is None:
        raise InvalidInput(
            f"{where} has no {TRAIN_SPACE} and the id space has no ignore_value", hint=HINT
        )
    parent = taxonomy.classes.get(cls.spec.parent or "")
    if parent is None:
        raise InvalidInput(f"{where} has no parent: labels.py's category column", hint=HINT)
    category_id = parent.spec.ids.get(CATEGORY_SPACE)
    if category_id is None:
        raise InvalidInput(
            f"{taxonomy.path}: category {parent.name!r} has no {CATEGORY_SPACE} "
            "(labels.py's categoryId)",
            hint=HINT,
        )
    if cls.spec.color is None:
        raise InvalidInput(f"{where} has no color: labels.py's color column", hint=HINT)
    hexa = cls.spec.color[1:]
    return Row(
        name=_name(cls),
        id=cls.id if painted else UNPAINTED,
        train_id=train_id,
        category=parent.spec.external_ids.get("cityscapes", parent.name),
        category_id=category_id,
        has_instances=cls.kind == "thing",
        ignore_in_eval=not cls.evaluated,
        color=(int(hexa[0:2], 16), int(hexa[2:4], 16), int(hexa[4:6], 16)),
    )


def _name(cls: TaxonomyClass) -> str:
    """The alias that spells the class's name another way ('traffic light'), else the name."""
    key = normalize_name(cls.name)
    return next((a for a in cls.spec.aliases if normalize_name(a) == key), cls.name)

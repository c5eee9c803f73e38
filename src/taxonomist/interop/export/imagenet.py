"""An ImageNet class index (``imagenet_class_index.json`` as Keras publishes it):
``{"0": ["n01440764", "tench"], ...}``, or the names-only ``{"0": "tench", ...}`` when a
class has no wnid.

The classes are those an image can be labelled with (they list a ``multi_class`` or
``multi_label`` label type, or one names them among its ``classes``; not abstract, not
deprecated, no special region), numbered ``0..n-1`` in stable-id order, so a
taxonomy imported from an index (ids = class numbers) exports the same numbers back. A
class's wnid is its ``external_ids.imagenet``, else an alias of the wnid form
(``n01440764``); the name is the class name. One line, keys in order: the same taxonomy
always gives the same bytes.
"""

from __future__ import annotations

import json

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.class_folders.index import EXTERNAL_ID, WNID
from taxonomist.interop.export.common import labellable, types_of
from taxonomist.taxonomy.model import MultiClassLabel, MultiLabel
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"
_LABEL_KINDS = ("multi_class", "multi_label")


def export(taxonomy: Taxonomy) -> str:
    """The class index text."""
    classes = [c for c in labellable(taxonomy) if _image_label(taxonomy, c)]
    if not classes:
        raise InvalidInput(
            f"{taxonomy.path}: no class has an image-level multi_class or multi_label type",
            hint="a class index lists the classes images are labelled with: give them "
            "label_types: [class] with class: {kind: multi_class}",
        )
    wnids = [wnid(c) for c in classes]
    index: dict[str, object] = {str(i): c.name for i, c in enumerate(classes)}
    if all(wnids):
        index = {str(i): [w, c.name] for i, (w, c) in enumerate(zip(wnids, classes, strict=True))}
    return json.dumps(index, ensure_ascii=False) + "\n"


def _image_label(taxonomy: Taxonomy, cls: TaxonomyClass) -> bool:
    """Whether images are labelled with the class: it lists an image-level label type, or
    one names it (or an ancestor) among its ``classes``."""
    if cls.spec.region is not None:
        return False
    if any(spec.kind in _LABEL_KINDS for _, spec in types_of(taxonomy, cls)):
        return True
    return any(
        isinstance(spec, MultiClassLabel | MultiLabel)
        and bool(spec.classes)
        and cls.name in taxonomy.expand(spec.classes or [])
        for spec in taxonomy.label_types.values()
    )


def wnid(cls: TaxonomyClass) -> str | None:
    """The class's WordNet id: ``external_ids.imagenet``, else its first wnid alias."""
    given = cls.spec.external_ids.get(EXTERNAL_ID)
    if given and WNID.fullmatch(given):
        return given
    return next((a for a in cls.spec.aliases if WNID.fullmatch(a)), None)

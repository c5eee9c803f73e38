"""A Scalabel label config: ``{"attributes": [...], "categories": [...]}`` as JSON, which
Scalabel's ``load_label_config`` reads (scalabel/scalabel, ``scalabel/label/io.py`` and
``scalabel/common/io.py``: ``.json``, ``.yaml`` or ``.toml``, commit 071d073598e7) and which
its web tool takes as the categories and attributes of a project.

Categories nest as the hierarchy does: every labellable class with a shape label type, under
its ancestors as ``subcategories`` (by stable id). A category is named as the files spell it:
the class's alias that differs from its name only in spacing or case (``traffic light``), else
its name. Attributes the classes answer become ``switch`` (``bool``) or ``list`` (``enum``,
``tristate``: their values); Scalabel has no number or text attribute, so those stay in the
guidelines. Image-level ``multi_class`` label types (BDD100K's ``weather``, ``scene``,
``timeofday``) become ``list`` attributes of their classes. Each attribute carries ``type``
(what Scalabel's Python ``Attribute`` model requires) and ``toolType`` (what the web tool
reads), with the same value.
"""

from __future__ import annotations

import json
from typing import Any

from taxonomist.interop.export.common import labellable, offered, shape_types
from taxonomist.taxonomy.model import (
    BoolAttribute,
    EnumAttribute,
    MultiClassLabel,
    TriStateAttribute,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass, normalize_name

SUFFIX = ".json"


def export(taxonomy: Taxonomy) -> str:
    """The config text."""
    drawn = [c for c in labellable(taxonomy) if shape_types(taxonomy, c)]
    document = {
        "attributes": [*_attributes(taxonomy, drawn), *_image_types(taxonomy)],
        "categories": _tree(taxonomy, drawn),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def spelling(cls: TaxonomyClass) -> str:
    """The name the files use: an alias spelling the name differently, else the name."""
    key = normalize_name(cls.name)
    return next((a for a in cls.spec.aliases or () if normalize_name(a) == key), cls.name)


def _tree(taxonomy: Taxonomy, drawn: list[TaxonomyClass]) -> list[dict[str, Any]]:
    keep = {c.name for c in drawn} | {a for c in drawn for a in c.ancestors}
    children: dict[str | None, list[TaxonomyClass]] = {}
    for cls in sorted((taxonomy.classes[n] for n in keep), key=lambda c: c.id):
        parent = cls.parent if cls.parent in keep else None
        children.setdefault(parent, []).append(cls)

    def category(cls: TaxonomyClass) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": spelling(cls)}
        subs = children.get(cls.name)
        if subs:
            entry["subcategories"] = [category(c) for c in subs]
        return entry

    return [category(c) for c in children.get(None, [])]


def _attributes(taxonomy: Taxonomy, drawn: list[TaxonomyClass]) -> list[dict[str, Any]]:
    used = {name for cls in drawn for name in offered(taxonomy, cls)}
    found: list[dict[str, Any]] = []
    for name, spec in taxonomy.attributes.items():
        if name not in used:
            continue
        if isinstance(spec, BoolAttribute):
            found.append({"name": name, "type": "switch", "toolType": "switch"})
        elif isinstance(spec, EnumAttribute | TriStateAttribute):
            values = [str(v) for v in spec.values]
            found.append({"name": name, "type": "list", "toolType": "list", "values": values})
    return found


def _image_types(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for name, spec in taxonomy.label_types.items():
        if not isinstance(spec, MultiClassLabel):
            continue
        allowed = taxonomy.expand(spec.classes) if spec.classes else None
        values = [
            spelling(c)
            for c in labellable(taxonomy)
            if (name in c.label_types if allowed is None else c.name in allowed)
        ]
        found.append({"name": name, "type": "list", "toolType": "list", "values": values})
    return found

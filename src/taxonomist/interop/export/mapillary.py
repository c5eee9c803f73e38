"""A Mapillary Vistas ``config_v2.0.json``: the ``labels`` list of the taxonomy's labellable
classes, whose place in the list is the class value masks hold, so their stable ids must be
``0..n-1`` (as ``taxonomist import mapillary`` numbers them). A label's ``name`` spells the
hierarchy with ``--``: a class name that already does is kept (imported taxonomies), any other
is prefixed with its ancestors (``vehicle--car``); ``readable`` is the class title,
``instances`` says thing, ``evaluate`` is the class's ``evaluated``, ``color`` its colour
(own or assigned). The label list is written by ``formats.vistas.config``."""

from __future__ import annotations

import json

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.vistas.config import HIERARCHY, Label, config_document
from taxonomist.interop.export.common import labellable
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

SUFFIX = ".json"


def export(taxonomy: Taxonomy) -> str:
    """The config text (deterministic: classes by id, keys in Mapillary's order)."""
    classes = labellable(taxonomy)
    if not classes:
        raise InvalidInput(f"{taxonomy.path}: the taxonomy has no labellable class")
    for index, cls in enumerate(classes):
        if cls.id != index:
            raise InvalidInput(
                f"{taxonomy.path}: class {cls.name!r} has id {cls.id}, but a Vistas config "
                f"numbers its labels by place: it would be label {index}",
                hint="give the labellable classes the ids 0..n-1 (abstract classes may have any)",
            )
    entries = config_document([_label(cls) for cls in classes])["labels"]
    lines = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    return '{\n  "labels": [\n' + lines + "\n  ]\n}\n"  # one label a line, as diffs read


def _label(cls: TaxonomyClass) -> Label:
    name = cls.name
    if HIERARCHY not in name:
        name = HIERARCHY.join([*reversed(cls.ancestors), cls.name])
    colour = cls.color.lstrip("#")
    rgb = (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))
    return Label(name, cls.title, rgb, instances=cls.kind == "thing", evaluate=cls.evaluated)

"""Exporters: a taxonomy compiled into a labeling tool's or a dataset's configuration.

One module per target, each exposing ``SUFFIX`` (the usual file suffix) and
``export(taxonomy) -> str`` (deterministic text: the same taxonomy always gives the same
bytes). ``EXPORTERS`` is the registry ``taxonomist export --to NAME`` reads; modules are
imported only when used.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from taxonomist.taxonomy.resolved import Taxonomy

EXPORTERS: dict[str, str] = {
    "label-studio": "taxonomist.interop.export.label_studio",
    "cvat": "taxonomist.interop.export.cvat",
    "coco": "taxonomist.interop.export.coco",
    "yolo": "taxonomist.interop.export.yolo",
    "imagenet": "taxonomist.interop.export.imagenet",
    "cityscapes": "taxonomist.interop.export.cityscapes",
    "openimages": "taxonomist.interop.export.openimages",
    "scalabel": "taxonomist.interop.export.scalabel",
    "mapillary": "taxonomist.interop.export.mapillary",
    "datumaro": "taxonomist.interop.export.datumaro",
    "supervisely": "taxonomist.interop.export.supervisely",
    "labelbox": "taxonomist.interop.export.labelbox",
}


class Exporter(Protocol):
    """What an exporter module provides (as module-level names)."""

    SUFFIX: str

    def export(self, taxonomy: Taxonomy) -> str:
        """The configuration text; ``InvalidInput`` when the taxonomy cannot be expressed."""
        ...


def exporter(name: str) -> Exporter:
    """The exporter module registered under ``name``."""
    module: Exporter = import_module(EXPORTERS[name])
    return module

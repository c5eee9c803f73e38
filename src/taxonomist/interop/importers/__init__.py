"""Importers: a starter taxonomy document from another tool's or dataset's class list.

One module per source, each exposing ``import_taxonomy`` (see ``Importer``). ``IMPORTERS``
is the registry: ``taxonomist import NAME FILE`` looks the name up here, so adding a source
means adding a module and a line. Modules are imported only when used.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

IMPORTERS: dict[str, str] = {
    "coco": "taxonomist.interop.importers.coco",
    "lvis": "taxonomist.interop.importers.lvis",
    "openimages": "taxonomist.interop.importers.openimages",
    "yolo": "taxonomist.interop.importers.yolo",
    "cvat": "taxonomist.interop.importers.cvat",
    "label-studio": "taxonomist.interop.importers.label_studio",
    "cityscapes": "taxonomist.interop.importers.cityscapes",
    "imagenet": "taxonomist.interop.importers.imagenet",
    "scalabel": "taxonomist.interop.importers.scalabel",
    "mapillary": "taxonomist.interop.importers.mapillary",
    "ade20k": "taxonomist.interop.importers.ade20k",
    "datumaro": "taxonomist.interop.importers.datumaro",
    "sagemaker": "taxonomist.interop.importers.sagemaker",
    "huggingface": "taxonomist.interop.importers.huggingface",
    "supervisely": "taxonomist.interop.importers.supervisely",
    "labelbox": "taxonomist.interop.importers.labelbox",
    "dataset": "taxonomist.interop.importers.dataset",
}


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """Choices the user can make on the command line."""

    name: str | None = None  # taxonomy name; default: derived from the file name
    names_file: Path | None = None  # Open Images: class descriptions CSV (MID,DisplayName)
    format: str | None = None  # dataset: read the files as this format (as check --format)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The taxonomy document (plain dicts, ready for YAML) and notes for the user."""

    document: dict[str, Any]
    notes: tuple[str, ...] = ()


class Importer(Protocol):
    """What an importer module provides (as a module-level function)."""

    def import_taxonomy(self, path: Path, options: ImportOptions) -> ImportResult:
        """Read ``path`` and build a taxonomy document. Unreadable input raises
        ``taxonomist.core.errors.InvalidInput`` naming the file and place."""
        ...


def importer(name: str) -> Importer:
    """The importer module registered under ``name``."""
    module: Importer = import_module(IMPORTERS[name])
    return module

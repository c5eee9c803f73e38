"""Format readers: annotation files in, ``Dataset`` out.

One module per format (a package once it outgrows a module), each exposing the
``FormatReader`` functions below; what several readers share is in the private ``_io``.
``READERS`` is the registry, in sniffing order (most specific first); modules are imported
only when used so a check of a COCO file never imports the XML readers.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from taxonomist.dataset.model import Dataset

READERS: dict[str, str] = {
    "huggingface": "taxonomist.formats.huggingface",
    "sagemaker": "taxonomist.formats.sagemaker",
    "native": "taxonomist.formats.native",
    "mapillary-vistas": "taxonomist.formats.vistas",
    "ade20k": "taxonomist.formats.ade20k",
    "darwin": "taxonomist.formats.darwin",
    "coco": "taxonomist.formats.coco",
    "datumaro": "taxonomist.formats.datumaro",
    "label-studio": "taxonomist.formats.label_studio",
    "labelme": "taxonomist.formats.labelme",
    "scalabel": "taxonomist.formats.scalabel",
    "cvat": "taxonomist.formats.cvat",
    "labelme-xml": "taxonomist.formats.labelme_xml",
    "voc": "taxonomist.formats.voc",
    "kitti": "taxonomist.formats.kitti",
    "openimages": "taxonomist.formats.openimages",
    "yolo": "taxonomist.formats.yolo",
    "class-folders": "taxonomist.formats.class_folders",
    "cityscapes": "taxonomist.formats.cityscapes",
    "mask": "taxonomist.formats.masks",
    "supervisely": "taxonomist.formats.supervisely",
    "labelbox": "taxonomist.formats.labelbox",
}


class FormatReader(Protocol):
    """What a format module provides (as module-level functions)."""

    def sniff(self, path: Path, head: bytes) -> str | None:
        """A reason ('top-level object with images/annotations/categories') if this format
        reads ``path`` (a file, or a folder for folder formats), else None. ``head`` holds the
        first bytes of a file (empty for folders). Must be cheap: no full parse."""
        ...

    def read(self, path: Path) -> Iterable[Dataset]:
        """Read ``path`` into datasets (a big file may come as parts, yielded lazily).
        Problems become findings in ``Dataset.findings``; exceptions only for 'cannot
        continue at all' (``taxonomist.core.errors``)."""
        ...


if TYPE_CHECKING:  # mypy holds every reader module to the protocol; nothing is imported at run time
    from taxonomist.formats import (
        ade20k,
        cityscapes,
        class_folders,
        coco,
        cvat,
        darwin,
        datumaro,
        huggingface,
        kitti,
        label_studio,
        labelbox,
        labelme,
        labelme_xml,
        masks,
        native,
        openimages,
        sagemaker,
        scalabel,
        supervisely,
        vistas,
        voc,
        yolo,
    )

    _CHECKED: dict[str, FormatReader] = {
        "huggingface": huggingface,
        "sagemaker": sagemaker,
        "native": native,
        "mapillary-vistas": vistas,
        "ade20k": ade20k,
        "darwin": darwin,
        "coco": coco,
        "datumaro": datumaro,
        "label-studio": label_studio,
        "labelme": labelme,
        "scalabel": scalabel,
        "cvat": cvat,
        "labelme-xml": labelme_xml,
        "voc": voc,
        "kitti": kitti,
        "openimages": openimages,
        "yolo": yolo,
        "class-folders": class_folders,
        "cityscapes": cityscapes,
        "mask": masks,
        "supervisely": supervisely,
        "labelbox": labelbox,
    }


class _LazyReader:
    """A reader whose module is imported on first use, so sniffing a COCO file imports only
    the readers tried before COCO, and a check run never imports the XML readers."""

    def __init__(self, module_name: str) -> None:
        self._module_name = module_name
        self._module: FormatReader | None = None

    def _load(self) -> FormatReader:
        if self._module is None:
            self._module = import_module(self._module_name)
        assert self._module is not None
        return self._module

    def sniff(self, path: Path, head: bytes) -> str | None:
        return self._load().sniff(path, head)

    def read(self, path: Path) -> Iterable[Dataset]:
        return self._load().read(path)


def reader(name: str) -> FormatReader:
    """The reader registered under ``name`` (its module is imported on first use)."""
    return _LazyReader(READERS[name])

"""Format readers: annotation files in, ``Dataset`` out.

One module per format, each exposing the ``FormatReader`` functions below. ``READERS`` is the
registry, in sniffing order (most specific first); modules are imported only when used so a
check of a COCO file never imports the XML readers.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Protocol

from taxonomist.dataset.model import Dataset

READERS: dict[str, str] = {
    "native": "taxonomist.formats.native",
    "coco": "taxonomist.formats.coco",
    "label-studio": "taxonomist.formats.label_studio",
    "labelme": "taxonomist.formats.labelme",
    "cvat": "taxonomist.formats.cvat",
    "voc": "taxonomist.formats.voc",
    "yolo": "taxonomist.formats.yolo",
    "mask": "taxonomist.formats.masks",
}


class FormatReader(Protocol):
    """What a format module provides (as module-level functions)."""

    def sniff(self, path: Path, head: bytes) -> str | None:
        """A reason ('top-level object with images/annotations/categories') if this format
        reads ``path`` (a file, or a folder for folder formats), else None. ``head`` holds the
        first bytes of a file (empty for folders). Must be cheap: no full parse."""
        ...

    def read(self, path: Path) -> list[Dataset]:
        """Read ``path`` into datasets. Problems become findings in ``Dataset.findings``;
        exceptions only for 'cannot continue at all' (``taxonomist.core.errors``)."""
        ...


def reader(name: str) -> FormatReader:
    """The reader module registered under ``name``."""
    module: FormatReader = import_module(READERS[name])
    return module


def available() -> list[str]:
    """Registered formats whose module is present."""
    names = []
    for name, module in READERS.items():
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        names.append(name)
    return names

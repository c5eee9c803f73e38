"""Image sizes from file headers (Pillow opens lazily: no pixels are decoded), and a guarded
pixel load for masks that refuses decompression bombs before decoding anything."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.taxonomy.paths import is_file

MAX_PIXELS = 178_956_970  # Pillow's own default bomb limit
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".gif")


@dataclass(frozen=True, slots=True)
class Header:
    """What an image header says: size and mode, or why it could not be read."""

    width: int = 0
    height: int = 0
    mode: str = ""
    problem: str | None = None  # "missing", "unreadable: ..." or "too-large"

    @property
    def ok(self) -> bool:
        return self.problem is None


def read_header(path: Path) -> Header:
    """Width, height and mode from the header of ``path`` (no pixel decoding)."""
    from PIL import Image

    if not path.is_file():
        return Header(problem="missing")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
                mode = image.mode
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Header(problem="too-large")
    except (OSError, ValueError, SyntaxError) as exc:
        return Header(problem=f"unreadable: {exc}")
    if width * height > MAX_PIXELS:
        return Header(width, height, mode, "too-large")
    return Header(width, height, mode)


def load_pixels(path: Path) -> tuple[Header, Any]:
    """The header and the pixel array (values as stored: palette indices stay indices);
    the array is None when the header has a problem, so bombs are never decoded."""
    from PIL import Image

    header = read_header(path)
    if not header.ok:
        return header, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as opened:
                keep = opened.mode in ("P", "L", "I", "I;16", "1", "RGB", "RGBA")
                return header, np.asarray(opened if keep else opened.convert("RGB"))
    except (OSError, ValueError, SyntaxError) as exc:
        return Header(problem=f"unreadable: {exc}"), None


def find_image(folder: Path, stem: str) -> Path | None:
    """The image named ``stem`` (any usual suffix) in ``folder``, or None."""
    for suffix in IMAGE_SUFFIXES:
        for candidate in (folder / (stem + suffix), folder / (stem + suffix.upper())):
            if is_file(candidate):  # False, not OSError, for a name too long with its suffix
                return candidate
    return None

"""Image sizes from file headers (Pillow opens lazily: no pixels are decoded), and a guarded
pixel load for masks that refuses decompression bombs before decoding anything.

Two limits: a header may claim at most ``MAX_PIXELS`` pixels (anything larger is refused
unread), and a decode may produce at most ``MAX_DECODED_BYTES`` bytes, counted from the
header's size and mode (width x height x bytes per pixel: 16-bit, RGBA and a conversion to RGB
cost more than a palette), because a 260 KB PNG of flat colour can decode to gigabytes. Only
regular files are opened (``core.files.open_regular``): a FIFO named ``mask.png`` is refused,
never waited on."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from taxonomist.core.files import NotRegularFile, open_regular
from taxonomist.taxonomy.paths import is_file

MAX_PIXELS = 178_956_970  # Pillow's own default bomb limit
# What one mask may decode to: a 8192 x 8192 palette or grayscale mask, 4096 x 4096 RGBA.
MAX_DECODED_BYTES = 64 * 1024 * 1024
# Bytes a decoded pixel takes, by Pillow mode; modes missing here count as 4.
BYTES_PER_PIXEL: dict[str, int] = {
    **dict.fromkeys(("1", "L", "P"), 1),
    **dict.fromkeys(("LA", "La", "PA", "I;16", "I;16B", "I;16L", "I;16N"), 2),
    **dict.fromkeys(("RGB", "YCbCr", "LAB", "HSV"), 3),
    **dict.fromkeys(("RGBA", "RGBa", "RGBX", "CMYK", "I", "F"), 4),
}
_KEPT_MODES = frozenset({"P", "L", "I", "I;16", "1", "RGB", "RGBA"})  # others become RGB
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

    @property
    def decoded_bytes(self) -> int:
        """What decoding the pixels as ``load_pixels`` does costs, in bytes."""
        per_pixel = BYTES_PER_PIXEL.get(self.mode, 4)
        if self.mode not in _KEPT_MODES:
            per_pixel += BYTES_PER_PIXEL["RGB"]  # the conversion holds both at once
        return self.width * self.height * per_pixel


def too_large(header: Header, budget: int = MAX_DECODED_BYTES) -> str:
    """Why ``header``'s image is refused, in words (its size where the header gave one)."""
    if not header.width:
        return f"more than {MAX_PIXELS:,} pixels"
    size = f"{header.width} x {header.height} {header.mode or 'pixels'}"
    if header.width * header.height > MAX_PIXELS:
        return f"{size}: more than {MAX_PIXELS:,} pixels"
    mb = header.decoded_bytes / 2**20
    return f"{size}: decoding needs {mb:,.0f} MiB, more than the {budget / 2**20:,.0f} MiB limit"


def read_header(path: Path) -> Header:
    """Width, height and mode from the header of ``path`` (no pixel decoding)."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_regular(path) as handle, Image.open(handle) as image:
                width, height = image.size
                mode = image.mode
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Header(problem="too-large")
    except FileNotFoundError:
        return Header(problem="missing")
    except NotRegularFile as exc:  # a FIFO or a device named like an image: never waited on
        return Header(problem=f"unreadable: {exc.strerror}")
    except (OSError, ValueError, SyntaxError) as exc:
        return Header(problem=f"unreadable: {exc}")
    if width * height > MAX_PIXELS:
        return Header(width, height, mode, "too-large")
    return Header(width, height, mode)


def load_pixels(path: Path, budget: int = MAX_DECODED_BYTES) -> tuple[Header, Any]:
    """The header and the pixel array (values as stored: palette indices stay indices);
    the array is None when the header has a problem or decoding would take more than
    ``budget`` bytes (the problem is then "too-large"), so bombs are never decoded."""
    from PIL import Image

    header = read_header(path)
    if header.ok and header.decoded_bytes > budget:
        header = Header(header.width, header.height, header.mode, "too-large")
    if not header.ok:
        return header, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_regular(path) as handle, Image.open(handle) as opened:
                keep = opened.mode in _KEPT_MODES
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

"""An image's size from its header, with the finding when it cannot be had: ``F009`` for an
image over the decompression-bomb limit, ``F104`` for one whose header cannot be read.

The readers that learn an image's size from the image itself (KITTI's ``image_2/``, class
folders) share this so that the same problem is the same code in both; no pixel is decoded.
"""

from __future__ import annotations

from pathlib import Path

from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.codes import IMAGE_UNREADABLE
from taxonomist.formats._io.images import read_header, too_large
from taxonomist.formats.codes import IMAGE_TOO_LARGE


def measure(builder: DatasetBuilder, image: Path) -> tuple[float, float] | None:
    """Width and height of ``image`` from its header; None (and a finding) when unknown."""
    header = read_header(image)
    if header.ok:
        return float(header.width), float(header.height)
    place = Place(str(image))
    if header.problem == "too-large":
        message = f"the image is too large to read safely ({too_large(header)})"
        builder.report(IMAGE_TOO_LARGE, message, place)
    else:
        hint = "replace it with the real image (a JPEG or PNG that opens)"
        message = f"cannot read the image header ({header.problem})"
        builder.report(IMAGE_UNREADABLE, message, place, hint=hint)
    return None

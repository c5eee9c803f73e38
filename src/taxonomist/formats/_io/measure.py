"""An image's size from its header, with the finding when it cannot be had: ``F009`` for an
image over the decompression-bomb limit, ``F104`` for one whose header cannot be read.

The readers that learn an image's size from the image itself (KITTI's ``image_2/``, class
folders) share ``measure`` so that the same problem is the same code in both; no pixel is
decoded. The mask readers (masks, Cityscapes, Mapillary Vistas, ADE20K) report a mask PNG
``load_pixels`` would not decode with ``refuse_mask``, in the same words.
"""

from __future__ import annotations

from pathlib import Path

from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.codes import IMAGE_UNREADABLE
from taxonomist.formats._io.images import Header, read_header, too_large
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


def refuse_mask(builder: DatasetBuilder, header: Header, place: Place) -> None:
    """The finding for a mask PNG whose pixels are not decoded: F009 when it is too large to
    decode safely, F104 when its header cannot be read."""
    if header.problem == "too-large":
        message = f"the mask is too large to decode safely ({too_large(header)})"
        builder.report(IMAGE_TOO_LARGE, message, place)
    else:
        builder.report(IMAGE_UNREADABLE, f"cannot read the mask ({header.problem})", place)

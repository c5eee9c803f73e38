"""The codes several formats emit but not every reader does: an image that cannot be found
(F103: YOLO, KITTI), an image or mask that cannot be read (F104: YOLO, KITTI, masks, class
folders), a shape type the format does not define (S100: CVAT, LabelMe, Label Studio) and a
shape without a label (S101: CVAT, Label Studio). A code only one format
emits is declared beside its emitter; the codes of every reader are in ``formats.codes``.
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Severity

IMAGE_UNREADABLE = CodeDoc(
    code="F104",
    name="image-unreadable",
    family="file",
    summary="An image or mask file exists but its header cannot be read.",
    why="The image is probably truncated or not an image; loaders fail on it.",
    bad="images/0001.jpg   (0 bytes, or an HTML error page saved as .jpg)",
    good="images/0001.jpg   (a real JPEG)",
)
IMAGE_NOT_FOUND = CodeDoc(
    code="F103",
    name="image-not-found",
    family="file",
    summary="The image an annotation belongs to cannot be found, so its size is unknown and "
    "pixel checks (box inside image, mask size) are skipped for it.",
    why="A label without its image is either a stray file or a broken export; it cannot be "
    "trained on.",
    bad="labels/0001.txt   with no images/0001.jpg",
    good="labels/0001.txt   next to images/0001.jpg",
    severity=Severity.WARNING,
)
UNKNOWN_SHAPE_TYPE = CodeDoc(
    code="S100",
    name="unknown-shape-type",
    family="structure",
    summary="A shape type the format does not define (a LabelMe shape_type, a CVAT element, a "
    "Label Studio result type); it is skipped.",
    why="A tool that does not know the type drops the shape silently.",
    bad='{"shape_type": "rectangel", "points": [[1, 2], [30, 40]]}',
    good='{"shape_type": "rectangle", "points": [[1, 2], [30, 40]]}',
    severity=Severity.WARNING,
)
UNLABELED_SHAPE = CodeDoc(
    code="S101",
    name="unlabeled-shape",
    family="structure",
    summary='A shape without a label (CVAT label="", a Label Studio region with no label); '
    "it is skipped.",
    why="An unlabeled shape trains as nothing; it is usually a shape someone forgot to finish.",
    bad='<polygon label="" points="1,2;3,4;5,6"/>',
    good='<polygon label="car" points="1,2;3,4;5,6"/>',
    severity=Severity.INFO,
)

CODES: tuple[CodeDoc, ...] = (
    IMAGE_NOT_FOUND,
    IMAGE_UNREADABLE,
    UNKNOWN_SHAPE_TYPE,
    UNLABELED_SHAPE,
)
